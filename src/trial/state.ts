/** The five states of a trial. waiting -> running -> complete | pruned | fail; waiting -> fail. */
export type TrialState = 'waiting' | 'running' | 'complete' | 'pruned' | 'fail'

export const TRIAL_STATES: readonly TrialState[] = ['waiting', 'running', 'complete', 'pruned', 'fail']

export type FinishedState = Extract<TrialState, 'complete' | 'pruned' | 'fail'>

export function isFinished(state: TrialState): state is FinishedState {
  return state === 'complete' || state === 'pruned' || state === 'fail'
}

const NEXT: Readonly<Record<TrialState, readonly TrialState[]>> = {
  waiting: ['running', 'fail'],
  running: ['complete', 'pruned', 'fail'],
  complete: [],
  pruned: [],
  fail: [],
}

/** The one place the state machine is enforced: storages call this before every state change. */
export function canTransition(from: TrialState, to: TrialState): boolean {
  return NEXT[from].includes(to)
}

/** Reasons of failures that are not the configuration's fault: its run was cut short, so its place (a grid cell) is free again. */
export const CUT_SHORT: readonly string[] = ['interrupted', 'worker lost']

/** Whether a trial (or an outcome) gives its unique key back: it failed because its run was cut short. */
export function releasesKey(t: { readonly state: TrialState; readonly error?: { readonly reason: string } | null }): boolean {
  return t.state === 'fail' && t.error != null && CUT_SHORT.includes(t.error.reason)
}
