// @ts-check
/**
 * Browser code of the live dashboard: turns the API's trial records and study detail into the report's column data
 * (the shape report-data.ts makes on the server for the static report), so that the report's views draw it.
 */
;(() => {
  const TK = window.TK

  /** A trial's error in one line, the reason said once (as error-text.ts does for the report). */
  function errorText(e) {
    if (!e) return null
    const reason = String(e.reason || '').trim(),
      message = String(e.message || '').trim()
    if (!message) return reason
    if (!reason || message.toLowerCase().indexOf(reason.toLowerCase()) >= 0) return message
    return `${reason}: ${message}`
  }

  function time(iso) {
    if (!iso) return null
    const ms = Date.parse(iso)
    return Number.isFinite(ms) ? ms : null
  }

  /** The report's data for these trials (in number order) drawn as `detail` (GET /api/studies/:name) says. */
  function columns(detail, trials) {
    const study = detail.study
    const minimize = study.direction === 'minimize'
    const n = trials.length
    const number = new Array(n),
      state = new Array(n),
      value = new Array(n),
      best = new Array(n),
      durationMs = new Array(n),
      startMs = new Array(n),
      endMs = new Array(n),
      worker = new Array(n),
      error = new Array(n)
    let bestValue = null,
      bestTrial = null
    for (let i = 0; i < n; i++) {
      const t = trials[i]
      number[i] = t.number
      state[i] = t.state
      value[i] = typeof t.value === 'number' && Number.isFinite(t.value) ? t.value : null
      if (t.state === 'complete' && value[i] !== null && (bestValue === null || (minimize ? value[i] < bestValue : value[i] > bestValue))) {
        bestValue = value[i]
        bestTrial = t.number
      }
      best[i] = bestValue
      durationMs[i] = t.durationMs
      startMs[i] = time(t.startedAt)
      endMs[i] = time(t.finishedAt)
      worker[i] = t.worker || null
      error[i] = errorText(t.error)
    }
    // Who proposed each trial, when not only the study's strategy did (auto's choices, enqueued trials), as
    // showsProposer in summary.ts decides for the report; imported trials alone make no column.
    const proposer = trials.some((t) => t.strategy && t.strategy !== study.strategy.name && t.strategy !== 'imported')
    const strategy = proposer ? trials.map((t) => t.strategy || null) : null
    const params = detail.params.map((p) => {
      const values = new Array(n)
      const text = p.axis === 'category' || p.axis === 'none'
      for (let i = 0; i < n; i++) {
        const ps = trials[i].params
        values[i] = ps[p.name] !== undefined ? (text ? String(ps[p.name]) : ps[p.name]) : null
      }
      return { name: p.name, axis: p.axis, categories: p.categories, values: values }
    })
    const pareto = detail.pareto ? paretoFor(detail.pareto, number) : undefined
    // The other objectives' values first (as the report's table has them), then the other metrics.
    const objectives = pareto ? pareto.metrics.slice(1).map((name, k) => ({ name: name, values: pareto.values[k + 1] })) : []
    const metrics = objectives.concat(
      detail.metrics.map((name) => ({
        name: name,
        values: trials.map((t) => (typeof t.metrics[name] === 'number' && Number.isFinite(t.metrics[name]) ? t.metrics[name] : null)),
      })),
    )
    const intermediate = []
    for (let i = 0; i < n; i++) {
      const t = trials[i]
      if (t.intermediate.length === 0) continue
      intermediate.push({ trial: t.number, state: t.state, steps: t.intermediate.map((s) => s.step), values: t.intermediate.map((s) => s.value) })
    }
    return {
      kind: 'report',
      study: { name: study.name, direction: study.direction, metric: study.metric, strategy: study.strategy.name },
      trials: { number, state, value, best, durationMs, startMs, endMs, worker, error, strategy },
      params: params,
      metrics: metrics,
      intermediate: intermediate,
      bestTrial: bestTrial,
      importance: detail.importance,
      forest: detail.forest || null,
      pareto: pareto,
    }
  }

  /** The server's Pareto data (per-trial lists in the order of `P.numbers`) for these trials, by trial number. */
  function paretoFor(P, numbers) {
    const at = new Map()
    for (let i = 0; i < P.numbers.length; i++) at.set(P.numbers[i], i)
    const pick = (list, missing) => numbers.map((num) => (at.has(num) ? list[at.get(num)] : missing))
    let hv = 0
    const hypervolume = numbers.map((num) => {
      if (at.has(num)) hv = P.hypervolume[at.get(num)]
      return hv
    })
    return {
      metrics: P.metrics,
      directions: P.directions,
      values: P.values.map((v) => pick(v, null)),
      feasible: pick(P.feasible, true),
      front: P.front,
      reference: P.reference,
      hypervolume: hypervolume,
    }
  }

  /** GET a JSON answer of the dashboard's API (same origin: the token cookie goes with it). */
  async function get(path) {
    const r = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    const text = await r.text()
    /** @type {any} */
    let body = null
    try {
      body = JSON.parse(text)
    } catch (_e) {
      throw new Error(`${path}: ${r.status} ${text.slice(0, 200)}`)
    }
    if (!r.ok) throw new Error(body?.error || `${path}: ${r.status}`)
    return { body: body, bytes: text.length }
  }

  TK.live = { columns: columns, get: get, errorText: errorText }
})()
