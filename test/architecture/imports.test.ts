import { describe, expect, it } from 'vitest'
import { cycles, folderGraph, importGraph } from '../helpers/imports.js'

const graph = importGraph('src')

/**
 * The layers of src/, top to bottom (README, "Design"): a folder may import only folders below it. Folders on one
 * line are peers that must not import each other.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['cli/', 'testing/'],
  ['dashboard/'],
  ['report/'],
  ['runner/'],
  ['experiment/'],
  ['study/'],
  ['strategies/', 'pruners/', 'storage/', 'trainers/'],
  ['trial/'],
  ['space/'],
  ['util/'],
  ['errors.ts'],
]

describe('the import graph of src/', () => {
  it('has no cycle between files', () => {
    expect(cycles(graph.edges)).toEqual([])
  })

  it('has no cycle between folders', () => {
    expect(cycles(folderGraph(graph))).toEqual([])
  })

  it('flows one way, down the layers', () => {
    const level = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i] as const)))
    const upward: string[] = []
    for (const [from, tos] of folderGraph(graph)) {
      for (const to of tos) {
        const a = level.get(from)
        const b = level.get(to)
        if (a === undefined || b === undefined) upward.push(`${from} -> ${to} (a folder the layering does not name)`)
        else if (b <= a) upward.push(`${from} -> ${to}`)
      }
    }
    // index.ts, the public barrel, sits above everything and is not a layer.
    expect(upward.filter((e) => !e.startsWith('index.ts ->'))).toEqual([])
  })

  it('notices a cycle (the checker itself)', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ])
    expect(cycles(edges)).toEqual([['a', 'b', 'c']])
  })
})
