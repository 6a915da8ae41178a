import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import {
  allocate, claimPools, deMinimisPeriodStart, GENERAL_POOL, type AllocationState, type ApplicationStatus, type DeMinimisResult, type SubmissionReceipt,
} from '@pid/shared'
import type { Db, Tx } from '../../db/database.ts'
import type { AuditContext } from '../../core/audit.ts'
import { HttpError } from '../../core/errors.ts'
import type { Pending as QueuedRequest } from '../../core/batch-queue.ts'
import type { CrmService } from '../crm/index.ts'
import type { AssessmentService } from '../assessment/index.ts'
import { freePools, loadCall, type CallState } from './call-state.ts'
import { protocolOf } from './application-rows.ts'
import { countIn, writeCounters, type CounterChange } from './allocation.service.ts'
import { checkSubmission, timingProblem, type Accepted, type DraftRow } from './submission-checks.ts'
import { platformReason } from './status-reason.ts'
import { emitStatusChanges } from './status-events.ts'
import type { Webhooks } from '../partner-api/index.ts'

/** One request to submit a draft, as it waits in the call's queue. */
export interface SubmissionInput {
  applicationId: number
  /** The firm the submitter acts for: checked again under the lock. */
  firmId: number
  /** Whose Idempotency-Key it is: 'firm:<id>' (firm session) or 'user:<id>' (partner). */
  scope: string
  key: string | null
  /** What the key was used for: a key reused for another application is refused. */
  fingerprint: string
  ctx: AuditContext
  receivedAt: Date
  submittedBy: number | null
}

export interface SubmissionOutcome { statusCode: number; body: SubmissionReceipt }
export type Pending = QueuedRequest<SubmissionInput, SubmissionOutcome>

export type Result = SubmissionOutcome | HttpError
interface Winner { pending: Pending; draft: DraftRow; ok: Accepted; status: ApplicationStatus; heldCents: number; heldPool: string | null; protocol: number }

const keyOf = (i: SubmissionInput) => (i.key === null ? null : `${i.scope}\u0000${i.key}`)
const reused = () => new HttpError(422, 'idempotency_key_reused', 'this Idempotency-Key was used for another request')

/** What a batch of submissions tells other modules: the firm's timeline, its assessment, the partners (webhooks). */
export interface SubmissionDeps { crm: CrmService; assessment: AssessmentService; webhooks: Webhooks }

/**
 * Submits a batch of drafts of one call in ONE transaction, in arrival order: lock the call row,
 * replay known idempotency keys, check each draft, give consecutive protocol numbers and one
 * registration instant, decide funded / reserve against the pools (first come first served), write
 * the applications, the call's counters (conditional UPDATE + CHECKs), the idempotency records,
 * the CRM timeline, the partners' webhooks (application.status_changed) and the audit, commit.
 * Only then does the caller answer the requests: nothing acknowledged can be lost. Batches of one
 * call serialize on its row lock, across app instances too.
 */
