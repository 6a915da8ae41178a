import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type {
  Agreement, AgreementBody, CloseMatchBody, EngagementMatch, EngagementMatchItem, EngagementMatchListQuery, FeedbackBody, FirmMentoringMatch,
  MaturityChange, MentoringFeedback, MentoringSession, SessionBody,
} from '@pid/shared'
import type { Db, DbOrTx, Tx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, fieldProblem, notFound } from '../../../core/errors.ts'
import type { AgreementGoal } from './tables.ts'
import type { CrmService } from '../../crm/index.ts'

/** Who looks at a pair: staff of its chamber, its own mentor, or the firm. */
export type Viewer = { kind: 'staff'; chamberId: number; notes: boolean } | { kind: 'mentor'; mentorId: number } | { kind: 'firm'; firmId: number }

const MODE_IT: Record<string, string> = { in_person: 'in presenza', web: 'web mentoring' }
const OUTCOME_IT: Record<string, string> = {
  goals_met: 'obiettivi raggiunti', partly_met: 'obiettivi raggiunti in parte', not_met: 'obiettivi non raggiunti', discontinued: 'interrotto',
}
const romeDay = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric' })
const romeTime = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit' })

interface MatchRow {
  id: number; status: string; chamber_id: number; firm_id: number; mentor_id: number; request_id: number
  responded_at: Date | null; closed_at: Date | null; outcome: string | null; outcome_notes: string | null
  t0_overall: number | null; t0_level: number | null
  mentor_name: string; area: string; need: string
}
interface AgreementRow {
  match_id: number; goals: AgreementGoal[]; planned_sessions: number; planned_months: number; starts_on: string
  mentor_accepted_at: Date | null; firm_accepted_at: Date | null; firm_accepted_by: string | null; updated_at: Date
}
interface SessionRow {
  id: number; match_id: number; held_at: Date; minutes: number; mode: string; web_link: string | null; summary: string
  confidential_notes: string; progress: Record<string, number>; created_at: Date
}

/** Pairs are matches the mentor accepted, working or closed. */
const PAIR_STATUSES = ['accepted', 'closed']

function matchQuery(db: DbOrTx) {
  return db.selectFrom('mentoring_match as m')
    .innerJoin('mentor as r', 'r.id', 'm.mentor_id')
    .innerJoin('mentoring_request as q', 'q.id', 'm.request_id')
    .select(['m.id', 'm.status', 'm.chamber_id', 'm.firm_id', 'm.mentor_id', 'm.request_id', 'm.responded_at', 'm.closed_at', 'm.outcome',
      'm.outcome_notes', 'm.t0_overall', 'm.t0_level', 'r.full_name as mentor_name', 'q.area', 'q.need'])
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)
const dayString = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10))

function toAgreement(a: AgreementRow): Agreement {
  return {
    goals: a.goals, plannedSessions: a.planned_sessions, plannedMonths: a.planned_months, startsOn: dayString(a.starts_on),
    mentorAcceptedAt: iso(a.mentor_accepted_at), firmAcceptedAt: iso(a.firm_accepted_at), firmAcceptedBy: a.firm_accepted_by,
    inForce: a.mentor_accepted_at !== null && a.firm_accepted_at !== null, updatedAt: a.updated_at.toISOString(),
  }
}

/** A session as the viewer may see it: the confidential notes only when `withNotes`. */
function toSession(s: SessionRow, withNotes: boolean): MentoringSession {
  return {
    id: s.id, heldAt: s.held_at.toISOString(), minutes: s.minutes, mode: s.mode as MentoringSession['mode'], webLink: s.web_link,
    summary: s.summary, progress: s.progress ?? {}, createdAt: s.created_at.toISOString(),
    ...(withNotes ? { confidentialNotes: s.confidential_notes } : {}),
  }
}

