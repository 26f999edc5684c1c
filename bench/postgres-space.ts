/** The space of the PostgreSQL benchmark (shared by the benchmark and its worker processes). */
export const BENCH_SPACE = {
  parameters: {
    x: { type: 'float', low: -5, high: 5 },
    lr: { type: 'float', low: 1e-5, high: 1, log: true },
    layers: { type: 'int', low: 1, high: 8 },
    opt: { type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] },
  },
} as const
