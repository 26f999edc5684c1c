/**
 * The families a strategy's default is judged by, each left out in turn so that no single family carries a
 * verdict: `smooth` (low-dimensional, few minima, curved valleys), `multimodal` (many local minima),
 * `high-dimensional` (8 to 20 continuous axes) and `mixed-and-conditional` (log scales, integers, categoricals,
 * conditional parameters). A problem not listed (a suite that grew, a held-out problem) is `other`.
 */
export const FAMILIES = ['smooth', 'multimodal', 'high-dimensional', 'mixed-and-conditional'] as const
export type Family = (typeof FAMILIES)[number] | 'other'

const FAMILY_OF: Readonly<Record<string, Family>> = {
  branin: 'smooth',
  six_hump_camel: 'smooth',
  goldstein_price: 'smooth',
  rosenbrock4: 'smooth',
  dixon_price6: 'smooth',
  hartmann6: 'multimodal',
  rastrigin6: 'multimodal',
  ackley5: 'multimodal',
  schwefel4: 'multimodal',
  ellipsoid8: 'high-dimensional',
  powell8: 'high-dimensional',
  rosenbrock10: 'high-dimensional',
  sphere20: 'high-dimensional',
  lr_log: 'mixed-and-conditional',
  nn_mixed: 'mixed-and-conditional',
  int_lattice: 'mixed-and-conditional',
  categorical_heavy: 'mixed-and-conditional',
  jenatton: 'mixed-and-conditional',
  lr_schedule: 'mixed-and-conditional',
  svm_like: 'mixed-and-conditional',
}

export function familyOf(problem: string): Family {
  return FAMILY_OF[problem] ?? 'other'
}
