import { sql } from 'kysely'
import {
  rankSuggestions, scoreSuggestion, weakestDimensions,
  type CreateMentoringRequestBody, type FirmCreateMentoringRequestBody, type FirmMentoringRequest, type MentoringMatchSummary, type MentoringRequest,
  type MentoringRequestListQuery, type MentoringRequestPage, type MentoringSuggestion, type MentoringSuggestionList, type MentorProposal, type Scored,
} from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, fieldProblem, notFound } from '../../../core/errors.ts'
import { Service } from '../../../core/service.ts'
import type { CrmService } from '../../crm/index.ts'
import type { AssessmentService } from '../../assessment/index.ts'
import { matchBlockers } from '../mentors/gates.ts'

type Deps = { db: Db; crm: CrmService; assessment: AssessmentService }

interface RequestRow {
  id: number; chamber_id: number; firm_id: number; source: string; plan_item_id: number | null; need: string; area: string
  preferred_mode: string | null; language: string; status: string; created_at: Date; matched_at: Date | null; closed_at: Date | null
}

const isUnique = (e: unknown, constraint: string) => (e as { code?: string; constraint?: string }).code === '23505'
  && (e as { constraint?: string }).constraint === constraint

const SOURCE_WORDS: Record<string, string> = { staff: 'dallo staff', firm: "dall'impresa", assessment_plan: "dal piano d'intervento dell'assessment" }

/** The facts the score weighs, for one request and many mentors, read in three queries. */
async function mentorFacts(db: DbOrTx, mentorIds: readonly number[] | null) {
  let q = db.selectFrom('mentor as m').innerJoin('chamber as c', 'c.id', 'm.chamber_id')
    .select(['m.id', 'm.full_name', 'm.status', 'm.expertise', 'm.sectors', 'm.languages', 'm.provinces', 'm.modes', 'm.max_mentees',
      'c.region_code', 'c.name as chamber_name'])
    .select(sql<number>`(SELECT count(*)::int FROM mentoring_match x WHERE x.mentor_id = m.id AND x.status = 'accepted')`.as('accepted'))
  q = mentorIds === null ? q.where('m.status', '=', 'active') : q.where('m.id', 'in', mentorIds.length ? [...mentorIds] : [0])
  return q.orderBy('m.id').execute()
}

/**
 * Mentoring requests and their matches: opening a request (staff, the firm, or an assessment
 * plan's item), the explained suggestions, proposals and the mentor's answer. A request has at
 * most one live match (a partial unique index) and a firm one open request per area (another).
 */
export class RequestsService extends Service<Deps> {
  private async firmNames(db: DbOrTx, ids: number[]) {
    return new Map((await this.deps.crm.firmCards(db, [...new Set(ids)])).map((c) => [c.id, c.name]))
  }

  private async matchesOf(db: DbOrTx, requestIds: number[]): Promise<Map<number, MentoringMatchSummary[]>> {
    const out = new Map<number, MentoringMatchSummary[]>(requestIds.map((id) => [id, []]))
    if (!requestIds.length) return out
    const rows = await db.selectFrom('mentoring_match as x').innerJoin('mentor as m', 'm.id', 'x.mentor_id')
      .select(['x.id', 'x.request_id', 'x.mentor_id', 'm.full_name', 'x.status', 'x.score', 'x.explanation', 'x.proposed_at', 'x.responded_at', 'x.decline_reason'])
      .where('x.request_id', 'in', requestIds).orderBy('x.id').execute()
    for (const r of rows) {
      out.get(r.request_id)!.push({ id: r.id, mentor: { id: r.mentor_id, name: r.full_name }, status: r.status as MentoringMatchSummary['status'],
        score: r.score, explanation: r.explanation as MentoringMatchSummary['explanation'], proposedAt: r.proposed_at.toISOString(),
        respondedAt: r.responded_at?.toISOString() ?? null, declineReason: r.decline_reason })
    }
    return out
  }

