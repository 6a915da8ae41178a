import { sql } from 'kysely'
import { allocate, claimPools, GENERAL_POOL, WITHDRAWABLE, type AllocationState, type Claim, type Decision } from '@pid/shared'
import type { Db, Tx } from '../../db/database.ts'
import { audit, auditMany, systemContext, type AuditContext } from '../../core/audit.ts'
import { conflict, HttpError, notFound } from '../../core/errors.ts'
import type { CrmService } from '../crm/index.ts'
import { freePools, loadCall, type CallState } from './call-state.ts'
import { protocolOf } from './application-rows.ts'
import { platformReason, reasonColumns, type StatusReason } from './status-reason.ts'
import { Service } from '../../core/service.ts'
import type { Jobs } from '../../core/jobs.ts'
import type { Webhooks } from '../partner-api/index.ts'
import { emitStatusChanges } from './status-events.ts'

/** The job that runs at a call's closing instant: unused quota money goes general, the reserve list moves. */
export const CLOSING_JOB = 'vouchers.call-closing'

/** What a step changes on the call's counters (all under the call's row lock). */
export interface CounterChange {
  reservedDelta: number
  reserveDelta: number
  /** Granted money (decisions, revocations, the unpaid part of a payment) and paid money (payment orders). */
  grantedDelta?: number
  paidDelta?: number
  /**
   * Per quota: money taken (+) or given back (-), applications joining (+) or leaving (-) its
   * reserve list, and (after the closing instant) the pool shrinking with what it gives back.
   */
  quotas?: Map<string, { used: number; waiting: number; size: number }>
  protocols?: number
  submittedAt?: Date
}

const isExhausted = (c: CallState) => c.allocation === 'fcfs' && (c.reserveCount > 0 || freePools(c)[GENERAL_POOL]! <= 0)

/**
 * Writes a change of the call's money and reserve list. The UPDATE is conditional on the state read
 * under the lock (protocol counter and held money unchanged), and the CHECK constraints refuse any
 * over-commitment of the envelope, the general pool or a quota: a wrong computation fails the
 * transaction instead of promising money that is not there. The call's status follows: closed for
 * exhausted funds when a firm waits or the general pool is empty, published again otherwise.
 */
export async function writeCounters(tx: Tx, call: CallState, ch: CounterChange): Promise<CallState> {
  let quotaUsedDelta = 0
  let quotaSizeDelta = 0
  const quotas = call.quotas.map((q) => {
    const d = ch.quotas?.get(q.code)
    if (!d) return q
    quotaUsedDelta += d.used
    quotaSizeDelta += d.size
    return { ...q, usedCents: q.usedCents + d.used, reserveCount: q.reserveCount + d.waiting, sizeCents: q.sizeCents + d.size }
  })
  const next: CallState = {
    ...call, quotas, reservedCents: call.reservedCents + ch.reservedDelta, grantedCents: call.grantedCents + (ch.grantedDelta ?? 0),
    paidCents: call.paidCents + (ch.paidDelta ?? 0), quotaUsedCents: call.quotaUsedCents + quotaUsedDelta,
    quotaCents: call.quotaCents + quotaSizeDelta,
    reserveCount: call.reserveCount + ch.reserveDelta, lastProtocol: call.lastProtocol + (ch.protocols ?? 0),
    lastSubmittedAt: ch.submittedAt ?? call.lastSubmittedAt,
  }
  if (next.status !== 'draft') {
    const exhausted = isExhausted(next)
    next.status = exhausted ? 'closed_exhausted' : 'published'
    next.exhaustedAt = exhausted ? (call.exhaustedAt ?? new Date()) : null
  }
  const updated = await tx.updateTable('voucher_call').set({
    reserved_cents: next.reservedCents, granted_cents: next.grantedCents, paid_cents: next.paidCents, quota_used_cents: next.quotaUsedCents, quota_cents: next.quotaCents, reserve_count: next.reserveCount,
    last_protocol: next.lastProtocol,
    last_submitted_at: next.lastSubmittedAt, status: next.status, exhausted_at: next.exhaustedAt, updated_at: sql`now()`,
  }).where('id', '=', call.id).where('last_protocol', '=', call.lastProtocol).where('reserved_cents', '=', call.reservedCents)
    .where('reserve_count', '=', call.reserveCount).where('granted_cents', '=', call.grantedCents)
    .where(sql<boolean>`reserved_cents + granted_cents + ${ch.reservedDelta + (ch.grantedDelta ?? 0)} <= envelope_cents`)
    .returning('id').executeTakeFirst()
  if (!updated) throw new HttpError(409, 'voucher_call_changed', 'the call changed meanwhile: retry')
  const changed = quotas.filter((q, i) => q !== call.quotas[i])
  if (changed.length) {
    await sql`UPDATE voucher_call_quota q SET used_cents = v.used, reserve_count = v.waiting, size_cents = v.size
      FROM unnest(${changed.map((q) => q.code)}::text[], ${changed.map((q) => q.usedCents)}::bigint[], ${changed.map((q) => q.reserveCount)}::int[],
        ${changed.map((q) => q.sizeCents)}::bigint[]) AS v(code, used, waiting, size)
      WHERE q.call_id = ${call.id} AND q.code = v.code`.execute(tx)
  }
  return next
}

