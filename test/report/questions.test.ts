import { describe, expect, it } from 'vitest'
import { reportHtml } from '../../src/report/html/report-page.js'
import { groupedQuestions, overfitFlags, questionsText } from '../../src/report/questions.js'
import { reportTable } from '../../src/report/table.js'
import { complete, failed } from '../../src/testing/trials.js'
import { studyRecord } from './helpers.js'

const study = studyRecord('questions')
const trials = [
  complete(0, [1.0, 0.6, 0.4], { params: { init: 'he', optimizer: 'adam', learning_rate: 0.003 }, value: 0.4 }),
  complete(1, [1.2, 0.9, 0.7], { params: { init: 'he', optimizer: 'sgd', learning_rate: 0.3 }, value: 0.7 }),
  complete(2, [2.3, 2.3, 2.3], { params: { init: 'zeros', optimizer: 'adam', learning_rate: 0.01 }, value: 2.3 }),
  failed(3, [], { params: { init: 'zeros', optimizer: 'sgd', learning_rate: 0.1 }, error: { reason: 'vanishing gradients' } }),
  complete(4, [0.9, 0.5, 0.8], {
    params: { init: 'he', optimizer: 'adam', learning_rate: 0.02 },
    value: 0.8,
    metrics: { val_loss: 0.8, train_loss: 0.1, overfit_epoch: 3, generalization_gap: 0.7 },
  }),
]

describe('the report answers the usual questions', () => {
  it('groups trials by init and by optimiser with the best value, its learning rate, failures and mean curves', () => {
    const q = groupedQuestions(study, trials)
    expect(q.map((g) => g.param)).toEqual(['init', 'optimizer'])
    const init = q[0]!.groups
    const he = init.find((g) => g.value === 'he')!
    expect(he).toMatchObject({ trials: 3, complete: 3, failures: {}, best: { number: 0, value: 0.4, learningRate: 0.003 } })
    expect(he.curve.map((p) => p.value)).toEqual([
      expect.closeTo((1 + 1.2 + 0.9) / 3),
      expect.closeTo((0.6 + 0.9 + 0.5) / 3),
      expect.closeTo((0.4 + 0.7 + 0.8) / 3),
    ])
    const zeros = init.find((g) => g.value === 'zeros')!
    expect(zeros).toMatchObject({ trials: 2, complete: 1, failures: { 'vanishing gradients': 1 }, best: { number: 2 } })
    const sgd = q[1]!.groups.find((g) => g.value === 'sgd')!
    expect(sgd.best).toEqual({ number: 1, value: 0.7, learningRate: 0.3 })
  })

  it('flags overfitting trials, in the table and in the HTML report, with user data escaped', () => {
    expect(overfitFlags(trials)).toEqual([{ number: 4, overfitEpoch: 3, gap: 0.7 }])
    const text = reportTable(study, trials)
    expect(text).toContain('by init:')
    expect(text).toMatch(/zeros: 2 trials, 1 complete, failed: 1 vanishing gradients/)
    expect(text).toMatch(/trial 4: from epoch 3, final gap 0\.7/)
    const evil = [...trials, complete(5, [1], { params: { init: '<img src=x onerror=alert(1)>', optimizer: 'adam' }, value: 1 })]
    const html = reportHtml(study, evil)
    expect(html).toContain('id="section-questions"')
    expect(html).toContain('data-testid="overfit-table"')
    expect(html).not.toContain('<img src=x')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  it('says nothing when no question applies', () => {
    const plain = [complete(0, [1], { params: { x: 1 } }), complete(1, [2], { params: { x: 2 } })]
    expect(questionsText(study, plain)).toEqual([])
    expect(reportHtml(study, plain)).not.toContain('section-questions')
  })
})
