import { sql } from 'kysely'
import {
  DEFAULT_DE_MINIMIS, grantRuleProblems, PUBLISHED_EDITABLE, quotaSizeCents, type CallRuleCode, type CreateCallBody, type RuleProblem, type UpdateCallBody,
  type VoucherCall,
} from '@pid/shared'
import type { Db, Tx } from '../../db/database.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { badRequest, conflict, HttpError } from '../../core/errors.ts'
import type { JobQueue } from '../../core/jobs.ts'
import type { BudgetService } from '../budget/index.ts'
import { dbNow, loadCall, statusCounts, toVoucherCall, type CallState } from './call-state.ts'
import { CLOSING_JOB } from './allocation.service.ts'
import { Service } from '../../core/service.ts'

const unique = (codes: string[], path: (i: number) => string, what: string): RuleProblem[] =>
  codes.flatMap((c, i) => (codes.indexOf(c) !== i ? [{ path: path(i), message: `${what} '${c}' appears twice`, code: 'code_twice', params: { code: c } }] : []))
const rule = (path: string, code: CallRuleCode, message: string, params?: RuleProblem['params']): RuleProblem =>
  ({ path, message, code, ...(params ? { params } : {}) })

/** What the schema cannot say about a call's terms; each problem names its field and its rule (CALL_RULE_CODES). */
export function callProblems(c: CreateCallBody): RuleProblem[] {
  const out: RuleProblem[] = []
  if (new Date(c.closesAt) <= new Date(c.opensAt)) out.push(rule('/closesAt', 'closes_before_opens', 'the call must close after it opens'))
  if (c.reportingDeadline < c.closesAt.slice(0, 10)) {
    out.push(rule('/reportingDeadline', 'reporting_before_close', 'reporting cannot end before the call closes', { closesDate: c.closesAt.slice(0, 10) }))
  }
  out.push(...grantRuleProblems(c.grantRule))
  out.push(...unique(c.quotas.map((q) => q.code), (i) => `/quotas/${i}/code`, 'quota'))
  c.quotas.forEach((q, i) => {
    if (q.sizeClasses.length === 0 && q.atecoPrefixes.length === 0) out.push(rule(`/quotas/${i}`, 'quota_unbounded', 'a quota needs a size class or an ATECO prefix'))
  })
  const sharePm = c.quotas.reduce((s, q) => s + q.sharePm, 0)
  if (sharePm > 1000) out.push(rule('/quotas', 'quotas_over_envelope', 'the quotas add up to more than the envelope', { percent: sharePm / 10 }))
  out.push(...unique(c.documents.map((d) => d.code), (i) => `/documents/${i}/code`, 'document'))
  out.push(...unique(c.rankingCriteria.map((d) => d.code), (i) => `/rankingCriteria/${i}/code`, 'criterion'))
  if (c.allocation === 'ranking' && c.rankingCriteria.length === 0) out.push(rule('/rankingCriteria', 'ranking_without_criteria', 'a ranking call needs merit criteria'))
  return out
}

function columns(c: CreateCallBody) {
  return {
    code: c.code, title: JSON.stringify(c.title), summary: JSON.stringify(c.summary), body: c.body ? JSON.stringify(c.body) : null,
    opens_at: c.opensAt, closes_at: c.closesAt, budget_year: c.budgetYear, allocation: c.allocation, allow_remainder: c.allowRemainder,
    reserve_limit: c.reserveLimit ?? null, grant_rule: JSON.stringify(c.grantRule), eligibility: JSON.stringify(c.eligibility),
    de_minimis: JSON.stringify(c.deMinimis ?? DEFAULT_DE_MINIMIS), ranking_criteria: JSON.stringify(c.rankingCriteria),
    documents: JSON.stringify(c.documents), reporting_deadline: c.reportingDeadline,
    reporting_assessment: c.reportingAssessment ?? false, rna_car_code: c.rnaCarCode ?? null, cup: c.cup ?? null,
    envelope_cents: c.envelopeCents, quota_cents: c.quotas.reduce((s, q) => s + quotaSizeCents(c.envelopeCents, q.sharePm), 0),
  }
}

/** The call's terms as a create body (what an update patches). */
function asBody(c: CallState): CreateCallBody {
  return {
    code: c.code, title: c.title, summary: c.summary, ...(c.body ? { body: c.body } : {}), opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt.toISOString(), budgetYear: c.budgetYear, envelopeCents: c.envelopeCents, allocation: c.allocation,
    allowRemainder: c.allowRemainder, reserveLimit: c.reserveLimit, grantRule: c.grantRule, eligibility: c.eligibility, deMinimis: c.deMinimis,
    quotas: c.quotas.map(({ code, label, sharePm, sizeClasses, atecoPrefixes }) => ({ code, label, sharePm, sizeClasses, atecoPrefixes })),
    rankingCriteria: c.rankingCriteria, documents: c.documents, reportingDeadline: c.reportingDeadline,
    reportingAssessment: c.reportingAssessment, rnaCarCode: c.rnaCarCode, cup: c.cup,
  }
}

async function writeQuotas(tx: Tx, callId: number, c: CreateCallBody): Promise<void> {
  await tx.deleteFrom('voucher_call_quota').where('call_id', '=', callId).execute()
  if (c.quotas.length === 0) return
  await tx.insertInto('voucher_call_quota').values(c.quotas.map((q, i) => ({
    call_id: callId, code: q.code, position: i + 1, label: JSON.stringify(q.label), share_pm: q.sharePm, size_classes: q.sizeClasses,
    ateco_prefixes: q.atecoPrefixes, size_cents: quotaSizeCents(c.envelopeCents, q.sharePm),
  }))).execute()
}