export async function submitBatch(db: Db, deps: SubmissionDeps, callId: number,
  batch: readonly Pending[]): Promise<Map<Pending, Result>> {
  return db.transaction().execute(async (tx) => {
    const call = await loadCall(tx, callId, { lock: true })
    const now = call.readAt
    // One instant per batch, never before the previous batch's: protocol order and time order agree.
    const registeredAt = call.lastSubmittedAt && call.lastSubmittedAt > now ? call.lastSubmittedAt : now
    const results = new Map<Pending, Result>()
    const ordered = [...batch].sort((a, b) => a.input.receivedAt.getTime() - b.input.receivedAt.getTime())

    // Idempotency: a key seen before answers with what it answered then (same status, same body).
    const keyed = ordered.filter((p) => p.input.key !== null)
    const known = new Map<string, { fingerprint: string; status_code: number; response: unknown }>()
    if (keyed.length) {
      const rows = await sql<{ scope: string; key: string; fingerprint: string; status_code: number; response: unknown }>`
        SELECT scope, key, fingerprint, status_code, response FROM voucher_idempotency
        WHERE (scope, key) IN (SELECT * FROM unnest(${keyed.map((p) => p.input.scope)}::text[], ${keyed.map((p) => p.input.key)}::text[]))`.execute(tx)
      for (const r of rows.rows) known.set(`${r.scope}\u0000${r.key}`, r)
    }
    const fresh: Pending[] = []
    const firstWithKey = new Map<string, Pending>()
    const followers: { p: Pending; leader: Pending }[] = []
    for (const p of ordered) {
      const k = keyOf(p.input)
      const stored = k ? known.get(k) : undefined
      if (stored) {
        results.set(p, stored.fingerprint === p.input.fingerprint ? { statusCode: stored.status_code, body: stored.response as SubmissionReceipt } : reused())
      } else if (k && firstWithKey.has(k)) {
        followers.push({ p, leader: firstWithKey.get(k)! })
      } else {
        if (k) firstWithKey.set(k, p)
        fresh.push(p)
      }
    }

    const ids = [...new Set(fresh.map((p) => p.input.applicationId))]
    const drafts = new Map((ids.length ? await tx.selectFrom('voucher_application')
      .select(['id', 'call_id', 'firm_id', 'status', 'protocol_number', 'submitted_at', 'expenses', 'declarations', 'contact'])
      .where('id', 'in', ids).orderBy('id').forUpdate().execute() : []).map((d) => [d.id, d as DraftRow]))
    const firmIds = [...new Set([...drafts.values()].map((d) => d.firm_id))]
    const [profiles, assessments, aid, docs] = await Promise.all([
      deps.crm.firmProfiles(tx, firmIds),
      call.eligibility.assessment ? deps.assessment.latestCompleted(tx, firmIds) : Promise.resolve(new Map()),
      platformAid(tx, firmIds, deMinimisPeriodStart(now, call.deMinimis.years)),
      call.documents.some((d) => d.required) ? documentTypes(tx, ids) : Promise.resolve(new Map<number, Set<string>>()),
    ])
    const provinces = call.chamberProvinces

    const fcfs = call.allocation === 'fcfs'
    let pools: AllocationState = { free: freePools(call), blocked: blockedPools(call) }
    let reserveCount = call.reserveCount
    let protocol = call.lastProtocol
    const winners: Winner[] = []
    const taken = new Map<number, number>()
    for (const p of fresh) {
      const draft = drafts.get(p.input.applicationId)
      // Another firm's application is not found, before anything about it (its status, its protocol) is said.
      const timing = (draft && draft.firm_id !== p.input.firmId ? new HttpError(404, 'not_found', 'application not found') : null)
        ?? timingProblem(call, draft, (n) => protocolOf(call.code, n), now)
        ?? (taken.has(draft!.id) ? new HttpError(409, 'voucher_application_submitted', `already submitted with protocol ${protocolOf(call.code, taken.get(draft!.id)!)}`, undefined,
          { params: { protocol: protocolOf(call.code, taken.get(draft!.id)!) ?? '' } }) : null)
      if (timing) { results.set(p, timing); continue }
      const ok = checkSubmission(call, draft!, {
        profile: profiles.get(draft!.firm_id), chamberProvinces: provinces, assessmentAt: assessments.get(draft!.firm_id)?.submittedAt ?? null,
        platformAidCents: aid.get(draft!.firm_id) ?? 0, documentTypes: docs.get(draft!.id) ?? new Set(), now,
      })
      if (ok instanceof HttpError) { results.set(p, ok); continue }
      let status: ApplicationStatus = 'submitted'
      let heldCents = 0
      let heldPool: string | null = null
      if (fcfs) {
        const step = allocate(pools, [{ id: draft!.id, pools: claimPools(ok.quotaCode), needCents: ok.requestedCents }], call.allowRemainder)
        const d = step.decisions[0]!
        if (d.pool === null && call.reserveLimit !== null && reserveCount >= call.reserveLimit) {
          results.set(p, new HttpError(409, 'voucher_call_not_open', 'closed for exhausted funds: the reserve list is full', undefined, { params: { reason: 'exhausted' } }))
          continue
        }
        pools = step.state
        if (d.pool === null) { status = 'reserve'; reserveCount++ } else { status = 'funded'; heldCents = d.cents; heldPool = d.pool }
      }
      taken.set(draft!.id, ++protocol)
      winners.push({ pending: p, draft: draft!, ok, status, heldCents, heldPool, protocol })
    }

    if (winners.length) {
      const bodies = winners.map((w) => receiptOf(call, w, registeredAt))
      await writeWinners(tx, call, winners, bodies, registeredAt)
      await deps.crm.recordEvents(tx, winners.map((w) => ({ ctx: w.pending.input.ctx, event: {
        firmId: w.draft.firm_id, type: 'voucher_submitted' as const, sourceModule: 'vouchers',
        summary: `Domanda di voucher ${protocolOf(call.code, w.protocol)} presentata: ${OUTCOME_IT[w.status] ?? w.status}`,
        details: { callId: call.id, applicationId: w.draft.id, protocolNumber: w.protocol, status: w.status, requestedCents: w.ok.requestedCents, heldCents: w.heldCents },
      } })))
      // After the batch's one big statement, in its transaction: one event per submitted draft.
      await emitStatusChanges(deps.webhooks, tx, call, winners.map((w) => ({ id: w.draft.id, firmId: w.draft.firm_id, protocolNumber: w.protocol,
        from: 'draft', to: w.status })))
      winners.forEach((w, i) => results.set(w.pending, { statusCode: 200, body: bodies[i]! }))
    }
    for (const { p, leader } of followers) {
      const first = results.get(leader)!
      results.set(p, p.input.fingerprint === leader.input.fingerprint ? first : reused())
    }
    return results
  })
}

