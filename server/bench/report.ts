import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { LoadResult } from './types.ts'

export interface ScenarioResult {
  kind: 'throughput' | 'duration' | 'latency' | 'scripted'
  name: string
  description: string
  goal: { text: string; minRatio?: number; maxRatio?: number; maxP95Ms?: number; minRps?: number }
  ours?: LoadResult
  baseline?: LoadResult
  /** throughput: ours / baseline average requests per second; duration: ours / baseline time. */
  ratio?: number
  /** duration scenarios: wall time of each side, milliseconds. */
  oursMs?: number
  baselineMs?: number
  pass: boolean
  /** Why it failed besides the ratio (errors, non-2xx, bodies that differ, a crash). */
  problems: string[]
  notes?: Record<string, unknown>
}

const fmt = (n: number | undefined, digits: number) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits))

function sideRow(name: string, side: string, r: LoadResult | undefined, ms: number | undefined, extra: string[]): string[] {
  return [
    name, side, fmt(r?.requests.average, 0),
    fmt(r?.latencyMs.p50, 2), fmt(r?.latencyMs.p95, 2), fmt(r?.latencyMs.p99, 2),
    r ? `${r.errors + r.timeouts}/${r.non2xx}` : '-', ms === undefined ? '-' : fmt(ms / 1000, 1),
    ...extra,
  ]
}

function rowsOf(s: ScenarioResult): string[][] {
  const verdict = s.pass ? 'PASS' : 'FAIL'
  if (s.kind === 'latency' || (s.kind === 'scripted' && !s.baseline)) return [sideRow(s.name, 'ours', s.ours, undefined, ['-', s.goal.text, verdict])]
  if (s.kind === 'duration') {
    return [
      sideRow(s.name, 'ours', undefined, s.oursMs, [s.ratio === undefined ? '-' : `${s.ratio.toFixed(2)}x`, s.goal.text, verdict]),
      sideRow('', 'baseline', undefined, s.baselineMs, ['', '', '']),
    ]
  }
  return [
    sideRow(s.name, 'ours', s.ours, undefined, [s.ratio === undefined ? '-' : `${(s.ratio * 100).toFixed(1)}%`, s.goal.text, verdict]),
    sideRow('', 'baseline', s.baseline, undefined, ['', '', '']),
  ]
}

/** One plain-text table: a row for ours and one for the baseline per scenario (latency scenarios have no baseline). */
export function renderTable(results: ScenarioResult[]): string {
  const header = ['scenario', 'side', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'err/non2xx', 'time s', 'ours/base', 'goal', 'result']
  const rows = results.flatMap(rowsOf)
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  // Numbers right-aligned, text left-aligned, as a reader scans them.
  const numeric = new Set([2, 3, 4, 5, 6, 7, 8])
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
