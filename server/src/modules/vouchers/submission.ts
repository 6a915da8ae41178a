import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import {
  allocate, claimPools, deMinimisPeriodStart, GENERAL_POOL, type AllocationState, type ApplicationStatus, type VoucherApplication,
} from '@pid/shared'
import type { Db, Tx } from '../../db/database.ts'
import { auditMany, type AuditContext } from '../../core/audit.ts'
import { HttpError } from '../../core/errors.ts'
import type { CrmService } from '../crm/crm.service.ts'
import type { AssessmentService } from '../assessment/assessment.service.ts'
import { freePools, loadCall, type CallState } from './call-state.ts'
import { loadApplications, protocolOf } from './application-rows.ts'
import { countIn, writeCounters, type CounterChange } from './allocation.service.ts'
import { checkSubmission, timingProblem, type Accepted, type DraftRow } from './submission-checks.ts'

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

export interface SubmissionOutcome { statusCode: number; body: VoucherApplication }
export interface Pending { input: SubmissionInput; resolve(o: SubmissionOutcome): void; reject(e: unknown): void }

type Result = SubmissionOutcome | HttpError
interface Winner { pending: Pending; draft: DraftRow; ok: Accepted; status: ApplicationStatus; heldCents: number; heldPool: string | null; protocol: number }

const keyOf = (i: SubmissionInput) => (i.key === null ? null : `${i.scope}\u0000${i.key}`)
const reused = () => new HttpError(422, 'idempotency_key_reused', 'this Idempotency-Key was used for another request')

/**
 * Submits a batch of drafts of one call in ONE transaction, in arrival order: lock the call row,
 * replay known idempotency keys, check each draft, give consecutive protocol numbers and one
 * registration instant, decide funded / reserve against the pools (first come first served), write
 * the applications, the call's counters (conditional UPDATE + CHECKs), the idempotency records,
 * the CRM timeline and the audit, commit. Only then does the caller answer the requests: nothing
 * acknowledged can be lost. Batches of one call serialize on its row lock, across app instances too.
 */
export async function submitBatch(db: Db, deps: { crm: CrmService; assessment: AssessmentService }, callId: number,
  batch: readonly Pending[]): Promise<Map<Pending, Result>> {
  return db.transaction().execute(async (tx) => {
    const call = await loadCall(tx, callId, { lock: true })
    const now = (await sql<{ now: Date }>`SELECT clock_timestamp() AS now`.execute(tx)).rows[0]!.now
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
        results.set(p, stored.fingerprint === p.input.fingerprint ? { statusCode: stored.status_code, body: stored.response as VoucherApplication } : reused())
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
    const [profiles, assessments, aid, docs, provinces] = await Promise.all([
      deps.crm.firmProfiles(tx, firmIds),
      call.eligibility.assessment ? deps.assessment.latestCompleted(tx, firmIds) : Promise.resolve(new Map()),
      platformAid(tx, firmIds, deMinimisPeriodStart(now, call.deMinimis.years)),
      documentTypes(tx, ids),
      chamberProvinces(tx, call.chamberId),
    ])

    const fcfs = call.allocation === 'fcfs'
    let pools: AllocationState = { free: freePools(call), blocked: blockedPools(call) }
    let reserveCount = call.reserveCount
    let protocol = call.lastProtocol
    const winners: Winner[] = []
    const taken = new Map<number, number>()
    for (const p of fresh) {
      const draft = drafts.get(p.input.applicationId)
      const timing = timingProblem(call, draft, (n) => protocolOf(call.code, n), now)
        ?? (draft!.firm_id !== p.input.firmId ? new HttpError(404, 'not_found', 'application not found') : null)
        ?? (taken.has(draft!.id) ? new HttpError(409, 'conflict', `already submitted with protocol ${protocolOf(call.code, taken.get(draft!.id)!)}`) : null)
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
          results.set(p, new HttpError(409, 'voucher_call_not_open', 'closed for exhausted funds: the reserve list is full'))
          continue
        }
        pools = step.state
        if (d.pool === null) { status = 'reserve'; reserveCount++ } else { status = 'funded'; heldCents = d.cents; heldPool = d.pool }
      }
      taken.set(draft!.id, ++protocol)
      winners.push({ pending: p, draft: draft!, ok, status, heldCents, heldPool, protocol })
    }

    if (winners.length) {
      await writeWinners(tx, call, winners, registeredAt)
      const bodies = await loadApplications(tx, winners.map((w) => w.draft.id))
      const withKey = winners.filter((w) => w.pending.input.key !== null)
      if (withKey.length) {
        await tx.insertInto('voucher_idempotency').values(withKey.map((w) => ({
          scope: w.pending.input.scope, key: w.pending.input.key!, fingerprint: w.pending.input.fingerprint, application_id: w.draft.id,
          status_code: 200, response: JSON.stringify(bodies.get(w.draft.id)),
        }))).execute()
      }
      await recordSteps(tx, deps.crm, call, winners)
      for (const w of winners) results.set(w.pending, { statusCode: 200, body: bodies.get(w.draft.id)! })
    }
    for (const { p, leader } of followers) {
      const first = results.get(leader)!
      results.set(p, p.input.fingerprint === leader.input.fingerprint ? first : reused())
    }
    return results
  })
}

