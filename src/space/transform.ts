import { roundTo } from './parse.js'
import type { Param, ParamValue } from './types.js'

/**
 * Maps u in [0, 1) to a value of the parameter: uniform on linear axes, uniform in log space on log axes,
 * on the lattice low + k*step when `step` is set, integers for `int`, equal bins for categorical choices.
 */
export function fromUnit(p: Param, u: number): ParamValue {
  const x = Math.min(Math.max(u, 0), 1 - Number.EPSILON)
  switch (p.type) {
    case 'constant':
      return p.value
    case 'categorical':
      return p.choices[Math.min(p.choices.length - 1, Math.floor(x * p.choices.length))]!
    case 'int': {
      if (p.log) {
        // Optuna's rule for log ints: uniform in [log(low - 0.5), log(high + 0.5)], then rounded.
        const lo = Math.log(p.low - 0.5)
        const hi = Math.log(p.high + 0.5)
        return clamp(Math.round(Math.exp(lo + x * (hi - lo))), p.low, p.high)
      }
      const step = p.step ?? 1
      const n = Math.floor((p.high - p.low) / step) + 1
      return p.low + Math.min(n - 1, Math.floor(x * n)) * step
    }
    case 'float': {
      if (p.log) return clamp(Math.exp(Math.log(p.low) + x * (Math.log(p.high) - Math.log(p.low))), p.low, p.high)
      if (p.step !== undefined) {
        const n = Math.floor((p.high - p.low) / p.step + 1e-9) + 1
        return clamp(roundTo(p.low + Math.min(n - 1, Math.floor(x * n)) * p.step, p.step), p.low, p.high)
      }
      return clamp(p.low + x * (p.high - p.low), p.low, p.high)
    }
  }
}

/** The inverse of fromUnit for numeric axes: where a value sits in [0, 1] (the centre of its bin for discrete ones). */
export function toUnit(p: Param, v: ParamValue): number {
  switch (p.type) {
    case 'constant':
      return 0.5
    case 'categorical': {
      const i = choiceIndex(p.choices, v)
      return (Math.max(0, i) + 0.5) / p.choices.length
    }
    case 'int': {
      const x = Number(v)
      if (p.log) {
        const lo = Math.log(p.low - 0.5)
        const hi = Math.log(p.high + 0.5)
        return (Math.log(x) - lo) / (hi - lo)
      }
      const step = p.step ?? 1
      const n = Math.floor((p.high - p.low) / step) + 1
      return (Math.round((x - p.low) / step) + 0.5) / n
    }
    case 'float': {
      const x = Number(v)
      if (p.high === p.low) return 0.5
      if (p.log) return (Math.log(x) - Math.log(p.low)) / (Math.log(p.high) - Math.log(p.low))
      if (p.step !== undefined) {
        const n = Math.floor((p.high - p.low) / p.step + 1e-9) + 1
        return (Math.round((x - p.low) / p.step) + 0.5) / n
      }
      return (x - p.low) / (p.high - p.low)
    }
  }
}

/** Whether a value is one the parameter can take (type, bounds, lattice, choices). */
export function isValidValue(p: Param, v: unknown): boolean {
  switch (p.type) {
    case 'constant':
      return v === p.value
    case 'categorical':
      return choiceIndex(p.choices, v) >= 0
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && v >= p.low && v <= p.high && (p.step === undefined || (v - p.low) % p.step === 0)
    case 'float': {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < p.low || v > p.high) return false
      if (p.step === undefined) return true
      const k = (v - p.low) / p.step
      return Math.abs(k - Math.round(k)) < 1e-6
    }
  }
}

const indexes = new WeakMap<readonly ParamValue[], Map<unknown, number>>()

/** The position of a value among the choices (-1 if absent), O(1) after a first linear pass per choices array. */
export function choiceIndex(choices: readonly ParamValue[], v: unknown): number {
  if (choices.length <= 16) return choices.indexOf(v as ParamValue)
  let index = indexes.get(choices)
  if (!index) {
    index = new Map()
    for (let i = choices.length - 1; i >= 0; i--) index.set(choices[i], i)
    indexes.set(choices, index)
  }
  return index.get(v) ?? -1
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : Math.min(x, hi)
}