/**
 * Adds one application's held money or waiting place to a change. Once the window has closed
 * (quotas merged), money a quota gives back is not the quota's any more: the pool shrinks with it,
 * so it joins the general pool.
 */
export function countIn(ch: CounterChange, held: { cents: number; pool: string | null }, waitingQuota: string | null | undefined, sign: 1 | -1,
  quotasMerged = false): void {
  ch.quotas ??= new Map()
  const quota = (code: string) => {
    const q = ch.quotas!.get(code) ?? { used: 0, waiting: 0, size: 0 }
    ch.quotas!.set(code, q)
    return q
  }
  if (held.cents > 0 && held.pool !== null) {
    ch.reservedDelta += sign * held.cents
    if (held.pool !== GENERAL_POOL) {
      const q = quota(held.pool)
      q.used += sign * held.cents
      if (quotasMerged && sign < 0) q.size -= held.cents
    }
  }
  if (waitingQuota !== undefined) {
    ch.reserveDelta += sign
    if (waitingQuota !== null) quota(waitingQuota).waiting += sign
  }
}

export interface Released {
  call: CallState
  application: { id: number; firm_id: number; status: string; held_cents: number; held_pool: string | null; quota_code: string | null; protocol_number: number | null }
}

interface Waiter { id: number; firm_id: number; status: string; requested_cents: number | null; held_cents: number; held_pool: string | null;
  quota_code: string | null; protocol_number: number | null }

/**
 * Moving money between applications of a first-come-first-served call: withdrawal (and, for the
 * evaluation, refusal and reduction) frees money, and re-admission hands it on in protocol order:
 * first to a funded application that got only the remainder, then down the reserve list, with the
 * same allocation rule as at submission. Everything runs in the caller's transaction under the
 * call's row lock.
 */