/** The goals' mean progress: each goal at its latest reported value (0 when never reported); null before any session. */
export function goalsProgress(goals: readonly AgreementGoal[] | undefined, sessions: readonly SessionRow[]): number | null {
  if (!sessions.length || !goals?.length) return null
  const latest = new Map<string, number>()
  for (const s of [...sessions].sort((a, b) => a.held_at.getTime() - b.held_at.getTime())) {
    for (const [k, v] of Object.entries(s.progress ?? {})) latest.set(k, v)
  }
  return Math.round(goals.reduce((sum, g) => sum + (latest.get(g.key) ?? 0), 0) / goals.length)
}

async function agreementsOf(db: DbOrTx, ids: number[]): Promise<Map<number, AgreementRow>> {
  if (!ids.length) return new Map()
  const rows = await db.selectFrom('mentoring_agreement').selectAll().where('match_id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.match_id, r as AgreementRow]))
}

async function sessionsOf(db: DbOrTx, ids: number[]): Promise<Map<number, SessionRow[]>> {
  const out = new Map<number, SessionRow[]>(ids.map((id) => [id, []]))
  if (!ids.length) return out
  const rows = await db.selectFrom('mentoring_session').select(['id', 'match_id', 'held_at', 'minutes', 'mode', 'web_link', 'summary',
    'confidential_notes', 'progress', 'created_at']).where('match_id', 'in', ids).orderBy('held_at').orderBy('id').execute()
  for (const r of rows) out.get(r.match_id)!.push(r as SessionRow)
  return out
}

function toItem(m: MatchRow, firmName: string, a: AgreementRow | undefined, sessions: SessionRow[]): EngagementMatchItem {
  return {
    id: m.id, status: m.status, firm: { id: m.firm_id, name: firmName }, mentor: { id: m.mentor_id, name: m.mentor_name },
    area: m.area, need: m.need, respondedAt: iso(m.responded_at),
    agreementInForce: !!a && a.mentor_accepted_at !== null && a.firm_accepted_at !== null,
    sessionsHeld: sessions.length, plannedSessions: a?.planned_sessions ?? null,
    minutesHeld: sessions.reduce((s, x) => s + x.minutes, 0),
    lastSessionAt: sessions.length ? sessions[sessions.length - 1]!.held_at.toISOString() : null,
    goalsProgress: goalsProgress(a?.goals, sessions),
    closedAt: iso(m.closed_at), outcome: m.outcome as EngagementMatchItem['outcome'],
  }
}

/** The firms' names, from the CRM (mentoring does not read its tables). */
async function firmNames(crm: CrmService, db: DbOrTx, firmIds: readonly number[]): Promise<Map<number, string>> {
  return new Map((await crm.firmCards(db, [...new Set(firmIds)])).map((f) => [f.id, f.name]))
}

async function items(db: DbOrTx, crm: CrmService, rows: MatchRow[]): Promise<EngagementMatchItem[]> {
  const ids = rows.map((r) => r.id)
  const [agreements, sessions, names] = await Promise.all([agreementsOf(db, ids), sessionsOf(db, ids), firmNames(crm, db, rows.map((r) => r.firm_id))])
  return rows.map((m) => toItem(m, names.get(m.firm_id) ?? '', agreements.get(m.id), sessions.get(m.id) ?? []))
}

/** Mentoring's engagement: agreements, sessions, closure, feedback, and the views of staff, the mentor and the firm. */
export class EngagementService {
  private readonly app: FastifyInstance
  constructor(app: FastifyInstance) { this.app = app }
  private get db(): Db { return this.app.db }

  /** The pair as the viewer may reach it: another chamber's, another mentor's, another firm's, or not a pair: 404. */
  async pair(db: DbOrTx, viewer: Viewer, matchId: number, opts: { lock?: boolean } = {}): Promise<MatchRow> {
    let q = matchQuery(db).where('m.id', '=', matchId).where('m.status', 'in', PAIR_STATUSES)
    if (viewer.kind === 'staff') q = q.where('m.chamber_id', '=', viewer.chamberId)
    else if (viewer.kind === 'mentor') q = q.where('m.mentor_id', '=', viewer.mentorId)
    else q = q.where('m.firm_id', '=', viewer.firmId)
    if (opts.lock) q = q.forUpdate('m')
    const row = await q.executeTakeFirst()
    if (!row) throw notFound('mentoring match')
    return row as MatchRow
  }

  async list(chamberId: number, query: EngagementMatchListQuery): Promise<{ items: EngagementMatchItem[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50
    let q = matchQuery(this.db).where('m.chamber_id', '=', chamberId)
      .where('m.status', 'in', query.status ? [query.status] : PAIR_STATUSES)
    if (query.mentorId) q = q.where('m.mentor_id', '=', query.mentorId)
    if (query.cursor) {
      const after = Number(query.cursor)
      if (!Number.isSafeInteger(after) || after < 1) throw badRequest('the cursor is not valid', [fieldProblem('/cursor', 'invalid', 'not a cursor of this list')])
      q = q.where('m.id', '<', after)
    }
    const rows = await q.orderBy('m.id', 'desc').limit(limit + 1).execute() as MatchRow[]
    const page = rows.slice(0, limit)
    return { items: await items(this.db, this.app.crm, page), nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null }
  }

  /** Every pair of the chamber for the export, newest first (at most 10,000). */
  async all(chamberId: number, query: { status?: 'accepted' | 'closed'; mentorId?: number }): Promise<EngagementMatchItem[]> {
    let q = matchQuery(this.db).where('m.chamber_id', '=', chamberId).where('m.status', 'in', query.status ? [query.status] : PAIR_STATUSES)
    if (query.mentorId) q = q.where('m.mentor_id', '=', query.mentorId)
    return items(this.db, this.app.crm, await q.orderBy('m.id', 'desc').limit(10_000).execute() as MatchRow[])
  }

  async mine(mentorId: number): Promise<EngagementMatchItem[]> {
    const rows = await matchQuery(this.db).where('m.mentor_id', '=', mentorId).where('m.status', 'in', PAIR_STATUSES)
      .orderBy(sql`m.status = 'closed'`).orderBy('m.id', 'desc').limit(500).execute() as MatchRow[]
    return items(this.db, this.app.crm, rows)
  }

  /** T0 from the match, T1 the firm's latest completed assessment when submitted after the match was accepted. */
  async maturity(m: MatchRow): Promise<MaturityChange> {
    const latest = (await this.app.assessment.latestCompleted(this.db, [m.firm_id])).get(m.firm_id)
    const t0 = m.t0_overall !== null && m.t0_level !== null ? { overall: m.t0_overall, level: m.t0_level } : null
    const t1 = latest && m.responded_at && latest.submittedAt > m.responded_at
      ? { overall: Math.round(latest.overall), level: latest.level, submittedAt: latest.submittedAt.toISOString() } : null
    return { t0, t1, points: t0 && t1 ? t1.overall - t0.overall : null, levels: t0 && t1 ? t1.level - t0.level : null }
  }

  /** The pair's page, for staff (notes when allowed) or its mentor (always its own notes). */
  async view(viewer: Viewer, matchId: number): Promise<EngagementMatch> {
    const m = await this.pair(this.db, viewer, matchId)
    const withNotes = viewer.kind === 'mentor' || (viewer.kind === 'staff' && viewer.notes)
    const [agreements, sessions, feedback, maturity] = await Promise.all([
      agreementsOf(this.db, [m.id]), sessionsOf(this.db, [m.id]),
      this.db.selectFrom('mentoring_feedback').selectAll().where('match_id', '=', m.id).orderBy('side').execute(),
      this.maturity(m),
    ])
    const a = agreements.get(m.id)
    const list = sessions.get(m.id) ?? []
    return {
      ...toItem(m, (await firmNames(this.app.crm, this.db, [m.firm_id])).get(m.firm_id) ?? '', a, list), outcomeNotes: m.outcome_notes, agreement: a ? toAgreement(a) : null,
      sessions: list.map((s) => toSession(s, withNotes)).reverse(),
      feedback: feedback.map((f) => ({ side: f.side as MentoringFeedback['side'], rating: f.rating, comment: f.comment, givenAt: f.given_at.toISOString() })),
      maturity, notesVisible: withNotes,
    }
  }

  async sessions(viewer: Viewer, matchId: number): Promise<MentoringSession[]> {
    const m = await this.pair(this.db, viewer, matchId)
    const withNotes = viewer.kind === 'mentor' || (viewer.kind === 'staff' && viewer.notes)
    return ((await sessionsOf(this.db, [m.id])).get(m.id) ?? []).map((s) => toSession(s, withNotes)).reverse()
  }

  /** Drafts or edits the agreement; an edit clears both acceptances; 409 once in force. */
  async saveAgreement(viewer: Viewer, matchId: number, body: AgreementBody, ctx: AuditContext): Promise<void> {
    const keys = body.goals.map((g) => g.key).filter((k): k is string => !!k)
    const dup = keys.find((k, i) => keys.indexOf(k) !== i)
    if (dup) throw badRequest('two goals have the same key', [fieldProblem('/goals', 'duplicate', `goal key ${dup} is used twice`)])
    await this.db.transaction().execute(async (tx) => {
      const m = await this.workingPair(tx, viewer, matchId)
      const before = await tx.selectFrom('mentoring_agreement').selectAll().where('match_id', '=', m.id).executeTakeFirst()
      if (before?.mentor_accepted_at && before.firm_accepted_at) {
        throw conflict('the agreement is in force: it can no longer be changed', 'mentoring_agreement_locked')
      }
      const goals: AgreementGoal[] = body.goals.map((g) => ({ key: g.key ?? `g${randomBytes(4).toString('hex')}`, text: g.text.trim() }))
      const values = { goals: JSON.stringify(goals), planned_sessions: body.plannedSessions, planned_months: body.plannedMonths, starts_on: body.startsOn }
      await tx.insertInto('mentoring_agreement').values({ match_id: m.id, ...values })
        .onConflict((oc) => oc.column('match_id').doUpdateSet({
          ...values, mentor_accepted_at: null, firm_accepted_at: null, firm_accepted_by: null, updated_at: sql`now()`,
        })).execute()
      await audit(tx, ctx, { chamberId: m.chamber_id, action: 'mentoring.agreement.saved', entity: 'mentoring_agreement', entityId: m.id,
        before: before ? { goals: before.goals, plannedSessions: before.planned_sessions, plannedMonths: before.planned_months, startsOn: before.starts_on,
          mentorAccepted: !!before.mentor_accepted_at, firmAccepted: !!before.firm_accepted_at } : undefined,
        after: { goals, plannedSessions: body.plannedSessions, plannedMonths: body.plannedMonths, startsOn: body.startsOn, by: viewer.kind } })
    })
  }

  /** A side accepts the agreement; once both did, it is in force (and on the firm's timeline). */
  async acceptAgreement(viewer: Viewer, matchId: number, ctx: AuditContext, acceptedBy?: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const m = await this.workingPair(tx, viewer, matchId)
      const a = await tx.selectFrom('mentoring_agreement').selectAll().where('match_id', '=', m.id).executeTakeFirst()
      if (!a) throw conflict('there is no agreement to accept yet', 'mentoring_agreement_missing')
      if (a.mentor_accepted_at && a.firm_accepted_at) throw conflict('the agreement is already in force', 'mentoring_agreement_locked')
      const side = viewer.kind === 'firm' ? 'firm' : 'mentor'
      const updated = await tx.updateTable('mentoring_agreement')
        .set(side === 'firm' ? { firm_accepted_at: sql`now()`, firm_accepted_by: acceptedBy!.trim() } : { mentor_accepted_at: sql`now()` })
        .where('match_id', '=', m.id).returningAll().executeTakeFirstOrThrow()
      await audit(tx, ctx, { chamberId: m.chamber_id, action: 'mentoring.agreement.accepted', entity: 'mentoring_agreement', entityId: m.id,
        after: { side, acceptedBy: side === 'firm' ? updated.firm_accepted_by : m.mentor_name } })
      if (updated.mentor_accepted_at && updated.firm_accepted_at) {
        await this.app.crm.recordEvent(tx, ctx, {
          firmId: m.firm_id, type: 'mentoring', sourceModule: 'mentoring',
          summary: `Accordo di mentoring sottoscritto con ${m.mentor_name}: ${updated.goals.length} obiettivi, ${updated.planned_sessions} sessioni in ${updated.planned_months} mesi`,
          details: { matchId: m.id, mentorId: m.mentor_id, plannedSessions: updated.planned_sessions, plannedMonths: updated.planned_months, startsOn: dayString(updated.starts_on) },
        })
      }
    })
  }

  /** The mentor logs a session: only while the agreement is in force and the pair not closed. */
  async logSession(mentorId: number, userId: number, matchId: number, body: SessionBody, ctx: AuditContext): Promise<MentoringSession> {
    return this.db.transaction().execute(async (tx) => {
      const m = await this.workingPair(tx, { kind: 'mentor', mentorId }, matchId)
      const a = await tx.selectFrom('mentoring_agreement').selectAll().where('match_id', '=', m.id).executeTakeFirst()
      if (!a?.mentor_accepted_at || !a.firm_accepted_at) {
        throw conflict('sessions are logged once both sides accepted the agreement', 'mentoring_agreement_not_in_force')
      }
      const goalKeys = new Set(a.goals.map((g) => g.key))
      const unknown = Object.keys(body.progress ?? {}).filter((k) => !goalKeys.has(k))
      if (unknown.length) throw badRequest('progress names goals the agreement does not have', unknown.map((k) => fieldProblem(`/progress/${k}`, 'unknown_goal', `no goal ${k}`)))
      const webLink = body.mode === 'web' ? (body.webLink ?? null) : null
      const s = await tx.insertInto('mentoring_session').values({
        match_id: m.id, held_at: new Date(body.heldAt), minutes: body.minutes, mode: body.mode, web_link: webLink, summary: body.summary.trim(),
        confidential_notes: (body.confidentialNotes ?? '').trim(), progress: JSON.stringify(body.progress ?? {}), logged_by: userId,
      }).returning(['id', 'match_id', 'held_at', 'minutes', 'mode', 'web_link', 'summary', 'confidential_notes', 'progress', 'created_at']).executeTakeFirstOrThrow()
      // The audit log and the timeline never hold the confidential notes.
      await audit(tx, ctx, { chamberId: m.chamber_id, action: 'mentoring.session.logged', entity: 'mentoring_session', entityId: s.id,
        after: { matchId: m.id, heldAt: s.held_at.toISOString(), minutes: s.minutes, mode: s.mode, progress: body.progress ?? {}, hasNotes: s.confidential_notes !== '' } })
      await this.app.crm.recordEvent(tx, ctx, {
        firmId: m.firm_id, type: 'mentoring', sourceModule: 'mentoring', occurredAt: s.held_at,
        summary: `Sessione di mentoring del ${romeDay.format(s.held_at)} alle ${romeTime.format(s.held_at)} (${s.minutes} minuti, ${MODE_IT[s.mode] ?? s.mode})`,
        details: { matchId: m.id, sessionId: s.id, heldAt: s.held_at.toISOString(), minutes: s.minutes, mode: s.mode },
      })
      return toSession(s as SessionRow, true)
    })
  }

  /** Closes the pair with its outcome; its request closes too. */
  async close(viewer: Viewer, matchId: number, body: CloseMatchBody, ctx: AuditContext): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const m = await this.workingPair(tx, viewer, matchId)
      await tx.updateTable('mentoring_match').set({ status: 'closed', closed_at: sql`now()`, outcome: body.outcome, outcome_notes: body.notes.trim() })
        .where('id', '=', m.id).execute()
      await tx.updateTable('mentoring_request').set({ status: 'closed', closed_at: sql`now()` }).where('id', '=', m.request_id).execute()
      await audit(tx, ctx, { chamberId: m.chamber_id, action: 'mentoring.match.closed', entity: 'mentoring_match', entityId: m.id,
        before: { status: m.status }, after: { status: 'closed', outcome: body.outcome, by: viewer.kind } })
      await this.app.crm.recordEvent(tx, ctx, {
        firmId: m.firm_id, type: 'mentoring', sourceModule: 'mentoring',
        summary: `Percorso di mentoring con ${m.mentor_name} concluso: ${OUTCOME_IT[body.outcome]}`,
        details: { matchId: m.id, mentorId: m.mentor_id, outcome: body.outcome },
      })
    })
  }

  /** One feedback per side (409 on a second one). */
  async feedback(viewer: Viewer, matchId: number, body: FeedbackBody, ctx: AuditContext): Promise<MentoringFeedback> {
    const side = viewer.kind === 'firm' ? 'firm' : 'mentor'
    return this.db.transaction().execute(async (tx) => {
      const m = await this.pair(tx, viewer, matchId)
      const row = await tx.insertInto('mentoring_feedback').values({ match_id: m.id, side, rating: body.rating, comment: body.comment.trim() })
        .onConflict((oc) => oc.columns(['match_id', 'side']).doNothing()).returningAll().executeTakeFirst()
      if (!row) throw conflict('this side already gave its feedback', 'mentoring_feedback_given')
      await audit(tx, ctx, { chamberId: m.chamber_id, action: 'mentoring.feedback.given', entity: 'mentoring_feedback', entityId: m.id,
        after: { side, rating: body.rating } })
      return { side, rating: row.rating, comment: row.comment, givenAt: row.given_at.toISOString() }
    })
  }

  /** The firm's page: its pairs (never proposed or declined ones), its mentor's card, agreement, sessions without notes, its feedback. */
  async firmHome(firmId: number): Promise<{ firm: { id: number; name: string }; matches: FirmMentoringMatch[] }> {
    const firm = await this.app.crm.firmProfile(this.db, firmId)
    if (!firm) throw notFound('firm')
    const rows = await this.db.selectFrom('mentoring_match as m')
      .innerJoin('mentor as r', 'r.id', 'm.mentor_id').innerJoin('mentoring_request as q', 'q.id', 'm.request_id')
      .select(['m.id', 'm.status', 'm.responded_at', 'm.closed_at', 'm.outcome', 'q.area', 'q.need', 'r.full_name', 'r.bio', 'r.expertise',
        'r.modes', 'r.languages', 'r.email', 'r.phone'])
      .where('m.firm_id', '=', firmId).where('m.status', 'in', PAIR_STATUSES).orderBy('m.id', 'desc').execute()
    const ids = rows.map((r) => r.id)
    const [agreements, sessions, feedback] = await Promise.all([agreementsOf(this.db, ids), sessionsOf(this.db, ids),
      ids.length ? this.db.selectFrom('mentoring_feedback').selectAll().where('match_id', 'in', ids).where('side', '=', 'firm').execute() : Promise.resolve([])])
    return {
      firm: { id: firm.id, name: firm.name },
      matches: rows.map((r) => {
        const a = agreements.get(r.id)
        const inForce = !!a?.mentor_accepted_at && !!a.firm_accepted_at
        const fb = feedback.find((f) => f.match_id === r.id)
        return {
          id: r.id, status: r.status, area: r.area, need: r.need, respondedAt: iso(r.responded_at), closedAt: iso(r.closed_at),
          outcome: r.outcome as FirmMentoringMatch['outcome'],
          mentor: { name: r.full_name, bio: r.bio, expertise: r.expertise, modes: r.modes, languages: r.languages,
            email: inForce ? r.email : null, phone: inForce && r.phone ? r.phone : null },
          agreement: a ? toAgreement(a) : null,
          sessions: (sessions.get(r.id) ?? []).map((s) => toSession(s, false)).reverse(),
          feedback: fb ? { side: 'firm' as const, rating: fb.rating, comment: fb.comment, givenAt: fb.given_at.toISOString() } : null,
        }
      }),
    }
  }

  /** The pair, locked, while it is working (accepted): closed -> 409 mentoring_match_closed. */
  private async workingPair(tx: Tx, viewer: Viewer, matchId: number): Promise<MatchRow> {
    const m = await this.pair(tx, viewer, matchId, { lock: true })
    if (m.status === 'closed') throw conflict('the mentoring is closed', 'mentoring_match_closed')
    if (m.status !== 'accepted') throw conflict('the mentor has not accepted the match', 'mentoring_match_not_accepted')
    return m
  }
}
