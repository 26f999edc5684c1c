import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

/** The import graph of a source tree: every relative import (type-only ones included) between its .ts files. */
export interface ImportGraph {
  /** File paths relative to the root. */
  readonly files: readonly string[]
  /** For each file, the files it imports. */
  readonly edges: ReadonlyMap<string, ReadonlySet<string>>
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g

export function importGraph(root: string): ImportGraph {
  const abs = resolve(root)
  const files: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(relative(abs, p))
    }
  }
  walk(abs)
  const known = new Set(files)
  const edges = new Map<string, Set<string>>()
  for (const f of files) {
    const out = new Set<string>()
    for (const m of readFileSync(join(abs, f), 'utf8').matchAll(IMPORT)) {
      const target = relative(abs, resolve(abs, dirname(f), (m[1] ?? m[2])!)).replace(/\.js$/, '.ts')
      const file = known.has(target) ? target : known.has(join(target, 'index.ts')) ? join(target, 'index.ts') : undefined
      if (file !== undefined && file !== f) out.add(file)
    }
    edges.set(f, out)
  }
  return { files, edges }
}

/** The top-level folder of a file ("study/" for study/open.ts; a file at the root is its own unit). */
export function unitOf(file: string): string {
  const slash = file.indexOf('/')
  return slash < 0 ? file : file.slice(0, slash + 1)
}

/** The graph between top-level folders. */
export function folderGraph(g: ImportGraph): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const [from, tos] of g.edges) {
    for (const to of tos) {
      const a = unitOf(from)
      const b = unitOf(to)
      if (a === b) continue
      if (!out.has(a)) out.set(a, new Set())
      out.get(a)!.add(b)
    }
  }
  return out
}

/** Strongly connected components with more than one node (Tarjan): each is an import cycle. */
export function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const nodes = new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])])
  const visit = (v: string): void => {
    index.set(v, counter)
    low.set(v, counter++)
    stack.push(v)
    onStack.add(v)
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1) found.push(component.sort())
    }
  }
  for (const v of nodes) if (!index.has(v)) visit(v)
  return found
}
