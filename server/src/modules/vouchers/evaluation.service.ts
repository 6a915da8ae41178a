import { sql } from 'kysely'
import {
  callPhase, missingScores, scoreMilli, type ApplicationEvaluation, type ApplicationScores, type ApplicationStatus, type CallEvaluation,
  type EvaluationPage, type EvaluationQuery, type RecordScoresBody, type StatusReasonDetail,
} from '@pid/shared'
import type { Db, DbOrTx } from '../../db/database.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { badRequest, conflict, notFound, type FieldProblem } from '../../core/errors.ts'
import type { CrmService, FirmAccess } from '../crm/index.ts'
import type { AllocationService } from './allocation.service.ts'
import { availableCents, dbNow, loadCall, statusCounts } from './call-state.ts'
import { protocolOf } from './application-rows.ts'
import { recorded } from './admissibility.service.ts'
import { candidates, computeProposal, proposalBlockers, resetProposal } from './proposal.ts'
import { Service } from '../../core/service.ts'

const encode = (n: number) => Buffer.from(String(n)).toString('base64url')
const decode = (c: string | undefined) => {
  if (!c) return null
  const n = Number(Buffer.from(c, 'base64url').toString())
  return Number.isSafeInteger(n) && n > 0 ? n : null
}
const admissibilityOf = (a: boolean | null) => (a === null ? 'pending' : a ? 'admissible' : 'not_admissible') as 'pending' | 'admissible' | 'not_admissible'

/** Merit scores, the ranking or pro-rata proposal, and the evaluation board of a call. */
export class EvaluationService extends Service<{ db: Db; crm: CrmService; allocation: AllocationService }> {
  async scores(chamberId: number, applicationId: number): Promise<ApplicationScores> {
    const app = await this.deps.db.selectFrom('voucher_application').select(['id', 'call_id']).where('id', '=', applicationId)
      .where('chamber_id', '=', chamberId).where('status', '<>', 'draft').executeTakeFirst()
    if (!app) throw notFound('application')
    const call = await loadCall(this.deps.db, app.call_id)
    const rows = await this.deps.db.selectFrom('voucher_score as s').leftJoin('app_user as u', 'u.id', 's.scored_by')
      .select(['s.criterion', 's.score', 's.note', 's.scored_by', 's.scored_at', 'u.name']).where('s.application_id', '=', applicationId)
      .orderBy('s.criterion').execute()
    const byCode = Object.fromEntries(rows.map((r) => [r.criterion, r.score]))
    const complete = call.rankingCriteria.length > 0 && missingScores(call.rankingCriteria, byCode).length === 0
    return {
      applicationId, complete, scoreMilli: complete ? scoreMilli(call.rankingCriteria, byCode) : null,
      scores: rows.map((r) => ({ criterion: r.criterion, score: r.score, note: r.note, scoredBy: r.scored_by !== null ? { id: r.scored_by, name: r.name ?? '' } : null,
        scoredAt: r.scored_at.toISOString() })),
    }
  }