function receiptOf(call: CallState, w: Winner, at: Date): SubmissionReceipt {
  return {
    id: w.draft.id, callId: call.id, firmId: w.draft.firm_id, protocol: protocolOf(call.code, w.protocol)!, protocolNumber: w.protocol,
    submittedAt: at.toISOString(), status: w.status, requestedCents: w.ok.requestedCents, heldCents: w.heldCents, quotaCode: w.ok.quotaCode,
    deMinimis: { outcome: w.ok.deMinimis.outcome, reason: w.ok.deMinimis.reason },
  }
}

/**
 * Submits whatever the queue took, grouped by call (each group one transaction, calls in id order).
 * A group that fails as a whole is retried on a deadlock, else split: each submission retried
 * alone, so one bad request cannot fail the others. Never throws: each request gets its answer or
 * its error.
 */
export async function submitAll(db: Db, deps: SubmissionDeps, batch: readonly Pending[],
  onFailure: (err: unknown, size: number) => void): Promise<Map<Pending, Result | Error>> {
  const results = new Map<Pending, Result | Error>()
  const ids = [...new Set(batch.map((p) => p.input.applicationId))]
  const rows = await db.selectFrom('voucher_application').select(['id', 'call_id', 'firm_id']).where('id', 'in', ids).execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  const groups = new Map<number, Pending[]>()
  for (const p of batch) {
    const row = byId.get(p.input.applicationId)
    const callId = row?.firm_id === p.input.firmId ? row.call_id : undefined
    if (callId === undefined) results.set(p, new HttpError(404, 'not_found', 'application not found'))
    else groups.set(callId, [...(groups.get(callId) ?? []), p])
  }
  const run = async (callId: number, group: Pending[], attempt = 1): Promise<void> => {
    try {
      for (const [p, r] of await submitBatch(db, deps, callId, group)) results.set(p, r)
    } catch (err) {
      const code = (err as { code?: string }).code
      if ((code === '40P01' || code === '40001') && attempt < 4) return run(callId, group, attempt + 1)
      onFailure(err, group.length)
      if (group.length === 1) results.set(group[0]!, err as Error)
      else for (const p of group) await run(callId, [p], attempt)
    }
  }
  for (const callId of [...groups.keys()].sort((a, b) => a - b)) await run(callId, groups.get(callId)!)
  return results
}

/** The pools an earlier waiting firm closes to newcomers: general whenever anyone waits, a quota when one of its firms waits. */
function blockedPools(call: CallState): Set<string> {
  const blocked = new Set<string>()
  if (call.reserveCount > 0) blocked.add(GENERAL_POOL)
  for (const q of call.quotas) if (q.reserveCount > 0) blocked.add(q.code)
  return blocked
}

/**
 * One statement writes the batch's applications (status, protocol, instant, what was computed), the
 * idempotency records (the answer each key will get again) and the audit rows; then the call's
 * counters move (conditional UPDATE + CHECKs).
 */
/** A grant the de minimis ceiling reduced says so, with the figures (status-reason.ts). */
function deMinimisReason(dm: DeMinimisResult, years: number): string | null {
  if (dm.outcome !== 'reduced') return null
  return JSON.stringify(platformReason('de_minimis_reduced', { requestedCents: dm.requestedCents, roomCents: dm.roomCents, ceilingCents: dm.ceilingCents,
    declaredCents: dm.declaredCents, platformCents: dm.platformCents, years }))
}

