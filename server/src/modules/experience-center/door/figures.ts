import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { AttendanceFigures, EventFigures, PidFigures, RegionFigures, SurveyFigures, YearFigures } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import { doorEvent, registrationColumns, toEntries } from './entries.ts'

/** Figures as integers: rates in permille, averages in hundredths (no float crosses the API). */
const pm = (part: number, whole: number) => (whole > 0 ? Math.round((part * 1000) / whole) : null)
const avg = (sum: number, n: number) => (n > 0 ? Math.round((sum * 100) / n) : null)

interface EventRow {
  id: number; chamber_id: number; title: string; kind: string; starts_at: Date
  registered: number; confirmed: number; waitlisted: number; attended: number; walk_ins: number; new_prospects: number
  answers: number; overall_sum: number; usefulness_n: number; usefulness_sum: number; recommend_n: number; recommend_yes: number
  overall_dist: number[]; usefulness_dist: number[]; costs: number
}

/** Per event of the set: registrations, attendance, survey and costs, in one query. */
async function eventRows(db: DbOrTx, where: { eventId?: number; chamberIds?: number[]; year?: number }): Promise<EventRow[]> {
  const n = (e: string) => sql<number>`(${sql.raw(e)})::int`
  let q = db.selectFrom('ec_event as e').select([
    'e.id', 'e.chamber_id', 'e.title', 'e.kind', 'e.starts_at',
    n(`select count(*) from ec_registration r where r.event_id = e.id`).as('registered'),
    n(`select count(*) from ec_registration r where r.event_id = e.id and r.status in ('confirmed', 'offered')`).as('confirmed'),
    n(`select count(*) from ec_registration r where r.event_id = e.id and r.status = 'waitlisted'`).as('waitlisted'),
    n(`select count(*) from ec_registration r where r.event_id = e.id and r.checked_in_at is not null`).as('attended'),
    n(`select count(*) from ec_registration r where r.event_id = e.id and r.source = 'walk_in' and r.checked_in_at is not null`).as('walk_ins'),
    n(`select count(*) from ec_checkin_effect x join ec_registration r on r.id = x.registration_id
       where r.event_id = e.id and x.new_prospect and x.undone_at is null`).as('new_prospects'),
    n(`select count(*) from ec_feedback f where f.event_id = e.id`).as('answers'),
    n(`select coalesce(sum(overall), 0) from ec_feedback f where f.event_id = e.id`).as('overall_sum'),
    n(`select count(usefulness) from ec_feedback f where f.event_id = e.id`).as('usefulness_n'),
    n(`select coalesce(sum(usefulness), 0) from ec_feedback f where f.event_id = e.id`).as('usefulness_sum'),
    n(`select count(would_recommend) from ec_feedback f where f.event_id = e.id`).as('recommend_n'),
    n(`select count(*) from ec_feedback f where f.event_id = e.id and f.would_recommend`).as('recommend_yes'),
    sql<number[]>`(select array_agg((select count(*) from ec_feedback f where f.event_id = e.id and f.overall = s)::int order by s) from generate_series(1, 5) s)`.as('overall_dist'),
    sql<number[]>`(select array_agg((select count(*) from ec_feedback f where f.event_id = e.id and f.usefulness = s)::int order by s) from generate_series(1, 5) s)`.as('usefulness_dist'),
    sql<number>`(select coalesce(sum(amount_cents), 0) from ec_event_cost c where c.event_id = e.id)::bigint`.as('costs'),
  ]).where('e.status', '<>', 'cancelled').orderBy('e.starts_at').orderBy('e.id')
  if (where.eventId !== undefined) q = q.where('e.id', '=', where.eventId)
  if (where.chamberIds) q = q.where('e.chamber_id', 'in', where.chamberIds.length ? where.chamberIds : [0])
  if (where.year !== undefined) q = q.where(sql<number>`extract(year from e.starts_at at time zone 'Europe/Rome')`, '=', where.year)
  return (await q.execute()).map((r) => ({ ...r, costs: Number(r.costs) }))
}

const attendanceOf = (r: Pick<EventRow, 'registered' | 'confirmed' | 'waitlisted' | 'attended' | 'walk_ins' | 'new_prospects'>): AttendanceFigures => ({
  registered: r.registered, confirmed: r.confirmed, waitlisted: r.waitlisted, attended: r.attended,
  noShows: Math.max(0, r.confirmed - r.attended), attendancePm: pm(r.attended, r.confirmed), walkIns: r.walk_ins, newProspects: r.new_prospects,
})
const surveyOf = (r: Pick<EventRow, 'answers' | 'overall_sum' | 'usefulness_n' | 'usefulness_sum' | 'recommend_n' | 'recommend_yes' | 'overall_dist' | 'usefulness_dist'>): SurveyFigures => ({
  answers: r.answers, overallAvg: avg(r.overall_sum, r.answers), usefulnessAvg: avg(r.usefulness_sum, r.usefulness_n),
  recommendPm: pm(r.recommend_yes, r.recommend_n), overallDistribution: r.overall_dist, usefulnessDistribution: r.usefulness_dist,
})