/** The pools an earlier waiting firm closes to newcomers: general whenever anyone waits, a quota when one of its firms waits. */
function blockedPools(call: CallState): Set<string> {
  const blocked = new Set<string>()
  if (call.reserveCount > 0) blocked.add(GENERAL_POOL)
  for (const q of call.quotas) if (q.reserveCount > 0) blocked.add(q.code)
  return blocked
}

async function writeWinners(tx: Tx, call: CallState, winners: Winner[], registeredAt: Date): Promise<void> {
  const col = <T>(f: (w: Winner) => T) => winners.map(f)
  const digest = (w: Winner) => createHash('sha256').update(JSON.stringify({
    call: call.code, protocol: w.protocol, at: registeredAt.toISOString(), firm: w.ok.profile.taxCode, expenses: w.draft.expenses,
    declarations: w.draft.declarations, contact: w.draft.contact, grantCents: w.ok.requestedCents,
  })).digest('hex')
  const updated = await sql<{ id: number }>`UPDATE voucher_application a SET status = v.status, protocol_number = v.protocol,
      submitted_at = ${registeredAt}, received_at = v.received, submitted_by = v.submitted_by, content_sha256 = v.digest,
      grant_figures = v.figures, eligibility = v.eligibility, de_minimis = v.de_minimis, requested_cents = v.requested,
      quota_code = v.quota, held_cents = v.held, held_pool = v.pool, firm_name = v.firm_name, firm_tax_code = v.tax_code,
      status_reason = v.reason, updated_at = now()
    FROM unnest(${col((w) => w.draft.id)}::bigint[], ${col((w) => w.status)}::text[], ${col((w) => w.protocol)}::int[],
      ${col((w) => w.pending.input.receivedAt)}::timestamptz[], ${col((w) => w.pending.input.submittedBy)}::bigint[], ${col(digest)}::text[],
      ${col((w) => JSON.stringify(w.ok.grant))}::jsonb[], ${col((w) => JSON.stringify(w.ok.eligibility))}::jsonb[],
      ${col((w) => JSON.stringify(w.ok.deMinimis))}::jsonb[], ${col((w) => w.ok.requestedCents)}::bigint[], ${col((w) => w.ok.quotaCode)}::text[],
      ${col((w) => w.heldCents)}::bigint[], ${col((w) => w.heldPool)}::text[], ${col((w) => w.ok.profile.name)}::text[],
      ${col((w) => w.ok.profile.taxCode)}::text[], ${col((w) => w.ok.deMinimis.reason)}::text[])
      AS v(id, status, protocol, received, submitted_by, digest, figures, eligibility, de_minimis, requested, quota, held, pool, firm_name, tax_code, reason)
    WHERE a.id = v.id AND a.status = 'draft'
    RETURNING a.id`.execute(tx)
  if (updated.rows.length !== winners.length) throw new Error(`submitted ${updated.rows.length} of ${winners.length} drafts: the batch is retried`)
  const ch: CounterChange = { reservedDelta: 0, reserveDelta: 0, protocols: winners.length, submittedAt: registeredAt }
  for (const w of winners) countIn(ch, { cents: w.heldCents, pool: w.heldPool }, w.status === 'reserve' ? w.ok.quotaCode : undefined, 1)
  await writeCounters(tx, call, ch)
}

const OUTCOME_IT: Partial<Record<ApplicationStatus, string>> = {
  funded: 'finanziabile', reserve: "in lista d'attesa", submitted: 'in attesa di valutazione',
}

async function recordSteps(tx: Tx, crm: CrmService, call: CallState, winners: Winner[]): Promise<void> {
  await crm.recordEvents(tx, winners.map((w) => ({ ctx: w.pending.input.ctx, event: {
    firmId: w.draft.firm_id, type: 'voucher_submitted' as const, sourceModule: 'vouchers',
    summary: `Domanda di voucher ${protocolOf(call.code, w.protocol)} presentata: ${OUTCOME_IT[w.status] ?? w.status}`,
    details: { callId: call.id, applicationId: w.draft.id, protocolNumber: w.protocol, status: w.status, requestedCents: w.ok.requestedCents, heldCents: w.heldCents },
  } })))
  await auditMany(tx, winners.map((w) => ({ ctx: w.pending.input.ctx, event: {
    chamberId: call.chamberId, action: 'vouchers.application.submitted', entity: 'voucher_application', entityId: w.draft.id,
    after: { protocolNumber: w.protocol, status: w.status, requestedCents: w.ok.requestedCents, heldCents: w.heldCents, pool: w.heldPool,
      deMinimis: w.ok.deMinimis.outcome },
  } })))
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

async function chamberProvinces(tx: Tx, chamberId: number): Promise<string[]> {
  const rows = await tx.selectFrom('chamber_province').select('province_code').where('chamber_id', '=', chamberId).where('valid_to', 'is', null).execute()
  return rows.map((r) => r.province_code)
}
