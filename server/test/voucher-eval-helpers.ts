import { sql } from 'kysely'
import type { AdmissibilityView, ApplicationEvaluation, VoucherDecisionBody } from '@pid/shared'
import { makeFirm } from './crm-factories.ts'
import { completeDraft, firmWithDraft } from './voucher-factories.ts'
import type { Auth, TestContext } from './helpers.ts'

/** Helpers for the evaluation, reporting and payment tests: everything through the API except the clock. */
export interface Submitted { applicationId: number; firmId: number; auth: Auth }

/** A firm of Milano submits a complete draft (5,000 EUR asked under callBody()'s rule unless the draft says otherwise). */
export async function submitted(ctx: TestContext, callId: number, draft = completeDraft(), firm?: { id: number }): Promise<Submitted> {
  const d = await firmWithDraft(ctx, callId, draft, firm ?? await makeFirm(ctx.db))
  const res = await ctx.http().post(`/api/v1/firm/vouchers/applications/${d.applicationId}/submit`).set(d.auth)
  if (res.status !== 200) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`)
  return d
}

/** The window of a call ends now (tests move the clock of the call, not the server's). */
export async function closeCallWindow(ctx: TestContext, callId: number): Promise<void> {
  await sql`UPDATE voucher_call SET opens_at = least(opens_at, now() - interval '2 hours'), closes_at = now() - interval '1 second' WHERE id = ${callId}`.execute(ctx.db)
}

/** The reporting deadline of a call passed (yesterday, Rome). */
export async function passReportingDeadline(ctx: TestContext, callId: number): Promise<void> {
  await sql`UPDATE voucher_call SET reporting_deadline = (now() AT TIME ZONE 'Europe/Rome')::date - 1,
    opens_at = least(opens_at, now() - interval '3 days'), closes_at = least(closes_at, now() - interval '2 days') WHERE id = ${callId}`.execute(ctx.db)
}

export const appUrl = (chamberId: number, applicationId: number) => `/api/v1/chambers/${chamberId}/vouchers/applications/${applicationId}`
export const callUrl = (chamberId: number, callId: number) => `/api/v1/chambers/${chamberId}/vouchers/calls/${callId}`

/** Records the checklist as the system proposes it ('verify' becomes pass), or with the given failures (with a note). */
export async function recordAdmissibility(ctx: TestContext, staff: Auth, chamberId: number, applicationId: number, fail: string[] = []): Promise<AdmissibilityView> {
  const view = (await ctx.http().get(`${appUrl(chamberId, applicationId)}/admissibility`).set(staff).expect(200)).body as AdmissibilityView
  const checks = view.proposed.map((p) => {
    const outcome = fail.includes(p.code) ? 'fail' as const : 'pass' as const
    const differs = outcome === 'fail' || (p.outcome !== 'verify' && p.outcome !== outcome)
    return { code: p.code, outcome, ...(differs ? { note: `checked by hand: ${p.code}` } : {}) }
  })
  const res = await ctx.http().put(`${appUrl(chamberId, applicationId)}/admissibility`).set(staff).send({ checks, notes: 'istruttoria' })
  if (res.status !== 200) throw new Error(`admissibility: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

export async function decide(ctx: TestContext, staff: Auth, chamberId: number, applicationId: number, body: VoucherDecisionBody): Promise<ApplicationEvaluation> {
  const res = await ctx.http().post(`${appUrl(chamberId, applicationId)}/decision`).set(staff).send(body)
  if (res.status !== 200) throw new Error(`decision: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** Admissible and granted as proposed, with a COR code. */
export async function grant(ctx: TestContext, staff: Auth, chamberId: number, applicationId: number, amountCents?: number): Promise<ApplicationEvaluation> {
  await recordAdmissibility(ctx, staff, chamberId, applicationId)
  return decide(ctx, staff, chamberId, applicationId, { outcome: 'granted', corCode: String(1_000_000 + applicationId), ...(amountCents ? { amountCents } : {}) })
}