const duplicateCode = (err: unknown, code: string): never => {
  if ((err as { code?: string }).code === '23505') throw conflict(`the chamber already has a call with code ${code}`, 'voucher_call_code_taken', { code })
  throw err
}

/**
 * Calls: drafts are edited freely; publishing commits the envelope on the chamber's budget voucher
 * line (a call cannot promise more than the line has uncommitted) and freezes the terms: afterwards
 * only the texts may change. The phase (scheduled, open, closed) follows from the clock.
 */
export class CallsService extends Service<{ db: Db; budget: BudgetService; jobs: JobQueue }> {
  async view(chamberId: number, callId: number): Promise<VoucherCall> {
    const call = await loadCall(this.deps.db, callId, { chamberId })
    return toVoucherCall(call, await statusCounts(this.deps.db, callId), await dbNow(this.deps.db))
  }

  async create(chamberId: number, body: CreateCallBody, ctx: AuditContext): Promise<VoucherCall> {
    const problems = callProblems(body)
    if (problems.length) throw badRequest('the call is not consistent', problems)
    const id = await this.deps.db.transaction().execute(async (tx) => {
      const { id } = await tx.insertInto('voucher_call').values({ chamber_id: chamberId, ...columns(body), created_by: ctx.actorId })
        .returning('id').executeTakeFirstOrThrow().catch((err) => duplicateCode(err, body.code))
      await writeQuotas(tx, id, body)
      await audit(tx, ctx, { chamberId, action: 'vouchers.call.created', entity: 'voucher_call', entityId: id, after: body })
      return id
    })
    return this.view(chamberId, id)
  }

  async update(chamberId: number, callId: number, patch: UpdateCallBody, ctx: AuditContext): Promise<VoucherCall> {
    await this.deps.db.transaction().execute(async (tx) => {
      const call = await loadCall(tx, callId, { chamberId, lock: true })
      if (call.status !== 'draft') {
        const frozen = Object.keys(patch).filter((k) => !(PUBLISHED_EDITABLE as readonly string[]).includes(k))
        if (frozen.length) {
          throw conflict(`the call is published: its terms are frozen, only ${PUBLISHED_EDITABLE.join(', ')} may change`, 'voucher_call_frozen', undefined,
            frozen.map((k) => ({ path: `/${k}`, message: 'frozen once published', code: 'frozen_once_published' })))
        }
      }
      const before = asBody(call)
      const next: CreateCallBody = { ...before, ...patch }
      const problems = callProblems(next)
      if (problems.length) throw badRequest('the call is not consistent', problems)
      await tx.updateTable('voucher_call').set({ ...columns(next), updated_at: sql`now()` }).where('id', '=', callId).execute()
        .catch((err) => duplicateCode(err, next.code))
      if (call.status === 'draft') await writeQuotas(tx, callId, next)
      await audit(tx, ctx, { chamberId, action: 'vouchers.call.updated', entity: 'voucher_call', entityId: callId, before, after: patch })
    })
    return this.view(chamberId, callId)
  }

  async remove(chamberId: number, callId: number, ctx: AuditContext): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const call = await loadCall(tx, callId, { chamberId, lock: true })
      if (call.status !== 'draft') throw conflict('only a draft call can be deleted: this one is published', 'voucher_call_not_draft')
      await tx.deleteFrom('voucher_call').where('id', '=', callId).execute()
      await audit(tx, ctx, { chamberId, action: 'vouchers.call.deleted', entity: 'voucher_call', entityId: callId, before: asBody(call) })
    })
  }

  /** Publishes a draft: commits its envelope on the budget (409 budget_exceeded saying what is available), schedules its closing. */
  async publish(chamberId: number, callId: number, ctx: AuditContext): Promise<VoucherCall> {
    await this.deps.db.transaction().execute(async (tx) => {
      const call = await loadCall(tx, callId, { chamberId, lock: true })
      if (call.status !== 'draft') throw conflict('the call is already published', 'voucher_call_not_draft')
      const now = await dbNow(tx)
      if (call.closesAt <= now) throw badRequest('the call would already be closed', [{ path: '/closesAt', message: 'in the past', code: 'in_the_past' }])
      try {
        await this.deps.budget.commit(tx, ctx, {
          chamberId, year: call.budgetYear, category: call.budgetCategory, amountCents: call.envelopeCents,
          source: { module: 'vouchers', ref: `call:${callId}` }, description: `Bando ${call.code}: ${call.title.it}`,
        })
      } catch (err) {
        // Same refusal, pointed at the call's own field.
        if (err instanceof HttpError && err.code === 'budget_exceeded') {
          throw new HttpError(409, 'budget_exceeded', err.message, err.fieldErrors?.map((f) => ({ ...f, path: '/envelopeCents' })), { params: err.params })
        }
        throw err
      }
      await tx.updateTable('voucher_call').set({ status: 'published', published_at: sql`now()`, published_by: ctx.actorId, updated_at: sql`now()` })
        .where('id', '=', callId).execute()
      // At the closing instant the quotas' unused money goes to the general pool and the reserve list moves.
      await this.deps.jobs.enqueue(tx, CLOSING_JOB, { callId }, { startAfter: call.closesAt })
      await audit(tx, ctx, { chamberId, action: 'vouchers.call.published', entity: 'voucher_call', entityId: callId,
        after: { envelopeCents: call.envelopeCents, budgetYear: call.budgetYear, opensAt: call.opensAt, closesAt: call.closesAt } })
    })
    return this.view(chamberId, callId)
  }
}
