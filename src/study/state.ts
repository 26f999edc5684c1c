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
