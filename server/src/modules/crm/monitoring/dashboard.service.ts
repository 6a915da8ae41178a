import { DASHBOARD_BASE_FILTER, SIZE_CLASSES, type CrmDashboard, type DashboardQuery, type FirmFilter, type SizeClass } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import { badRequest, notFound } from '../../../core/errors.ts'
import { TIME_ZONE } from '../timeline/timeline.queries.ts'
import { firmBuckets, sectionTitles, touchBuckets } from './dashboard.queries.ts'

export type DashboardScope = { kind: 'chamber'; chamberId: number } | { kind: 'region'; regionCode: string } | { kind: 'network' }

const MAX_MONTHS = 60
const drill = (extra: FirmFilter): FirmFilter => ({ ...DASHBOARD_BASE_FILTER, ...extra })

/** Today as an Italian calendar day, 'YYYY-MM-DD'. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())

/** The months from `from` to `to` inclusive, 'YYYY-MM'. */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = []
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number]
  const last = to.slice(0, 7)
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`
    months.push(key)
    if (key >= last) return months
    if (++m > 12) { m = 1; y++ }
  }
}

const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`
}

/** The touch period: as asked, or the last 12 months (this one included); at most five years. */
export function period(query: DashboardQuery): { from: string; to: string } {
  const to = query.to ?? today()
  let from = query.from
  if (from === undefined) {
    const [y, m] = to.split('-').map(Number) as [number, number]
    const start = new Date(Date.UTC(y, m - 12, 1))
    from = start.toISOString().slice(0, 10)
  }
  if (from > to) throw badRequest('the period ends before it starts', [{ path: '/querystring/to', message: 'before from' }])
  if (monthsBetween(from, to).length > MAX_MONTHS) {
    throw badRequest(`the period spans more than ${MAX_MONTHS} months`, [{ path: '/querystring/from', message: 'period too long' }])
  }
  return { from, to }
}

async function chambersOf(db: DbOrTx, scope: DashboardScope) {
  let q = db.selectFrom('chamber').select(['id', 'name', 'merged_into_id']).orderBy('name')
  if (scope.kind === 'chamber') q = q.where('id', '=', scope.chamberId)
  if (scope.kind === 'region') {
    const region = await db.selectFrom('region').select('code').where('code', '=', scope.regionCode).executeTakeFirst()
    if (!region) throw notFound('region')
    // Every chamber of the region, merged predecessors included: their firms and history still count.
    q = q.where('region_code', '=', scope.regionCode)
  }
  const chambers = await q.execute()
  if (scope.kind === 'chamber' && !chambers.length) throw notFound('chamber')
  return chambers
}

/** The CRM dashboard of a chamber, a region or the network: five small queries whatever the size. */
export async function dashboard(db: DbOrTx, scope: DashboardScope, query: DashboardQuery): Promise<CrmDashboard> {
  const { from, to } = period(query)
  const chambers = await chambersOf(db, scope)
  const ids = chambers.map((c) => c.id)
  const [firms, touches, titles] = await Promise.all([
    firmBuckets(db, ids), touchBuckets(db, ids, from, to, scope.kind === 'chamber'), sectionTitles(db),
  ])
  const stageCounts = [0, 1, 2, 3, 4, 5, 6].map((stage) => ({ stage, count: firms.byStage.get(stage) ?? 0, filter: drill({ stages: [stage] }) }))
  const total = stageCounts.reduce((sum, s) => sum + s.count, 0)
  // By section letter; firms without a known sector last.
  const sections = [...firms.bySection.entries()].sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
  const sizes: (SizeClass | null)[] = [...SIZE_CLASSES, ...(firms.bySize.has(null) ? [null] : [])]
  const monthRange = (month: string) => ({ from: `${month}-01` < from ? from : `${month}-01`, to: lastDayOf(month) > to ? to : lastDayOf(month) })

  return {
    scope: scope.kind,
    period: { from, to },
    firms: { count: total, filter: drill({}) },
    reached: { count: total - (firms.byStage.get(0) ?? 0), filter: drill({ stages: [1, 2, 3, 4, 5, 6] }) },
    byStage: stageCounts,
    bySection: sections.map(([section, count]) => ({
      section, titleIt: section ? titles.get(section) ?? null : null, count, filter: section ? drill({ sections: [section] }) : null,
    })),
    bySize: sizes.map((sizeClass) => ({
      sizeClass, count: firms.bySize.get(sizeClass) ?? 0, filter: sizeClass ? drill({ sizes: [sizeClass] }) : null,
    })),
    touchesByMonth: monthsBetween(from, to).map((month) => ({ month, count: touches.byMonth.get(month) ?? 0, timeline: monthRange(month) })),
    ...(scope.kind === 'chamber'
      ? { touchesByAuthor: touches.byAuthor.map((a) => ({ ...a, timeline: { from, to, authorId: a.userId } })) }
      : {
        perChamber: chambers.map((c) => ({
          chamberId: c.id, name: c.name, mergedIntoId: c.merged_into_id,
          firms: firms.byChamber.get(c.id)?.firms ?? 0, reached: firms.byChamber.get(c.id)?.reached ?? 0, filter: drill({}),
        })),
      }),
  }
}
