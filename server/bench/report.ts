import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { LoadResult } from './types.ts'

export interface ScenarioResult {
  name: string
  description: string
  goal: { minRatio: number; text: string }
  ours?: LoadResult
  baseline?: LoadResult
  /** ours / baseline average requests per second. */
  ratio?: number
  pass: boolean
  /** Why it failed besides the ratio (errors, non-2xx, bodies that differ, a crash). */
  problems: string[]
  notes?: Record<string, unknown>
}

const fmt = (n: number | undefined, digits: number) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits))

function sideRow(name: string, side: string, r: LoadResult | undefined, extra: string[]): string[] {
  return [
    name, side, fmt(r?.requests.average, 0),
    fmt(r?.latencyMs.p50, 2), fmt(r?.latencyMs.p95, 2), fmt(r?.latencyMs.p99, 2),
    r ? `${r.errors + r.timeouts}/${r.non2xx}` : '-',
    ...extra,
  ]
}

/** One plain-text table: a row for ours and one for the baseline per scenario. */
export function renderTable(results: ScenarioResult[]): string {
  const header = ['scenario', 'side', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'err/non2xx', 'ours/base', 'goal', 'result']
  const rows = results.flatMap((s) => [
    sideRow(s.name, 'ours', s.ours, [s.ratio === undefined ? '-' : `${(s.ratio * 100).toFixed(1)}%`, s.goal.text, s.pass ? 'PASS' : 'FAIL']),
    sideRow('', 'baseline', s.baseline, ['', '', '']),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  // Numbers right-aligned, text left-aligned, as a reader scans them.
  const numeric = new Set([2, 3, 4, 5, 6, 7])
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ').trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-')
  const problems = results.flatMap((s) => s.problems.map((p) => `  ${s.name}: ${p}`))
  return [line(header), rule, ...rows.map(line), ...(problems.length ? ['', 'Problems:', ...problems] : [])].join('\n')
}

export async function writeJson(path: string, data: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, `${JSON.stringify(data, null, 2)}\n`)
}
