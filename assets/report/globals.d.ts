// The page's globals, for type-checking the report's browser scripts (tsconfig.client.json): Apache ECharts, inlined
// before them, and TK, the helpers common.js puts on window for the scripts after it.
import type * as ECharts from 'echarts'

declare global {
  const echarts: typeof ECharts
  interface Window {
    TK: TK
    __tunekitRenderedAt?: number
    /** The dashboard's study page: [trials received, bytes, redraw milliseconds] per update. */
    __tunekitUpdates?: [number, number, number][]
  }
  /** The shared helpers of common.js and table.js. */
  interface TK {
    // biome-ignore lint/suspicious/noExplicitAny: the page data is JSON from the server, shaped by report-data.ts / compare.ts
    data: any
    charts: ECharts.ECharts[]
    timings: [string, number][]
    palette: string[]
    goodBad: string[]
    byId(id: string): HTMLElement
    esc(s: unknown): string
    fmt(v: unknown): string
    seconds(ms: unknown): string
    el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: unknown): HTMLElementTagNameMap[K]
    extent(values: readonly (number | null | undefined)[]): [number, number] | null
    nice(ext: [number, number]): [number, number]
    // biome-ignore lint/suspicious/noExplicitAny: an ECharts option object
    chart(container: HTMLElement, build: () => any): ECharts.ECharts | null
    done(): void
    dark: boolean
    precision(ext: [number, number]): number
    dispose(container: HTMLElement): void
    empty(container: HTMLElement, text: string): void
    // biome-ignore lint/suspicious/noExplicitAny: the report's drawing entry points (report-charts.js)
    report: any
    // biome-ignore lint/suspicious/noExplicitAny: the Pareto views' entry point (pareto-charts.js)
    pareto: any
    // biome-ignore lint/suspicious/noExplicitAny: the dashboard's model (assets/dashboard/model.js)
    live: any
    table(container: HTMLElement, columns: TableColumn[], rows: unknown[][], options?: TableOptions): TableHandle
  }
  interface TableHandle {
    sortBy(column: number): void
    /** New rows for the same columns: the sort order and the scroll position stay. */
    update(rows: unknown[][]): void
  }
  interface TableColumn {
    name: string
    format?: (v: unknown) => string
  }
  interface TableOptions {
    rowClass?: (row: number) => string
    cellClass?: (column: number, value: unknown) => string
  }
}
