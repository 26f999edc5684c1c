import type { TrialError } from '../trial/types.js'

/**
 * A trial's error in one line: its reason, then its message, but the reason only once when the message already
 * says it ("diverged" with "training diverged: loss NaN" reads "training diverged: loss NaN", not "diverged: training diverged: …").
 */
export function errorText(error: TrialError | null | undefined): string {
  if (!error) return ''
  const reason = error.reason.trim()
  const message = (error.message ?? '').trim()
  if (message === '') return reason
  if (reason === '' || message.toLowerCase().includes(reason.toLowerCase())) return message
  return `${reason}: ${message}`
}