export class AllocationService extends Service<{ db: Db; crm: CrmService; webhooks: Webhooks }> {
  /** Hands the call's free money down the reserve list; returns the call after it. */
  async readmit(tx: Tx, ctx: AuditContext, call: CallState): Promise<CallState> {
    if (call.allocation !== 'fcfs' || call.status === 'draft') return call
    let state: AllocationState = { free: freePools(call), blocked: new Set() }
    const decisions: { d: Decision; w: Waiter }[] = []
    let after = 0
    const open = () => Object.entries(state.free).some(([pool, free]) => free > 0 && !state.blocked.has(pool))
    while (open()) {
      const rows = await tx.selectFrom('voucher_application')
        .select(['id', 'firm_id', 'status', 'requested_cents', 'held_cents', 'held_pool', 'quota_code', 'protocol_number'])
        .where('call_id', '=', call.id).where('status', 'in', ['reserve', 'funded']).where('protocol_number', '>', after)
        .where((eb) => eb.or([eb('status', '=', 'reserve'), eb('held_cents', '<', eb.ref('requested_cents'))]))
        .orderBy('protocol_number').limit(500).forUpdate().execute()
      if (rows.length === 0) break
      after = rows[rows.length - 1]!.protocol_number!
      const claims: Claim[] = rows.map((w) => w.status === 'reserve'
        ? { id: w.id, pools: claimPools(w.quota_code), needCents: w.requested_cents! }
        : { id: w.id, pools: [w.held_pool!], needCents: w.requested_cents! - w.held_cents })
      const r = allocate(state, claims, call.allowRemainder)
      state = r.state
      r.decisions.forEach((d, i) => { if (d.pool !== null) decisions.push({ d, w: rows[i]! }) })
    }
    if (decisions.length === 0) return writeCounters(tx, call, { reservedDelta: 0, reserveDelta: 0 })
    const ch: CounterChange = { reservedDelta: 0, reserveDelta: 0 }
    for (const { d, w } of decisions) {
      countIn(ch, { cents: d.cents, pool: d.pool }, undefined, 1)
      if (w.status === 'reserve') countIn(ch, { cents: 0, pool: null }, w.quota_code, -1)
    }
    await sql`UPDATE voucher_application a SET status = 'funded', held_cents = a.held_cents + v.cents, held_pool = v.pool, updated_at = now(),
        status_reason = CASE WHEN a.status = 'reserve' THEN NULL ELSE a.status_reason END,
        status_reason_detail = CASE WHEN a.status = 'reserve' THEN ${JSON.stringify(platformReason('reserve_admitted'))}::jsonb ELSE a.status_reason_detail END
      FROM unnest(${decisions.map((x) => x.w.id)}::bigint[], ${decisions.map((x) => x.d.cents)}::bigint[], ${decisions.map((x) => x.d.pool)}::text[])
        AS v(id, cents, pool)
      WHERE a.id = v.id AND a.call_id = ${call.id}`.execute(tx)
    const next = await writeCounters(tx, call, ch)
    await this.deps.crm.recordEvents(tx, decisions.map(({ d, w }) => ({ ctx, event: {
      firmId: w.firm_id, type: 'voucher_admitted' as const, sourceModule: 'vouchers',
      summary: w.status === 'reserve' ? `Voucher ammesso dalla lista d'attesa: domanda ${protocolOf(call.code, w.protocol_number)}`
        : `Voucher integrato: domanda ${protocolOf(call.code, w.protocol_number)}`,
      details: { callId: call.id, applicationId: w.id, protocolNumber: w.protocol_number, heldCents: w.held_cents + d.cents, full: d.full },
    } })))
    await auditMany(tx, decisions.map(({ d, w }) => ({ ctx, event: {
      chamberId: call.chamberId, action: 'vouchers.application.admitted', entity: 'voucher_application', entityId: w.id,
      before: { status: w.status, heldCents: w.held_cents }, after: { status: 'funded', heldCents: w.held_cents + d.cents, pool: d.pool },
    } })))
    // A funded application topped up keeps its status: only the reserve list's admissions are news.
    await emitStatusChanges(this.deps.webhooks, tx, call, decisions.map(({ w }) => ({ id: w.id, firmId: w.firm_id, protocolNumber: w.protocol_number,
      from: w.status, to: 'funded' as const })))
    return next
  }

  /**
   * Frees what an application holds, in the caller's transaction, and hands it down the reserve
   * list: a withdrawal (status 'withdrawn'), a refusal at the admissibility check ('not_admitted'),
   * or a reduction (heldCents: the lower amount it keeps, status unchanged). Locks the call, then
   * the application: the order every writer of a call follows. Returns the application as it was.
   */
  async release(tx: Tx, ctx: AuditContext, applicationId: number,
    change: { status: 'withdrawn' | 'not_admitted'; reason: StatusReason } | { heldCents: number; reason: StatusReason }): Promise<Released> {
    const head = await tx.selectFrom('voucher_application').select('call_id').where('id', '=', applicationId).executeTakeFirst()
    if (!head) throw notFound('application')
    const call = await loadCall(tx, head.call_id, { lock: true })
    const app = await tx.selectFrom('voucher_application').select(['id', 'firm_id', 'status', 'held_cents', 'held_pool', 'quota_code', 'protocol_number'])
      .where('id', '=', applicationId).forUpdate().executeTakeFirstOrThrow()
    const ch: CounterChange = { reservedDelta: 0, reserveDelta: 0 }
    const merged = call.quotasMergedAt !== null
    if ('status' in change) {
      if (!(WITHDRAWABLE as readonly string[]).includes(app.status)) {
        throw app.status === 'draft' ? conflict('a draft is not submitted: there is nothing to withdraw', 'voucher_application_not_submitted')
          : conflict(`the application is ${app.status}: it can no longer change`, 'voucher_application_closed', { status: app.status })
      }
      await tx.updateTable('voucher_application').set({ status: change.status, held_cents: 0, held_pool: null, ...reasonColumns(change.reason),
        updated_at: sql`now()`, ...(change.status === 'withdrawn' ? { withdrawn_at: sql`now()` } : {}) }).where('id', '=', app.id).execute()
      countIn(ch, { cents: app.held_cents, pool: app.held_pool }, app.status === 'reserve' ? app.quota_code : undefined, -1, merged)
      await emitStatusChanges(this.deps.webhooks, tx, call, [{ id: app.id, firmId: app.firm_id, protocolNumber: app.protocol_number, from: app.status, to: change.status }])
    } else {
      if (app.status !== 'funded' || change.heldCents < 0 || change.heldCents > app.held_cents) {
        throw conflict(`only a funded application can be reduced, to at most what it holds (${app.held_cents})`, 'voucher_reduce_invalid', { heldCents: app.held_cents })
      }
      // A reduced grant is final: the application no longer asks for more, so it is not topped up later.
      await tx.updateTable('voucher_application').set({ held_cents: change.heldCents, requested_cents: change.heldCents,
        held_pool: change.heldCents > 0 ? app.held_pool : null, ...reasonColumns(change.reason), updated_at: sql`now()` }).where('id', '=', app.id).execute()
      countIn(ch, { cents: app.held_cents - change.heldCents, pool: app.held_pool }, undefined, -1, merged)
    }
    await this.readmit(tx, ctx, await writeCounters(tx, call, ch))
    return { call, application: app }
  }