  private async toRequests(db: DbOrTx, rows: RequestRow[]): Promise<MentoringRequest[]> {
    const [names, matches] = await Promise.all([this.firmNames(db, rows.map((r) => r.firm_id)), this.matchesOf(db, rows.map((r) => r.id))])
    return rows.map((r) => {
      const ms = matches.get(r.id)!
      return {
        id: r.id, chamberId: r.chamber_id, firm: { id: r.firm_id, name: names.get(r.firm_id) ?? `#${r.firm_id}` },
        source: r.source as MentoringRequest['source'], planItemId: r.plan_item_id, need: r.need, area: r.area,
        preferredMode: r.preferred_mode as MentoringRequest['preferredMode'], language: r.language, status: r.status as MentoringRequest['status'],
        createdAt: r.created_at.toISOString(), matchedAt: r.matched_at?.toISOString() ?? null, closedAt: r.closed_at?.toISOString() ?? null,
        timeToMatchSeconds: r.matched_at ? Math.max(0, Math.round((r.matched_at.getTime() - r.created_at.getTime()) / 1000)) : null,
        liveMatch: ms.find((m) => m.status === 'proposed' || m.status === 'accepted') ?? null,
        matches: ms,
      }
    })
  }

  private requestRow(db: DbOrTx, chamberId: number, requestId: number) {
    return db.selectFrom('mentoring_request').selectAll().where('id', '=', requestId).where('chamber_id', '=', chamberId)
  }

  async one(db: DbOrTx, chamberId: number, requestId: number): Promise<MentoringRequest> {
    const row = await this.requestRow(db, chamberId, requestId).executeTakeFirst()
    if (!row) throw notFound('request')
    return (await this.toRequests(db, [row]))[0]!
  }

  async list(chamberId: number, q: MentoringRequestListQuery): Promise<MentoringRequestPage> {
    const db = this.deps.db
    const limit = q.limit ?? 50
    let query = db.selectFrom('mentoring_request').selectAll().where('chamber_id', '=', chamberId)
    if (q.status) query = query.where('status', '=', q.status)
    if (q.source) query = query.where('source', '=', q.source)
    if (q.area) query = query.where('area', '=', q.area)
    if (q.firmId) query = query.where('firm_id', '=', q.firmId)
    if (q.cursor && /^\d{1,15}$/.test(q.cursor)) query = query.where('id', '<', Number(q.cursor))
    const rows = await query.orderBy('id', 'desc').limit(limit + 1).execute()
    const page = rows.slice(0, limit)
    return { items: await this.toRequests(db, page), nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null }
  }

  /** Staff open a request for a firm of the chamber, or from a plan item of kind 'mentoring' of one. */
  async createByStaff(chamberId: number, body: CreateMentoringRequestBody, ctx: AuditContext): Promise<MentoringRequest> {
    const db = this.deps.db
    let firmId = body.firmId
    let need = body.need
    let area = body.area as string | undefined
    if (body.planItemId !== undefined) {
      const item = await this.deps.assessment.mentoringPlanItem(db, body.planItemId)
      if (!item || item.chamberId !== chamberId || (firmId !== undefined && firmId !== item.firmId)) {
        throw badRequest('no such mentoring plan item here', [fieldProblem('/planItemId', 'mentoring_unknown_plan_item', "not a mentoring plan item of this chamber's firm")])
      }
      firmId = item.firmId
      need ??= item.title
      area ??= item.dimension ?? undefined
    }
    const problems = []
    if (firmId === undefined) problems.push(fieldProblem('/firmId', 'mentoring_required', 'give the firm (or a plan item)'))
    if (!need) problems.push(fieldProblem('/need', 'mentoring_required', 'describe the need'))
    if (!area) problems.push(fieldProblem('/area', 'mentoring_required', 'give the area'))
    if (problems.length) throw badRequest('incomplete request', problems)
    const firm = await this.deps.crm.firmProfile(db, firmId!)
    if (!firm || firm.chamberId !== chamberId) throw badRequest('no such firm here', [fieldProblem('/firmId', 'mentoring_unknown_firm', 'the firm is not one of this chamber')])
    return this.insert({ chamberId, firmId: firm.id, source: body.planItemId !== undefined ? 'assessment_plan' : 'staff', planItemId: body.planItemId ?? null,
      need: need!, area: area!, preferredMode: body.preferredMode ?? null, language: body.language ?? 'it', createdBy: ctx.actorId }, ctx)
  }

