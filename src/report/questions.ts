import { isBetter } from '../trial/best.js'
import type { Direction, StudyRecord, TrialRecord } from '../trial/types.js'

/** The parameters the usual tuning questions are about: which init, which optimiser, which activation. */
export const QUESTION_PARAMS = ['init', 'optimizer', 'activation'] as const

/** The trials that took one value of a grouping parameter. */
export interface TrialGroup {
  readonly value: string
  readonly trials: number
  readonly complete: number
  /** Failed trials by reason ("vanishing gradients": 3). */
  readonly failures: Readonly<Record<string, number>>
  readonly best: { readonly number: number; readonly value: number; readonly learningRate: number | null } | null
  /** The mean intermediate value at each step over the group's trials that reported it. */
  readonly curve: readonly { readonly step: number; readonly value: number; readonly n: number }[]
}

export interface GroupedQuestion {
  readonly param: string
  readonly groups: readonly TrialGroup[]
}

/** A trial whose validation loss rose while its training loss fell (from its `overfit_epoch` metric). */
export interface OverfitFlag {
  readonly number: number
  readonly overfitEpoch: number | null
  /** Final validation minus training loss, when the trial reported both. */
  readonly gap: number | null
}

/** The trials grouped by each question parameter that took more than one value. */
export function groupedQuestions(study: StudyRecord, trials: readonly TrialRecord[]): GroupedQuestion[] {
  const out: GroupedQuestion[] = []
  for (const param of QUESTION_PARAMS) {
    const byValue = new Map<string, TrialRecord[]>()
    for (const t of trials) {
      const v = t.params[param]
      if (v === undefined) continue
      const key = String(v)
      const list = byValue.get(key) ?? []
      list.push(t)
      byValue.set(key, list)
    }
    if (byValue.size < 2) continue
    out.push({ param, groups: [...byValue].map(([value, list]) => group(value, list, study.direction)) })
  }
  return out
}

function group(value: string, trials: readonly TrialRecord[], direction: Direction): TrialGroup {
  const failures: Record<string, number> = {}
  let best: TrialRecord | undefined
  const sums = new Map<number, { sum: number; n: number }>()
  for (const t of trials) {
    if (t.state === 'fail') {
      const reason = t.error?.reason ?? 'failed'
      failures[reason] = (failures[reason] ?? 0) + 1
    }
    if (t.state === 'complete' && t.value !== null && (best === undefined || isBetter(t.value, best.value!, direction))) best = t
    for (const p of t.intermediate) {
      if (!Number.isFinite(p.value)) continue
      const s = sums.get(p.step) ?? { sum: 0, n: 0 }
      s.sum += p.value
      s.n++
      sums.set(p.step, s)
    }
  }
  const lr = best?.params.learning_rate
  return {
    value,
    trials: trials.length,
    complete: trials.filter((t) => t.state === 'complete').length,
    failures,
    best: best ? { number: best.number, value: best.value!, learningRate: typeof lr === 'number' ? lr : null } : null,
    curve: [...sums].sort((a, b) => a[0] - b[0]).map(([step, s]) => ({ step, value: s.sum / s.n, n: s.n })),
  }
}

/** Every trial flagged as overfitting, first the earliest onset. */
export function overfitFlags(trials: readonly TrialRecord[]): OverfitFlag[] {
  const flags: OverfitFlag[] = []
  for (const t of trials) {
    const epoch = t.metrics.overfit_epoch
    if (epoch === undefined) continue
    const gap =
      t.metrics.generalization_gap ??
      (t.metrics.val_loss !== undefined && t.metrics.train_loss !== undefined ? t.metrics.val_loss - t.metrics.train_loss : undefined)
    flags.push({ number: t.number, overfitEpoch: epoch, gap: gap ?? null })
  }
  return flags.sort((a, b) => (a.overfitEpoch ?? 0) - (b.overfitEpoch ?? 0) || a.number - b.number)
}

/** The questions as plain text (for `report --format table`); empty when no question applies. */
export function questionsText(study: StudyRecord, trials: readonly TrialRecord[]): string[] {
  const lines: string[] = []
  for (const q of groupedQuestions(study, trials)) {
    lines.push('', `by ${q.param}:`)
    for (const g of q.groups) {
      const fails = Object.entries(g.failures).map(([r, n]) => `${n} ${r}`)
      const best = g.best
        ? `best ${study.metric} ${fmt(g.best.value)} (trial ${g.best.number}${g.best.learningRate === null ? '' : `, learning_rate ${fmt(g.best.learningRate)}`})`
        : 'no complete trial'
      lines.push(`  ${g.value}: ${g.trials} trials, ${g.complete} complete${fails.length ? `, failed: ${fails.join(', ')}` : ''}; ${best}`)
    }
  }
  const flags = overfitFlags(trials)
  if (flags.length > 0) {
    lines.push('', `overfitting (validation loss rose while training loss fell): ${flags.length} trial${flags.length === 1 ? '' : 's'}`)
    for (const f of flags.slice(0, 10)) lines.push(`  trial ${f.number}: from epoch ${f.overfitEpoch}${f.gap === null ? '' : `, final gap ${fmt(f.gap)}`}`)
    if (flags.length > 10) lines.push(`  (${flags.length - 10} more)`)
  }
  return lines
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString()
}