  /** The evaluator scores an admissible application of a ranking call, criterion by criterion (a score given again replaces the first). */
  async recordScores(chamberId: number, applicationId: number, body: RecordScoresBody, ctx: AuditContext): Promise<ApplicationScores> {
    await this.deps.db.transaction().execute(async (tx) => {
      const head = await tx.selectFrom('voucher_application').select('call_id').where('id', '=', applicationId).where('chamber_id', '=', chamberId)
        .where('status', '<>', 'draft').executeTakeFirst()
      if (!head) throw notFound('application')
      const call = await loadCall(tx, head.call_id, { lock: true })
      if (call.allocation !== 'ranking') throw conflict('only a ranking call has merit scores', 'voucher_not_ranking')
      const app = await tx.selectFrom('voucher_application').select(['id', 'firm_id', 'status', 'admissible', 'protocol_number'])
        .where('id', '=', applicationId).forUpdate().executeTakeFirstOrThrow()
      if (app.status !== 'submitted') throw conflict(`the application is ${app.status}: it is no longer scored`, 'voucher_application_decided', { status: app.status })
      if (app.admissible !== true) throw app.admissible === null ? conflict('record the admissibility checklist first', 'voucher_checklist_missing') : conflict('the application is not admissible', 'voucher_not_admissible')
      const criteria = new Map(call.rankingCriteria.map((c) => [c.code, c]))
      const problems = body.scores.flatMap((s, i): FieldProblem[] => {
        const c = criteria.get(s.criterion)
        if (!c) return [{ path: `/scores/${i}/criterion`, message: `not a criterion of this call (${[...criteria.keys()].join(', ')})`, code: 'not_a_criterion' }]
        if (s.score > c.maxScore) return [{ path: `/scores/${i}/score`, message: `at most ${c.maxScore}`, keyword: 'maximum', params: { limit: c.maxScore } }]
        return body.scores.findIndex((x) => x.criterion === s.criterion) !== i ? [{ path: `/scores/${i}/criterion`, message: 'scored twice', code: 'scored_twice' }] : []
      })
      if (problems.length) throw badRequest('the scores do not fit the call\'s criteria', problems)
      await resetProposal(tx, call, ctx)
      await tx.insertInto('voucher_score').values(body.scores.map((s) => ({ application_id: app.id, criterion: s.criterion, score: s.score,
        note: s.note ?? null, scored_by: ctx.actorId })))
        .onConflict((oc) => oc.columns(['application_id', 'criterion']).doUpdateSet((eb) => ({ score: eb.ref('excluded.score'), note: eb.ref('excluded.note'),
          scored_by: eb.ref('excluded.scored_by'), scored_at: sql`now()` })))
        .execute()
      const all = await tx.selectFrom('voucher_score').select(['criterion', 'score']).where('application_id', '=', app.id).execute()
      const byCode = Object.fromEntries(all.map((r) => [r.criterion, r.score]))
      const complete = missingScores(call.rankingCriteria, byCode).length === 0
      await tx.updateTable('voucher_application').set({ score_milli: complete ? scoreMilli(call.rankingCriteria, byCode) : null, updated_at: sql`now()` })
        .where('id', '=', app.id).execute()
      if (complete) {
        await this.deps.crm.recordEvent(tx, ctx, { firmId: app.firm_id, type: 'voucher_evaluated', sourceModule: 'vouchers',
          summary: `Valutazione di merito della domanda ${protocolOf(call.code, app.protocol_number)} completata`,
          details: { callId: call.id, applicationId: app.id, step: 'merit' } })
      }
      await audit(tx, ctx, { chamberId: call.chamberId, action: 'vouchers.application.scored', entity: 'voucher_application', entityId: app.id,
        after: { scores: body.scores } })
    })
    return this.scores(chamberId, applicationId)
  }

  /** Computes the ranking or pro-rata proposal (after the window; every application checked, and scored when ranked). */
  async compute(chamberId: number, callId: number, ctx: AuditContext): Promise<CallEvaluation> {
    await loadCall(this.deps.db, callId, { chamberId })
    // The closing step (unused quota money to the general pool) first, if its job has not run yet.
    await this.deps.allocation.closeWindow(callId)
    await this.deps.db.transaction().execute(async (tx) => computeProposal(tx, await loadCall(tx, callId, { chamberId, lock: true }), ctx))
    return this.summary(chamberId, callId)
  }

  async summary(chamberId: number, callId: number): Promise<CallEvaluation> {
    const call = await loadCall(this.deps.db, callId, { chamberId })
    const now = await dbNow(this.deps.db)
    const [counts, rows, money] = await Promise.all([
      statusCounts(this.deps.db, callId),
      this.deps.db.transaction().execute((tx) => candidates(tx, callId)),
      this.deps.db.selectFrom('voucher_application').select([
        sql<number>`coalesce(sum(requested_cents) FILTER (WHERE admissible AND status NOT IN ('withdrawn', 'draft')), 0)::bigint`.as('requested'),
        sql<number>`coalesce(sum(proposed_cents), 0)::bigint`.as('proposed'),
        sql<number>`count(*) FILTER (WHERE admissible IS NULL AND status IN ('submitted', 'funded', 'reserve'))::int`.as('pending'),
        sql<number>`count(*) FILTER (WHERE admissible AND status NOT IN ('withdrawn', 'draft'))::int`.as('admissible'),
        sql<number>`count(*) FILTER (WHERE admissible = false AND status NOT IN ('withdrawn', 'draft'))::int`.as('not_admissible'),
      ]).where('call_id', '=', callId).executeTakeFirstOrThrow(),
    ])
    const blockers = proposalBlockers(call, now, rows)
    const unscored = call.allocation === 'ranking' ? rows.filter((r) => r.admissible === true && missingScores(call.rankingCriteria, r.scores).length > 0).length : 0
    return {
      callId, allocation: call.allocation, phase: callPhase(call, now), submitted: call.lastProtocol - (counts.withdrawn ?? 0),
      admissibility: { pending: Number(money.pending), admissible: Number(money.admissible), notAdmissible: Number(money.not_admissible) },
      scoresMissing: unscored, evaluatedAt: call.evaluatedAt?.toISOString() ?? null, computable: blockers.length === 0, blockers,
      envelopeCents: call.envelopeCents, requestedAdmissibleCents: Number(money.requested), proposedCents: Number(money.proposed),
      grantedCents: call.grantedCents, paidCents: call.paidCents, availableCents: availableCents(call), decided: counts,
    }
  }