  async createByFirm(firmId: number, chamberId: number, body: FirmCreateMentoringRequestBody, ctx: AuditContext): Promise<FirmMentoringRequest> {
    const r = await this.insert({ chamberId, firmId, source: 'firm', planItemId: null, need: body.need, area: body.area,
      preferredMode: body.preferredMode ?? null, language: body.language ?? 'it', createdBy: null }, ctx)
    return (await this.firmList(firmId)).items.find((x) => x.id === r.id)!
  }

  private async insert(v: { chamberId: number; firmId: number; source: string; planItemId: number | null; need: string; area: string
    preferredMode: string | null; language: string; createdBy: number | null }, ctx: AuditContext): Promise<MentoringRequest> {
    return this.deps.db.transaction().execute(async (tx) => {
      let id: number
      try {
        ({ id } = await tx.insertInto('mentoring_request').values({
          chamber_id: v.chamberId, firm_id: v.firmId, source: v.source, plan_item_id: v.planItemId, need: v.need.trim(), area: v.area,
          preferred_mode: v.preferredMode, language: v.language, created_by: v.createdBy,
        }).returning('id').executeTakeFirstOrThrow())
      } catch (e) {
        if (isUnique(e, 'mentoring_request_open_key')) throw conflict('the firm has an open request in this area', 'mentoring_request_duplicate', { area: v.area })
        throw e
      }
      const request = await this.one(tx, v.chamberId, id)
      await audit(tx, ctx, { chamberId: v.chamberId, action: 'mentoring.request.created', entity: 'mentoring_request', entityId: id, after: request })
      await this.deps.crm.recordEvent(tx, ctx, { firmId: v.firmId, type: 'mentoring', sourceModule: 'mentoring',
        summary: `Richiesta di un mentor, aperta ${SOURCE_WORDS[v.source]}: ${request.need.slice(0, 160)}`,
        details: { mentoringRequestId: id, area: v.area, source: v.source } })
      return request
    })
  }

