import { sql } from 'kysely'
import { detail, fundInRankOrder, missingScores, proRata, rankApplications, type Proposal, type RankingCriterion, type BlockerDetailCode, type Detail } from '@pid/shared'
import type { Tx } from '../../db/database.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { conflict } from '../../core/errors.ts'
import { availableCents, dbNow, type CallState } from './call-state.ts'

/** Statuses that rest on a ranking or pro-rata proposal once decided. */
const DECIDED_ON_PROPOSAL = ['granted', 'not_funded', 'paid', 'revoked']

async function decidedOnProposal(tx: Tx, callId: number): Promise<number> {
  const r = await tx.selectFrom('voucher_application').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('call_id', '=', callId).where('status', 'in', DECIDED_ON_PROPOSAL).executeTakeFirstOrThrow()
  return Number(r.n)
}

/**
 * A change of admissibility or merit on a ranking or pro-rata call makes its computed proposal
 * stale: it is cleared (computed again on request). Once decisions rest on it, it may no longer change.
 */
export async function resetProposal(tx: Tx, call: CallState, ctx: AuditContext): Promise<void> {
  if (call.allocation === 'fcfs' || call.evaluatedAt === null) return
  if (await decidedOnProposal(tx, call.id) > 0) throw conflict('decisions already rest on the computed proposal: admissibility and scores can no longer change', 'voucher_proposal_decided')
  await tx.updateTable('voucher_application').set({ rank_position: null, proposed_cents: null }).where('call_id', '=', call.id)
    .where((eb) => eb.or([eb('rank_position', 'is not', null), eb('proposed_cents', 'is not', null)])).execute()
  await tx.updateTable('voucher_call').set({ evaluated_at: null, evaluated_by: null }).where('id', '=', call.id).execute()
  await audit(tx, ctx, { chamberId: call.chamberId, action: 'vouchers.call.proposal_cleared', entity: 'voucher_call', entityId: call.id })
}

interface Candidate { id: number; protocol_number: number; requested_cents: number; admissible: boolean | null; scores: Record<string, number> }

/** Why the proposal cannot be computed now, as codes the client words (empty: it can). */
export function proposalBlockers(call: CallState, now: Date, rows: readonly Candidate[]): Detail<BlockerDetailCode>[] {
  const out: Detail<BlockerDetailCode>[] = []
  if (call.allocation === 'fcfs') out.push(detail('fcfs'))
  if (call.status === 'draft') out.push(detail('call_draft'))
  else if (now < call.closesAt) out.push(detail('window_open', { closesAt: call.closesAt.toISOString() }))
  const pending = rows.filter((r) => r.admissible === null).length
  if (pending) out.push(detail('checklists_pending', { count: pending }))
  if (call.allocation === 'ranking') {
    const unscored = rows.filter((r) => r.admissible === true && missingScores(call.rankingCriteria, r.scores).length > 0).length
    if (unscored) out.push(detail('scores_missing', { count: unscored }))
  }
  return out
}

/** The submitted applications of a ranking or pro-rata call with their admissibility and scores (two queries). */
export async function candidates(tx: Tx, callId: number): Promise<Candidate[]> {
  const rows = await tx.selectFrom('voucher_application').select(['id', 'protocol_number', 'requested_cents', 'admissible'])
    .where('call_id', '=', callId).where('status', '=', 'submitted').orderBy('protocol_number').execute()
  const scores = rows.length ? await tx.selectFrom('voucher_score').select(['application_id', 'criterion', 'score'])
    .where('application_id', 'in', rows.map((r) => r.id)).execute() : []
  const by = new Map<number, Record<string, number>>()
  for (const s of scores) by.set(s.application_id, { ...by.get(s.application_id), [s.criterion]: s.score })
  return rows.map((r) => ({ id: r.id, protocol_number: r.protocol_number!, requested_cents: r.requested_cents ?? 0, admissible: r.admissible, scores: by.get(r.id) ?? {} }))
}

/**
 * Computes the proposal of a ranking or pro-rata call under its lock: the ranking (exact merit,
 * earlier protocol first on ties) funded in rank order, or the pro-rata shares, over the money the
 * call has available. Stored on the applications (rank, score, proposed amount); decisions follow it.
 */
export async function computeProposal(tx: Tx, call: CallState, ctx: AuditContext): Promise<void> {
  const rows = await candidates(tx, call.id)
  const blockers = proposalBlockers(call, await dbNow(tx), rows)
  if (blockers.length) throw conflict('the proposal cannot be computed yet', 'voucher_proposal_blocked', undefined,
    blockers.map((b) => ({ path: '/', message: b.code, code: b.code, params: b.params })))
  if (await decidedOnProposal(tx, call.id) > 0) throw conflict('decisions already rest on the computed proposal', 'voucher_proposal_decided')
  const admissible = rows.filter((r) => r.admissible === true)
  const available = availableCents(call)
  let ranks = new Map<number, { rank: number; scoreMilli: number }>()
  let proposals: Proposal[]
  if (call.allocation === 'ranking') {
    const ranked = rankApplications(call.rankingCriteria as RankingCriterion[], admissible.map((r) => ({ id: r.id, protocolNumber: r.protocol_number, scores: r.scores })))
    ranks = new Map(ranked.map((r) => [r.id, r]))
    const requested = new Map(admissible.map((r) => [r.id, r.requested_cents]))
    proposals = fundInRankOrder(available, ranked.map((r) => ({ id: r.id, requestedCents: requested.get(r.id)! })), call.allowRemainder)
  } else {
    proposals = proRata(available, admissible.map((r) => ({ id: r.id, protocolNumber: r.protocol_number, requestedCents: r.requested_cents })))
  }
  await tx.updateTable('voucher_application').set({ rank_position: null, proposed_cents: null }).where('call_id', '=', call.id).execute()
  if (proposals.length) {
    await sql`UPDATE voucher_application a SET rank_position = v.rank, score_milli = coalesce(v.score, a.score_milli), proposed_cents = v.cents, updated_at = now()
      FROM unnest(${proposals.map((p) => p.id)}::bigint[], ${proposals.map((p) => ranks.get(p.id)?.rank ?? null)}::int[],
        ${proposals.map((p) => ranks.get(p.id)?.scoreMilli ?? null)}::int[], ${proposals.map((p) => p.proposedCents)}::bigint[]) AS v(id, rank, score, cents)
      WHERE a.id = v.id AND a.call_id = ${call.id}`.execute(tx)
  }
  await tx.updateTable('voucher_call').set({ evaluated_at: sql`now()`, evaluated_by: ctx.actorId }).where('id', '=', call.id).execute()
  await audit(tx, ctx, { chamberId: call.chamberId, action: 'vouchers.call.proposal_computed', entity: 'voucher_call', entityId: call.id,
    after: { admissible: admissible.length, availableCents: available, proposedCents: proposals.reduce((s, p) => s + p.proposedCents, 0),
      funded: proposals.filter((p) => p.proposedCents > 0).length } })
}
