/**
 * Limited-memory BFGS with a backtracking (Armijo) line search, for the few smooth parameters of a GP fit.
 * `f` returns the value and writes the gradient; non-finite values count as "too far" and shorten the step.
 */
export function minimize(
  f: (x: Float64Array, grad: Float64Array) => number,
  x0: Float64Array,
  opts: { maxIter: number; memory?: number; gradTol?: number; lower?: number; upper?: number },
): { x: Float64Array; value: number; iterations: number } {
  const n = x0.length
  const m = opts.memory ?? 8
  const lo = opts.lower ?? -Infinity
  const hi = opts.upper ?? Infinity
  const clip = (v: Float64Array) => {
    for (let i = 0; i < n; i++) v[i] = Math.min(hi, Math.max(lo, v[i]!))
    return v
  }
  let x = clip(Float64Array.from(x0))
  let g = new Float64Array(n)
  let fx = f(x, g)
  if (!Number.isFinite(fx)) return { x, value: fx, iterations: 0 }
  const ss: Float64Array[] = []
  const ys: Float64Array[] = []
  const dir = new Float64Array(n)
  const alpha = new Float64Array(m)
  let it = 0
  for (; it < opts.maxIter; it++) {
    if (norm(g) < (opts.gradTol ?? 1e-5)) break
    // Two-loop recursion: dir = −H g.
    for (let i = 0; i < n; i++) dir[i] = -g[i]!
    for (let k = ss.length - 1; k >= 0; k--) {
      const a = dot(ss[k]!, dir) / dot(ys[k]!, ss[k]!)
      alpha[k] = a
      axpy(-a, ys[k]!, dir)
    }
    if (ss.length > 0) {
      const last = ss.length - 1
      const gamma = dot(ss[last]!, ys[last]!) / dot(ys[last]!, ys[last]!)
      for (let i = 0; i < n; i++) dir[i]! *= gamma
    } else {
      const s = 1 / Math.max(1, norm(g))
      for (let i = 0; i < n; i++) dir[i]! *= s
    }
    for (let k = 0; k < ss.length; k++) {
      const b = dot(ys[k]!, dir) / dot(ys[k]!, ss[k]!)
      axpy(alpha[k]! - b, ss[k]!, dir)
    }
    let slope = dot(g, dir)
    if (!(slope < 0)) {
      // Not a descent direction (curvature information gone bad): restart from steepest descent.
      ss.length = 0
      ys.length = 0
      for (let i = 0; i < n; i++) dir[i] = -g[i]! / Math.max(1, norm(g))
      slope = dot(g, dir)
    }
    let step = 1
    let accepted = false
    const xn = new Float64Array(n)
    const gn = new Float64Array(n)
    let fn = Infinity
    for (let ls = 0; ls < 30; ls++) {
      for (let i = 0; i < n; i++) xn[i] = x[i]! + step * dir[i]!
      clip(xn)
      fn = f(xn, gn)
      if (Number.isFinite(fn) && fn <= fx + 1e-4 * step * slope) {
        accepted = true
        break
      }
      step *= 0.5
    }
    if (!accepted) break
    const s = new Float64Array(n)
    const y = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      s[i] = xn[i]! - x[i]!
      y[i] = gn[i]! - g[i]!
    }
    const improvement = fx - fn
    x = xn
    g = gn
    fx = fn
    if (dot(s, y) > 1e-12) {
      ss.push(s)
      ys.push(y)
      if (ss.length > m) {
        ss.shift()
        ys.shift()
      }
    }
    if (improvement < 1e-9 * Math.max(1, Math.abs(fx))) break
  }
  return { x, value: fx, iterations: it }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!
  return s
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a))
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i]! += a * x[i]!
}