  /** The firm (or its partner) withdraws before the decision; held money goes back and the reserve list moves. */
  async withdraw(applicationId: number, ctx: AuditContext, reason: string | undefined): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const { call, application: app } = await this.release(tx, ctx, applicationId, { status: 'withdrawn', reason: reason ?? platformReason('withdrawn_by_applicant') })
      await this.deps.crm.recordEvent(tx, ctx, { firmId: app.firm_id, type: 'voucher_withdrawn', sourceModule: 'vouchers',
        summary: `Domanda di voucher ${protocolOf(call.code, app.protocol_number)} ritirata`,
        details: { callId: call.id, applicationId: app.id, reason: reason ?? null } })
      await audit(tx, ctx, { chamberId: call.chamberId, action: 'vouchers.application.withdrawn', entity: 'voucher_application', entityId: app.id,
        before: { status: app.status, heldCents: app.held_cents }, after: { status: 'withdrawn', reason: reason ?? null } })
    })
  }

  /**
   * Every published call not closed yet must have its closing job waiting; one that has none (a job
   * lost when an install moved to pg-boss, or deleted by hand) gets it again, due at its closing
   * instant or at once if that has passed. Runs at every start; two instances starting together may
   * both send one, and closing twice does nothing the second time.
   */
  async resendClosingJobs(jobs: Jobs): Promise<number> {
    const open = await this.deps.db.selectFrom('voucher_call').select(['id', 'closes_at'])
      .where('status', '!=', 'draft').where('quotas_merged_at', 'is', null).execute()
    let sent = 0
    for (const call of open) {
      if ((await jobs.pending(CLOSING_JOB, { callId: call.id })).length) continue
      await jobs.enqueue(this.deps.db, CLOSING_JOB, { callId: call.id }, { startAfter: call.closes_at })
      sent++
    }
    return sent
  }

  /** At the closing instant: what the quotas did not use joins the general pool, and the reserve list moves. */
  async closeWindow(callId: number): Promise<void> {
    const ctx = systemContext('vouchers.call-closing')
    await this.deps.db.transaction().execute(async (tx) => {
      const call = await loadCall(tx, callId, { lock: true })
      if (call.status === 'draft' || call.quotasMergedAt !== null || new Date() < call.closesAt) return
      await tx.updateTable('voucher_call_quota').set({ size_cents: sql`used_cents` }).where('call_id', '=', callId).execute()
      await tx.updateTable('voucher_call').set({ quota_cents: sql`quota_used_cents`, quotas_merged_at: sql`now()` }).where('id', '=', callId).execute()
      const merged = await loadCall(tx, callId, { lock: true })
      await this.readmit(tx, ctx, merged)
      await audit(tx, ctx, { chamberId: call.chamberId, action: 'vouchers.call.closed', entity: 'voucher_call', entityId: callId,
        after: { unusedQuotaCents: call.quotas.reduce((s, q) => s + q.sizeCents - q.usedCents, 0) } })
    })
  }
}