async function writeWinners(tx: Tx, call: CallState, winners: Winner[], bodies: SubmissionReceipt[], registeredAt: Date): Promise<void> {
  const col = <T>(f: (w: Winner, i: number) => T) => winners.map(f)
  const digest = (w: Winner) => createHash('sha256').update(JSON.stringify({
    call: call.code, protocol: w.protocol, at: registeredAt.toISOString(), firm: w.ok.profile.taxCode, expenses: w.draft.expenses,
    declarations: w.draft.declarations, contact: w.draft.contact, grantCents: w.ok.requestedCents,
  })).digest('hex')
  const audit = (w: Winner) => JSON.stringify({ protocolNumber: w.protocol, status: w.status, requestedCents: w.ok.requestedCents,
    heldCents: w.heldCents, pool: w.heldPool, deMinimis: w.ok.deMinimis.outcome })
  const updated = await sql<{ n: number }>`WITH v AS (
      SELECT * FROM unnest(${col((w) => w.draft.id)}::bigint[], ${col((w) => w.status)}::text[], ${col((w) => w.protocol)}::int[],
        ${col((w) => w.pending.input.receivedAt)}::timestamptz[], ${col((w) => w.pending.input.submittedBy)}::bigint[], ${col(digest)}::text[],
        ${col((w) => JSON.stringify(w.ok.grant))}::jsonb[], ${col((w) => JSON.stringify(w.ok.eligibility))}::jsonb[],
        ${col((w) => JSON.stringify(w.ok.deMinimis))}::jsonb[], ${col((w) => w.ok.requestedCents)}::bigint[], ${col((w) => w.ok.quotaCode)}::text[],
        ${col((w) => w.heldCents)}::bigint[], ${col((w) => w.heldPool)}::text[], ${col((w) => w.ok.profile.name)}::text[],
        ${col((w) => w.ok.profile.taxCode)}::text[], ${col((w) => deMinimisReason(w.ok.deMinimis, call.deMinimis.years))}::jsonb[],
        ${col((w) => w.pending.input.scope)}::text[], ${col((w) => w.pending.input.key)}::text[], ${col((w) => w.pending.input.fingerprint)}::text[],
        ${col((_w, i) => JSON.stringify(bodies[i]))}::jsonb[], ${col((w) => w.pending.input.ctx.actorId)}::bigint[],
        ${col((w) => w.pending.input.ctx.requestId)}::text[], ${col((w) => w.pending.input.ctx.ip)}::text[], ${col(audit)}::jsonb[])
        AS t(id, status, protocol, received, submitted_by, digest, figures, eligibility, de_minimis, requested, quota, held, pool, firm_name,
          tax_code, reason, scope, key, fingerprint, response, actor, request_id, ip, audit)
    ), apps AS (
      UPDATE voucher_application a SET status = v.status, protocol_number = v.protocol, submitted_at = ${registeredAt}, received_at = v.received,
        submitted_by = v.submitted_by, content_sha256 = v.digest, grant_figures = v.figures, eligibility = v.eligibility, de_minimis = v.de_minimis,
        requested_cents = v.requested, quota_code = v.quota, held_cents = v.held, held_pool = v.pool, firm_name = v.firm_name,
        firm_tax_code = v.tax_code, status_reason = NULL, status_reason_detail = v.reason, updated_at = now()
      FROM v WHERE a.id = v.id AND a.status = 'draft'
      RETURNING a.id
    ), keys AS (
      INSERT INTO voucher_idempotency (scope, key, fingerprint, application_id, status_code, response)
      SELECT scope, key, fingerprint, id, 200, response FROM v WHERE key IS NOT NULL
    ), audits AS (
      INSERT INTO audit_log (actor_id, chamber_id, action, entity, entity_id, after, request_id, ip)
      SELECT actor, ${call.chamberId}, 'vouchers.application.submitted', 'voucher_application', id::text, audit, request_id, ip FROM v
    )
    SELECT count(*)::int AS n FROM apps`.execute(tx)
  if (updated.rows[0]!.n !== winners.length) throw new Error(`submitted ${updated.rows[0]!.n} of ${winners.length} drafts: the batch is retried`)
  const ch: CounterChange = { reservedDelta: 0, reserveDelta: 0, protocols: winners.length, submittedAt: registeredAt }
  for (const w of winners) countIn(ch, { cents: w.heldCents, pool: w.heldPool }, w.status === 'reserve' ? w.ok.quotaCode : undefined, 1)
  await writeCounters(tx, call, ch)
}

const OUTCOME_IT: Partial<Record<ApplicationStatus, string>> = {
  funded: 'finanziabile', reserve: "in lista d'attesa", submitted: 'in attesa di valutazione',
}

/** De minimis aid through this platform in the period: money held or granted by voucher applications. */
async function platformAid(tx: Tx, firmIds: number[], since: Date): Promise<Map<number, number>> {
  if (firmIds.length === 0) return new Map()
  const rows = await sql<{ firm_id: number; cents: number }>`SELECT firm_id, sum(CASE WHEN status = 'granted' THEN granted_cents ELSE held_cents END)::bigint AS cents
    FROM voucher_application WHERE firm_id = ANY(${firmIds}::bigint[]) AND status IN ('funded', 'granted')
      AND coalesce(decided_at, submitted_at) >= ${since} GROUP BY firm_id`.execute(tx)
  return new Map(rows.rows.map((r) => [r.firm_id, Number(r.cents)]))
}

async function documentTypes(tx: Tx, applicationIds: number[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>()
  if (applicationIds.length === 0) return out
  const rows = await tx.selectFrom('voucher_document').select(['application_id', 'doc_type']).where('application_id', 'in', applicationIds).execute()
  for (const r of rows) out.set(r.application_id, (out.get(r.application_id) ?? new Set()).add(r.doc_type))
  return out
}
