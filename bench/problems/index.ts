import { ackley5, branin, goldsteinPrice, hartmann6, rastrigin6, schwefel4, sixHumpCamel } from './classic.js'
import { jenatton, lrSchedule, svmLike } from './conditional.js'
import { categoricalHeavy, intLattice, lrLog, nnMixed } from './hpo.js'
import { dixonPrice6, ellipsoid8, powell8, rosenbrock4, rosenbrock10, sphere20 } from './valleys.js'
import type { ObjectiveFn } from './values.js'

export type { ObjectiveFn } from './values.js'

/** The objectives of the shared suite by problem name, as problems.json names them (and in its order). */
export const objectives: Readonly<Record<string, ObjectiveFn>> = {
  branin,
  hartmann6,
  rosenbrock4,
  ackley5,
  lr_log: lrLog,
  nn_mixed: nnMixed,
  six_hump_camel: sixHumpCamel,
  goldstein_price: goldsteinPrice,
  rastrigin6,
  schwefel4,
  ellipsoid8,
  rosenbrock10,
  sphere20,
  dixon_price6: dixonPrice6,
  powell8,
  int_lattice: intLattice,
  categorical_heavy: categoricalHeavy,
  jenatton,
  lr_schedule: lrSchedule,
  svm_like: svmLike,
}

export { FAMILIES, type Family, familyOf } from './families.js'