  /** Withdraws an open request (its pending proposal with it). */
  async withdraw(chamberId: number, requestId: number, ctx: AuditContext, firmId?: number): Promise<MentoringRequest> {
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await this.one(tx, chamberId, requestId)
      if (firmId !== undefined && before.firm.id !== firmId) throw notFound('request')
      const done = await tx.updateTable('mentoring_request').set({ status: 'withdrawn', closed_at: sql`now()` })
        .where('id', '=', requestId).where('status', '=', 'open').returning('id').executeTakeFirst()
      if (!done) throw conflict('the request is not open', 'mentoring_request_not_open', { status: before.status })
      await tx.updateTable('mentoring_match').set({ status: 'withdrawn', responded_at: sql`now()` })
        .where('request_id', '=', requestId).where('status', '=', 'proposed').execute()
      const after = await this.one(tx, chamberId, requestId)
      await audit(tx, ctx, { chamberId, action: 'mentoring.request.withdrawn', entity: 'mentoring_request', entityId: requestId, before, after })
      await this.deps.crm.recordEvent(tx, ctx, { firmId: before.firm.id, type: 'mentoring', sourceModule: 'mentoring',
        summary: 'Richiesta di un mentor ritirata', details: { mentoringRequestId: requestId } })
      return after
    })
  }

  async firmList(firmId: number): Promise<{ items: FirmMentoringRequest[] }> {
    const rows = await this.deps.db.selectFrom('mentoring_request as r')
      .leftJoin('mentoring_match as x', (j) => j.onRef('x.request_id', '=', 'r.id').on('x.status', 'in', ['accepted', 'closed']))
      .leftJoin('mentor as m', 'm.id', 'x.mentor_id')
      .select(['r.id', 'r.need', 'r.area', 'r.preferred_mode', 'r.language', 'r.source', 'r.status', 'r.created_at', 'r.matched_at', 'm.full_name'])
      .where('r.firm_id', '=', firmId).orderBy('r.id', 'desc').limit(200).execute()
    return { items: rows.map((r) => ({ id: r.id, need: r.need, area: r.area, preferredMode: r.preferred_mode as FirmMentoringRequest['preferredMode'],
      language: r.language, source: r.source as FirmMentoringRequest['source'], status: r.status as FirmMentoringRequest['status'],
      createdAt: r.created_at.toISOString(), matchedAt: r.matched_at?.toISOString() ?? null, mentorName: r.full_name ?? null })) }
  }

  private async scoreFor(db: DbOrTx, request: RequestRow, mentorIds: readonly number[] | null) {
    const [firm, latest, mentors] = await Promise.all([this.deps.crm.firmProfile(db, request.firm_id),
      this.deps.assessment.latestCompleted(db, [request.firm_id]), mentorFacts(db, mentorIds)])
    const weakest = weakestDimensions(latest.get(request.firm_id)?.scores)
    const scored = mentors.map((m) => ({
      mentorId: m.id, accepted: m.accepted, m,
      scored: scoreSuggestion({
        request: { area: request.area, preferredMode: request.preferred_mode, language: request.language },
        firm: { atecoSection: firm?.atecoSection ?? null, provinceCode: firm?.provinceCode ?? '', regionCode: firm?.regionCode ?? '', weakest },
        mentor: { expertise: m.expertise, sectors: m.sectors, languages: m.languages, provinces: m.provinces, regionCode: m.region_code,
          modes: m.modes, accepted: m.accepted, maxMentees: m.max_mentees },
      }) as Scored,
    }))
    return { weakest, scored }
  }

  /** Active mentors of the whole network, ranked for the request with the explanation; gated ones apart. */
  async suggestions(chamberId: number, requestId: number): Promise<MentoringSuggestionList> {
    const db = this.deps.db
    const request = await this.requestRow(db, chamberId, requestId).executeTakeFirst()
    if (!request) throw notFound('request')
    const { weakest, scored } = await this.scoreFor(db, request, null)
    const blockers = await matchBlockers(db, request.firm_id, scored.map((s) => s.mentorId))
    const toSuggestion = (s: (typeof scored)[number]): MentoringSuggestion => ({
      mentor: { id: s.m.id, name: s.m.full_name, chamberName: s.m.chamber_name, expertise: s.m.expertise, languages: s.m.languages,
        modes: s.m.modes, provinces: s.m.provinces },
      score: s.scored.score, lines: s.scored.lines, accepted: s.accepted, maxMentees: s.m.max_mentees, atCapacity: s.scored.atCapacity,
      blockers: blockers.get(s.mentorId) ?? [],
    })
    const ranked = rankSuggestions(scored).map(toSuggestion)
    return { weakest, items: ranked.filter((s) => s.blockers.length === 0), blocked: ranked.filter((s) => s.blockers.length > 0) }
  }

  private async gate(db: DbOrTx, firmId: number, mentorId: number) {
    const reasons = (await matchBlockers(db, firmId, [mentorId])).get(mentorId) ?? []
    if (reasons.length) throw conflict('the mentor may not be matched with this firm', reasons[0]!, { reasons })
  }

  /** Staff propose a mentor: the score and its explanation are kept on the match as they were shown. */
  async propose(chamberId: number, requestId: number, mentorId: number, ctx: AuditContext): Promise<MentoringRequest> {
    return this.deps.db.transaction().execute(async (tx) => {
      const request = await this.requestRow(tx, chamberId, requestId).forUpdate().executeTakeFirst()
      if (!request) throw notFound('request')
      if (request.status !== 'open') throw conflict('the request is not open', 'mentoring_request_not_open', { status: request.status })
      const mentor = await tx.selectFrom('mentor').select(['id', 'full_name']).where('id', '=', mentorId).executeTakeFirst()
      if (!mentor) throw notFound('mentor')
      await this.gate(tx, request.firm_id, mentorId)
      const { scored } = await this.scoreFor(tx, request, [mentorId])
      const s = scored[0]!.scored
      let id: number
      try {
        ({ id } = await tx.insertInto('mentoring_match').values({ request_id: requestId, chamber_id: chamberId, firm_id: request.firm_id, mentor_id: mentorId,
          score: s.score, explanation: JSON.stringify(s.lines), proposed_by: ctx.actorId }).returning('id').executeTakeFirstOrThrow())
      } catch (e) {
        if (isUnique(e, 'mentoring_match_live_key')) throw conflict('the request already has a live match', 'mentoring_match_live')
        throw e
      }
      await audit(tx, ctx, { chamberId, action: 'mentoring.match.proposed', entity: 'mentoring_match', entityId: id,
        after: { requestId, mentorId, score: s.score } })
      return this.one(tx, chamberId, requestId)
    })
  }

  async withdrawProposal(chamberId: number, requestId: number, matchId: number, ctx: AuditContext): Promise<MentoringRequest> {
    return this.deps.db.transaction().execute(async (tx) => {
      await this.one(tx, chamberId, requestId)
      const match = await tx.selectFrom('mentoring_match').select(['id', 'status']).where('id', '=', matchId).where('request_id', '=', requestId).executeTakeFirst()
      if (!match) throw notFound('match')
      const done = await tx.updateTable('mentoring_match').set({ status: 'withdrawn', responded_at: sql`now()` })
        .where('id', '=', matchId).where('status', '=', 'proposed').returning('id').executeTakeFirst()
      if (!done) throw conflict('the match is not waiting for an answer', 'mentoring_match_not_proposed', { status: match.status })
      await audit(tx, ctx, { chamberId, action: 'mentoring.match.withdrawn', entity: 'mentoring_match', entityId: matchId, before: { status: match.status }, after: { status: 'withdrawn' } })
      return this.one(tx, chamberId, requestId)
    })
  }

  // The mentor's area.

  private async proposals(db: DbOrTx, mentorId: number, matchId?: number): Promise<MentorProposal[]> {
    let q = db.selectFrom('mentoring_match as x').innerJoin('mentoring_request as r', 'r.id', 'x.request_id')
      .select(['x.id', 'x.request_id', 'x.firm_id', 'r.need', 'r.area', 'r.preferred_mode', 'r.language', 'x.status', 'x.score', 'x.explanation',
        'x.proposed_at', 'x.responded_at', 'x.decline_reason', 'x.t0_overall', 'x.t0_level'])
      .where('x.mentor_id', '=', mentorId)
    if (matchId !== undefined) q = q.where('x.id', '=', matchId)
    const rows = await q.orderBy(sql`x.status = 'proposed'`, 'desc').orderBy('x.id', 'desc').limit(200).execute()
    const firms = await this.deps.crm.firmProfiles(db, [...new Set(rows.map((r) => r.firm_id))])
    return rows.map((r) => {
      const f = firms.get(r.firm_id)
      return { id: r.id, requestId: r.request_id, firm: { id: r.firm_id, name: f?.name ?? `#${r.firm_id}`, provinceCode: f?.provinceCode ?? '', atecoSection: f?.atecoSection ?? null },
        need: r.need, area: r.area, preferredMode: r.preferred_mode as MentorProposal['preferredMode'], language: r.language,
        status: r.status as MentorProposal['status'], score: r.score, explanation: r.explanation as MentorProposal['explanation'],
        proposedAt: r.proposed_at.toISOString(), respondedAt: r.responded_at?.toISOString() ?? null, declineReason: r.decline_reason,
        t0Overall: r.t0_overall, t0Level: r.t0_level }
    })
  }

  async mentorProposals(mentorId: number): Promise<{ items: MentorProposal[] }> {
    return { items: await this.proposals(this.deps.db, mentorId) }
  }

  private async ownProposal(db: DbOrTx, mentorId: number, matchId: number): Promise<MentorProposal> {
    const p = (await this.proposals(db, mentorId, matchId))[0]
    if (!p) throw notFound('proposal')
    return p
  }

  /**
   * The mentor accepts: the mentor's row is locked first, so two acceptances at once are counted
   * one after the other against max_mentees; the gates are checked again; T0 is the firm's latest
   * assessment now.
   */
  async accept(mentorId: number, matchId: number, ctx: AuditContext): Promise<MentorProposal> {
    return this.deps.db.transaction().execute(async (tx) => {
      const mentor = await tx.selectFrom('mentor').select(['id', 'full_name', 'max_mentees']).where('id', '=', mentorId).forUpdate().executeTakeFirstOrThrow()
      const before = await this.ownProposal(tx, mentorId, matchId)
      if (before.status !== 'proposed') throw conflict('the match is not waiting for an answer', 'mentoring_match_not_proposed', { status: before.status })
      await this.gate(tx, before.firm.id, mentorId)
      const t0 = (await this.deps.assessment.latestCompleted(tx, [before.firm.id])).get(before.firm.id)
      const done = await tx.updateTable('mentoring_match').set({ status: 'accepted', responded_at: sql`now()`,
        t0_assessment_id: t0?.id ?? null, t0_overall: t0?.overall ?? null, t0_level: t0?.level ?? null })
        .where('id', '=', matchId).where('status', '=', 'proposed')
        .where(sql<boolean>`(SELECT count(*) FROM mentoring_match a WHERE a.mentor_id = ${mentorId} AND a.status = 'accepted') < ${mentor.max_mentees}`)
        .returning('request_id').executeTakeFirst()
      if (!done) throw conflict('the mentor follows as many firms as it can', 'mentor_at_capacity', { max: mentor.max_mentees })
      const req = await tx.updateTable('mentoring_request').set({ status: 'matched', matched_at: sql`now()` })
        .where('id', '=', done.request_id).where('status', '=', 'open').returning(['chamber_id']).executeTakeFirst()
      if (!req) throw conflict('the request is not open', 'mentoring_request_not_open')
      const after = await this.ownProposal(tx, mentorId, matchId)
      await audit(tx, ctx, { chamberId: req.chamber_id, action: 'mentoring.match.accepted', entity: 'mentoring_match', entityId: matchId, before, after })
      await this.deps.crm.recordEvent(tx, ctx, { firmId: before.firm.id, type: 'mentoring', sourceModule: 'mentoring',
        summary: `Abbinata al mentor ${mentor.full_name}`, details: { mentoringRequestId: done.request_id, mentoringMatchId: matchId, mentorId } })
      return after
    })
  }

  /** The mentor declines with a reason: the request is free for another proposal. */
  async decline(mentorId: number, matchId: number, reason: string, ctx: AuditContext): Promise<MentorProposal> {
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await this.ownProposal(tx, mentorId, matchId)
      const done = await tx.updateTable('mentoring_match').set({ status: 'declined', responded_at: sql`now()`, decline_reason: reason.trim() })
        .where('id', '=', matchId).where('mentor_id', '=', mentorId).where('status', '=', 'proposed').returning('chamber_id').executeTakeFirst()
      if (!done) throw conflict('the match is not waiting for an answer', 'mentoring_match_not_proposed', { status: before.status })
      const after = await this.ownProposal(tx, mentorId, matchId)
      await audit(tx, ctx, { chamberId: done.chamber_id, action: 'mentoring.match.declined', entity: 'mentoring_match', entityId: matchId, before, after })
      return after
    })
  }
}