/** The sum of events' rows: a PID's year, or a region's. */
function yearOf(rows: EventRow[]): YearFigures {
  const sum = (k: keyof EventRow) => rows.reduce((s, r) => s + (r[k] as number), 0)
  const dist = (k: 'overall_dist' | 'usefulness_dist') => [0, 1, 2, 3, 4].map((i) => rows.reduce((s, r) => s + (r[k][i] ?? 0), 0))
  const total = {
    registered: sum('registered'), confirmed: sum('confirmed'), waitlisted: sum('waitlisted'), attended: sum('attended'), walk_ins: sum('walk_ins'),
    new_prospects: sum('new_prospects'), answers: sum('answers'), overall_sum: sum('overall_sum'), usefulness_n: sum('usefulness_n'),
    usefulness_sum: sum('usefulness_sum'), recommend_n: sum('recommend_n'), recommend_yes: sum('recommend_yes'),
    overall_dist: dist('overall_dist'), usefulness_dist: dist('usefulness_dist'),
  }
  const byKind: Record<string, number> = {}
  for (const r of rows) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1
  const a = attendanceOf(total)
  return { events: rows.length, byKind, registered: a.registered, attended: a.attended, noShows: a.noShows, attendancePm: a.attendancePm,
    walkIns: a.walkIns, newProspects: a.newProspects, survey: surveyOf(total), costsCents: sum('costs') }
}

export async function eventFigures(app: FastifyInstance, chamberId: number, eventId: number): Promise<EventFigures> {
  const event = await doorEvent(app.db, chamberId, eventId)
  const [row] = await eventRows(app.db, { eventId })
  const comments = await app.db.selectFrom('ec_feedback').select(['comment', 'overall', 'created_at'])
    .where('event_id', '=', eventId).where('comment', 'is not', null).orderBy('created_at', 'desc').limit(500).execute()
  const attendedRows = await app.db.selectFrom('ec_registration').select(registrationColumns).where('event_id', '=', eventId)
    .where('checked_in_at', 'is not', null).orderBy('checked_in_at').execute()
  const attendees = await toEntries(app, app.db, attendedRows)
  const empty = { registered: 0, confirmed: 0, waitlisted: 0, attended: 0, walk_ins: 0, new_prospects: 0, answers: 0, overall_sum: 0,
    usefulness_n: 0, usefulness_sum: 0, recommend_n: 0, recommend_yes: 0, overall_dist: [0, 0, 0, 0, 0], usefulness_dist: [0, 0, 0, 0, 0], costs: 0 }
  const r = row ?? { ...empty }
  return {
    eventId, title: event.title, ended: event.ends_at.getTime() < Date.now(),
    attendance: attendanceOf(r), survey: surveyOf(r), costsCents: r.costs,
    comments: comments.map((c) => ({ comment: c.comment!, overall: c.overall, createdAt: c.created_at.toISOString() })),
    attendees: attendees.map((a) => ({ registrationId: a.id, personName: a.personName, firmName: a.firmName, checkedInAt: a.checkedInAt! })),
  }
}

export async function pidFigures(db: DbOrTx, chamberId: number, year: number): Promise<PidFigures> {
  const rows = await eventRows(db, { chamberIds: [chamberId], year })
  return {
    year, total: yearOf(rows),
    events: rows.map((r) => {
      const a = attendanceOf(r)
      return { id: r.id, title: r.title, kind: r.kind, startsAt: r.starts_at.toISOString(), registered: r.registered, attended: r.attended,
        attendancePm: a.attendancePm, overallAvg: avg(r.overall_sum, r.answers), answers: r.answers }
    }),
  }
}

/** The region's chambers (merged ones included under their own name), figures only: no person, no event title. */
export async function regionFigures(db: DbOrTx, regionCode: string, year: number): Promise<RegionFigures> {
  const chambers = await db.selectFrom('chamber').select(['id', 'name']).where('region_code', '=', regionCode).orderBy('name').execute()
  const rows = await eventRows(db, { chamberIds: chambers.map((c) => c.id), year })
  return {
    year, regionCode, total: yearOf(rows),
    chambers: chambers.map((c) => ({ chamberId: c.id, name: c.name, figures: yearOf(rows.filter((r) => r.chamber_id === c.id)) })),
  }
}
