import { describe, expect, it } from 'vitest'
import { errorText } from '../../src/report/error-text.js'

describe('errorText', () => {
  it('says the reason once when the message already says it', () => {
    expect(errorText({ reason: 'diverged', message: 'training diverged: loss is NaN at epoch 3' })).toBe('training diverged: loss is NaN at epoch 3')
    expect(errorText({ reason: 'Timeout', message: 'timeout after 30s' })).toBe('timeout after 30s')
  })

  it('joins a reason and a message that says something else', () => {
    expect(errorText({ reason: 'exit code 3', message: 'out of memory' })).toBe('exit code 3: out of memory')
  })

  it('keeps a lone reason or a lone message, and nothing for no error', () => {
    expect(errorText({ reason: 'interrupted' })).toBe('interrupted')
    expect(errorText({ reason: '', message: 'boom' })).toBe('boom')
    expect(errorText(null)).toBe('')
  })
})