  /** The board: submitted applications in protocol order, or the ranked ones best first, a page at a time. */
  async rows(access: FirmAccess, callId: number, q: EvaluationQuery): Promise<EvaluationPage> {
    await loadCall(this.deps.db, callId, { chamberId: access.chamberId })
    const limit = q.limit ?? 100
    const byRank = q.order === 'rank'
    const key = byRank ? 'a.rank_position' : 'a.protocol_number'
    const after = decode(q.cursor)
    let query = this.deps.db.selectFrom('voucher_application as a').innerJoin('voucher_call as v', 'v.id', 'a.call_id')
      .select(['a.id', 'v.code', 'a.protocol_number', 'a.firm_id', 'a.firm_name', 'a.status', 'a.requested_cents', 'a.held_cents', 'a.admissible',
        'a.score_milli', 'a.rank_position', 'a.proposed_cents', 'a.granted_cents', 'a.decided_at'])
      .select((eb) => eb.selectFrom('voucher_score as s').select(eb.fn.countAll<number>().as('n')).whereRef('s.application_id', '=', 'a.id').as('scored'))
      .where('a.call_id', '=', callId).where('a.status', '<>', 'draft')
    if (byRank) query = query.where('a.rank_position', 'is not', null)
    if (access.partnerId !== null) query = query.where('a.firm_id', 'in', this.deps.crm.visibleFirmIds(this.deps.db, access))
    if (q.admissibility) {
      query = q.admissibility === 'pending' ? query.where('a.admissible', 'is', null) : query.where('a.admissible', '=', q.admissibility === 'admissible')
    }
    if (after !== null) query = query.where(key, '>', after)
    const rows = await query.orderBy(key).limit(limit + 1).execute()
    const call = await loadCall(this.deps.db, callId)
    const criteria = call.rankingCriteria.length
    const items = rows.slice(0, limit).map((r) => ({
      id: r.id, protocol: protocolOf(r.code, r.protocol_number), protocolNumber: r.protocol_number, firm: { id: r.firm_id, name: r.firm_name },
      status: r.status as ApplicationStatus, requestedCents: r.requested_cents, heldCents: r.held_cents, admissibility: admissibilityOf(r.admissible),
      scoresComplete: criteria > 0 && Number(r.scored) >= criteria, scoreMilli: r.score_milli, rank: r.rank_position, proposedCents: r.proposed_cents,
      grantedCents: r.granted_cents, decidedAt: r.decided_at?.toISOString() ?? null,
    }))
    const last = rows[limit - 1]
    return { items, nextCursor: rows.length > limit && last ? encode((byRank ? last.rank_position : last.protocol_number)!) : null }
  }

  /** Where one application stands: checklist, merit, proposal, decision, payment, RNA codes. */
  async ofApplication(db: DbOrTx, applicationId: number): Promise<ApplicationEvaluation> {
    const r = await db.selectFrom('voucher_application as a').innerJoin('voucher_call as v', 'v.id', 'a.call_id').leftJoin('app_user as u', 'u.id', 'a.decided_by')
      .select(['a.id', 'a.call_id', 'v.allocation', 'v.code', 'v.rna_car_code', 'v.cup', 'a.status', 'a.protocol_number', 'a.requested_cents', 'a.held_cents',
        'a.admissible', 'a.score_milli', 'a.rank_position', 'a.proposed_cents', 'a.granted_cents', 'a.paid_cents', 'a.decided_at', 'a.decided_by', 'u.name',
        'a.status_reason', 'a.status_reason_detail', 'a.cor_code', 'a.revoked_at'])
      .where('a.id', '=', applicationId).executeTakeFirst()
    if (!r) throw notFound('application')
    return {
      applicationId: r.id, callId: r.call_id, allocation: r.allocation, status: r.status as ApplicationStatus, protocol: protocolOf(r.code, r.protocol_number),
      requestedCents: r.requested_cents, heldCents: r.held_cents, admissibility: admissibilityOf(r.admissible), checklist: await recorded(db, r.id),
      scoreMilli: r.score_milli, rank: r.rank_position, proposedCents: r.allocation === 'fcfs' && r.status === 'funded' ? r.held_cents : r.proposed_cents,
      grantedCents: r.granted_cents, paidCents: r.paid_cents, decidedAt: r.decided_at?.toISOString() ?? null,
      decidedBy: r.decided_by !== null ? { id: r.decided_by, name: r.name ?? '' } : null, reason: r.status_reason, reasonDetail: r.status_reason_detail as StatusReasonDetail | null, corCode: r.cor_code,
      carCode: r.rna_car_code, cup: r.cup, revokedAt: r.revoked_at?.toISOString() ?? null,
    }
  }
}
