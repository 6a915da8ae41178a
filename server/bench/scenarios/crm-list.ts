import { BENCH_FIRMS, ensureFirms, milanoId } from '../crm-data.ts'
import type { LatencyScenario, RequestSpec } from '../types.ts'
import { leaderSide, picker } from './crm-requests.ts'

const SECTIONS = ['A', 'C', 'F', 'G', 'H', 'I', 'J', 'M', 'N', 'S']
const SIZES = ['micro', 'small', 'medium', 'large']

/**
 * The firm list with three filters (ATECO sections + size classes + stages), first pages and the
 * page after each via its cursor: 40 distinct filters, 80 requests in the rotation.
 */
export const crmList: LatencyScenario = {
  kind: 'latency',
  name: 'crm-list-3-filters',
  description: `GET /api/v1/chambers/:chamberId/firms?sections=..&sizes=..&stages=.. (first page and next page), ${BENCH_FIRMS} firms`,
  goal: { maxP95Ms: 50, text: 'p95 <= 50 ms' },
  connections: 5,
  async prepare(ctx) {
    await ensureFirms(ctx)
    const chamber = await milanoId(ctx)
    const pick = picker(11)
    const requests: RequestSpec[] = []
    const side = await leaderSide(ctx.databaseUrl)
    try {
      const seen = new Set<string>()
      while (seen.size < 40) {
        const sections = [...new Set([pick(SECTIONS), pick(SECTIONS)])].sort()
        const sizes = [...new Set([pick(SIZES), pick(SIZES)])].sort()
        const qs = new URLSearchParams()
        for (const s of sections) qs.append('sections', s)
        for (const s of sizes) qs.append('sizes', s)
        qs.append('stages', '0')
        qs.append('stages', '1')
        if (seen.has(qs.toString())) continue
        seen.add(qs.toString())
        const first = `/api/v1/chambers/${chamber}/firms?${qs}`
        const res = await fetch(new URL(first, side.url), { headers: side.headers })
        if (res.status !== 200) throw new Error(`${first} answered ${res.status}: ${await res.text()}`)
        const page = (await res.json()) as { nextCursor: string | null }
        requests.push({ path: first })
        if (page.nextCursor) requests.push({ path: `${first}&cursor=${encodeURIComponent(page.nextCursor)}` })
      }
    } finally {
      await side.close()
    }
    return { side: () => leaderSide(ctx.databaseUrl), requests, notes: { example: requests[1]?.path } }
  },
}
