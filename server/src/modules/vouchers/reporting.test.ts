import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { romeDay, type Execution, type Invoice, type VoucherCall, type VoucherReport } from '@pid/shared'
import { type Auth, type TestContext } from '../../../test/helpers.ts'
import { partnerUser } from '../../../test/actors.ts'
import { makeFirm } from '../../../test/crm-factories.ts'
import { BUDGET_YEAR, completeDraft, expense, publishedCall, voucherTestContext } from '../../../test/voucher-factories.ts'
import { appUrl, callUrl, grant, passReportingDeadline, submitted, type Submitted } from '../../../test/voucher-eval-helpers.ts'

let ctx: TestContext
let milano: number
let leader: Auth, coordinator: Auth, partner: Auth
let partnerId: number
const SAMPLE = readFileSync(new URL('../../../test/fixtures/IT12345678903_00042.xml', import.meta.url), 'utf8')
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
const today = () => romeDay(new Date())

beforeAll(async () => {
  ({ ctx, milano, leader, coordinator } = await voucherTestContext(100_000_000))
  const p = await partnerUser(ctx, milano, 'Confcommercio Milano')
  partner = p.auth
  partnerId = p.partnerId
})
afterAll(async () => { await ctx.close() })

/** The sample invoice addressed to this firm, dated today, with its own number. */
async function invoiceXml(firmId: number, number = 'FT-2026/042'): Promise<string> {
  const firm = await ctx.db.selectFrom('firm').select('tax_code').where('id', '=', firmId).executeTakeFirstOrThrow()
  return SAMPLE.replaceAll('BUYER_VAT', firm.tax_code).replace('<Data>2026-03-16</Data>', `<Data>${today()}</Data>`).replace('FT-2026/042', number)
}
const firmReport = (a: Submitted) => `/api/v1/firm/vouchers/applications/${a.applicationId}/report`
const voucherLine = async () => {
  const ex = (await ctx.http().get(`/api/v1/chambers/${milano}/budget/plans/${BUDGET_YEAR}/execution`).set(leader).expect(200)).body as Execution
  return ex.lines.find((l) => l.category === 'vouchers')!
}
const callFigures = async (id: number) => ((await ctx.http().get(callUrl(milano, id)).set(leader).expect(200)).body as VoucherCall).figures

describe('reporting, check and payment', () => {
  it('takes FatturaPA and keyed-in invoices with proofs, checks them, pays what the rule gives on the eligible costs, and moves the budget', async () => {
    const lineAtStart = await voucherLine()
    const c = await publishedCall(ctx, leader, milano, { envelopeCents: 2_000_000 })
    const a = await submitted(ctx, c.id)
    await grant(ctx, coordinator, milano, a.applicationId)
    // Publishing committed the envelope; grants stay within it: the budget line does not move with decisions.
    expect(await voucherLine()).toMatchObject({ committedCents: lineAtStart.committedCents + 2_000_000, spentCents: lineAtStart.spentCents })

    let report = (await ctx.http().get(firmReport(a)).set(a.auth).expect(200)).body as VoucherReport
    expect(report).toMatchObject({ status: 'open', editable: true, grantedCents: 500_000, invoices: [], missing: [{ path: '/invoices', message: 'add at least one invoice' }] })
    expect((await ctx.http().post(`${firmReport(a)}/submit`).set(a.auth)).status).toBe(422)

    // A FatturaPA invoice is read: supplier, number, date, amounts.
    const xml = await invoiceXml(a.firmId)
    const upXml = (body: string, category = 'technology') => ctx.http().post(`${firmReport(a)}/invoices/xml?category=${category}&fileName=fattura.xml`).set(a.auth)
      .set('content-type', 'application/xml').send(body)
    const fromXml = (await upXml(xml).expect(201)).body as Invoice
    expect(fromXml).toMatchObject({ source: 'fatturapa', category: 'technology', supplierName: 'Digitale Lombardo S.r.l.', supplierVat: '12345678903',
      number: 'FT-2026/042', issueDate: today(), taxableCents: 600_000, totalCents: 732_000, eligibleCents: null, files: [{ kind: 'invoice', mediaType: 'application/xml' }] })
    // Refused, writing nothing: the same invoice twice, one addressed to another firm, a credit note, not XML, an unknown category.
    const other = SAMPLE.replaceAll('BUYER_VAT', '01234567897').replace('<Data>2026-03-16</Data>', `<Data>${today()}</Data>`)
    const refusals = [await upXml(xml), await upXml(other), await upXml(xml.replace('TD01', 'TD04').replace('FT-2026/042', 'NC-1')), await upXml('<a>'),
      await upXml(await invoiceXml(a.firmId, 'FT-9'), 'catering')]
    expect(refusals.map((r) => [r.status, r.body.code])).toEqual([[409, 'voucher_invoice_duplicate'], [422, 'voucher_invoice_wrong_buyer'], [422, 'voucher_invoice_unreadable'],
      [422, 'voucher_invoice_unreadable'], [400, 'validation']])
    expect(refusals[1]!.body.detail).toContain('not to the firm')

    // A PDF invoice keyed in by hand, its file and proofs of payment attached.
    const manual = (await ctx.http().post(`${firmReport(a)}/invoices`).set(a.auth).send({ category: 'consulting', supplierName: 'Studio Rossi',
      supplierVat: '12345678903', number: 'P-7', issueDate: today(), taxableCents: 300_000, totalCents: 366_000 }).expect(201)).body as Invoice
    const tooEarly = await ctx.http().post(`${firmReport(a)}/invoices`).set(a.auth).send({ category: 'consulting', supplierName: 'Studio Rossi',
      number: 'P-8', issueDate: '2020-01-01', taxableCents: 100, totalCents: 90 })
    expect(tooEarly.body.errors.map((e: { path: string }) => e.path)).toEqual(['/totalCents', '/issueDate'])
    const attach = (invoiceId: number, kind: string, type: string, body: Buffer) => ctx.http()
      .post(`${firmReport(a)}/invoices/${invoiceId}/files?kind=${kind}&fileName=${kind}.${type.split('/')[1]}`).set(a.auth).set('content-type', type).send(body)
    await attach(manual.id, 'invoice', 'application/pdf', PDF).expect(201)
    expect((await attach(manual.id, 'payment_proof', 'application/pdf', Buffer.from('not a pdf'))).status).toBe(415)
    report = (await ctx.http().get(firmReport(a)).set(a.auth).expect(200)).body as VoucherReport
    expect(report.missing.map((m) => m.message)).toEqual(['invoice FT-2026/042: attach the proof of traceable payment', 'invoice P-7: attach the proof of traceable payment'])
    await attach(manual.id, 'payment_proof', 'image/png', PNG).expect(201)
    await attach(fromXml.id, 'payment_proof', 'application/pdf', PDF).expect(201)

    // Staff cannot check before the firm submits; then the firm submits and the report freezes.
    expect((await ctx.http().put(`${appUrl(milano, a.applicationId)}/report/invoices/${manual.id}/check`).set(coordinator).send({ eligibleCents: 1 })).status).toBe(409)
    report = (await ctx.http().post(`${firmReport(a)}/submit`).set(a.auth).expect(200)).body as VoucherReport
    expect(report).toMatchObject({ status: 'submitted', editable: false, missing: [], submittedAt: expect.any(String) })
    const late = await ctx.http().post(`${firmReport(a)}/invoices`).set(a.auth).send({ category: 'training', supplierName: 'X', number: '1', issueDate: today(),
      taxableCents: 100, totalCents: 100 })
    expect([late.status, late.body.code]).toEqual([409, 'voucher_reporting_closed'])

    // The check: eligible at most the taxable amount; every invoice checked before completing.
    const check = (invoiceId: number, eligibleCents: number) => ctx.http().put(`${appUrl(milano, a.applicationId)}/report/invoices/${invoiceId}/check`)
      .set(coordinator).send({ eligibleCents, note: 'conforme' })
    expect((await check(fromXml.id, 600_001)).status).toBe(400)
    await check(fromXml.id, 600_000).expect(200)
    expect((await ctx.http().post(`${appUrl(milano, a.applicationId)}/report/check`).set(coordinator).send({})).status).toBe(400)
    await check(manual.id, 300_000).expect(200)
    report = (await ctx.http().post(`${appUrl(milano, a.applicationId)}/report/check`).set(coordinator).send({ note: 'verificato' }).expect(200)).body
    // Consultancy counts up to 30% of 9,000 = 2,700: eligible 8,700; 50% = 4,350, below the 5,000 granted.
    expect(report).toMatchObject({ status: 'checked', payableCents: 435_000, figures: { eligibleCents: 870_000, rateCents: 435_000 } })

    // The payment order: the leader signs it (vouchers.pay); it spends the call's commitment on the budget.
    const pay = (auth: Auth, body: object) => ctx.http().post(`${appUrl(milano, a.applicationId)}/payment`).set(auth).send(body)
    expect((await pay(coordinator, { paidOn: today(), orderRef: 'DD 12/2026' })).status).toBe(403)
    expect((await pay(leader, { paidOn: '2999-01-01', orderRef: 'DD 12/2026' })).status).toBe(400)
    // Two payment orders at once: one pays, the other is refused; the budget is spent once.
    const [first, second] = await Promise.all([pay(leader, { paidOn: today(), orderRef: 'DD 12/2026' }), pay(leader, { paidOn: today(), orderRef: 'DD 12/2026' })])
    expect([first.status, second.status].sort()).toEqual([200, 409])
    const paid = (first.status === 200 ? first : second).body
    expect(paid).toMatchObject({ status: 'paid', grantedCents: 500_000, paidCents: 435_000 })
    expect(await ctx.db.selectFrom('voucher_payment').select('amount_cents').where('application_id', '=', a.applicationId).execute()).toEqual([{ amount_cents: 435_000 }])
    expect(await voucherLine()).toMatchObject({ committedCents: lineAtStart.committedCents + 2_000_000 - 435_000, spentCents: lineAtStart.spentCents + 435_000 })
    // What the payment did not pay went back to the call.
    expect(await callFigures(c.id)).toMatchObject({ grantedCents: 435_000, paidCents: 435_000, availableCents: 1_565_000 })
    expect((await pay(leader, { paidOn: today(), orderRef: 'again' })).status).toBe(409)
    report = (await ctx.http().get(`${appUrl(milano, a.applicationId)}/report`).set(coordinator).expect(200)).body
    expect(report.payment).toMatchObject({ amountCents: 435_000, paidOn: today(), orderRef: 'DD 12/2026' })
    const timeline = await ctx.db.selectFrom('timeline_event').select('type').where('firm_id', '=', a.firmId).orderBy('id').execute()
    expect(timeline.map((t) => t.type)).toEqual(['voucher', 'voucher_submitted', 'voucher_evaluated', 'voucher_decided', 'voucher_reported', 'voucher_reported', 'voucher_paid'])
    const file = await ctx.http().get(`${appUrl(milano, a.applicationId)}/report/files/${fromXml.files[0]!.id}`).set(coordinator).expect(200)
    expect(file.text).toContain('<Numero>FT-2026/042</Numero>')

    // Close-out: the unpaid envelope goes back to the budget line.
    const closeOut = () => ctx.http().post(`${callUrl(milano, c.id)}/close-out`).set(leader)
    expect((await closeOut()).status).toBe(409)
    await passReportingDeadline(ctx, c.id)
    const out = (await closeOut().expect(200)).body
    expect(out).toMatchObject({ paidCents: 435_000, releasedCents: 1_565_000, closedApplications: 0 })
    expect(await voucherLine()).toMatchObject({ committedCents: lineAtStart.committedCents, spentCents: lineAtStart.spentCents + 435_000 })
    expect((await closeOut()).status).toBe(409)
  })

  it('lets a partner report for a related firm only; the daily run revokes grants never reported and frees their money', async () => {
    const c = await publishedCall(ctx, leader, milano, { envelopeCents: 1_000_000, reportingAssessment: true })
    const related = await submitted(ctx, c.id, completeDraft(), await makeFirm(ctx.db, { registered_by_partner_id: partnerId }))
    const silent = await submitted(ctx, c.id, completeDraft({ expenses: [expense('technology', 800_000)] }))
    await grant(ctx, coordinator, milano, related.applicationId)
    await grant(ctx, coordinator, milano, silent.applicationId)
    const partnerUrl = `${appUrl(milano, related.applicationId)}/report`
    const inv = await ctx.http().post(`${partnerUrl}/invoices`).set(partner).send({ category: 'technology', supplierName: 'Fornitore', number: 'A1',
      issueDate: today(), taxableCents: 1_000_000, totalCents: 1_220_000 })
    expect(inv.status).toBe(201)
    expect((await ctx.http().get(`${appUrl(milano, silent.applicationId)}/report`).set(partner)).status).toBe(404)
    expect((await ctx.http().post(`${appUrl(milano, silent.applicationId)}/report/invoices`).set(partner).send({ category: 'technology', supplierName: 'F',
      number: 'B1', issueDate: today(), taxableCents: 100, totalCents: 100 })).status).toBe(404)
    // Staff do not report for firms.
    expect((await ctx.http().post(`${partnerUrl}/invoices`).set(coordinator).send({ category: 'technology', supplierName: 'F', number: 'C1', issueDate: today(),
      taxableCents: 100, totalCents: 100 })).status).toBe(403)
    // The call wants a self-assessment completed after the grant: the report says so until there is one.
    const report = (await ctx.http().get(partnerUrl).set(partner).expect(200)).body as VoucherReport
    expect(report.assessment).toEqual({ required: true, completedAt: null, ok: false })
    expect(report.missing.map((m) => m.path)).toContain('/assessment')

    await passReportingDeadline(ctx, c.id)
    expect((await ctx.http().post(`${partnerUrl}/invoices`).set(partner).send({ category: 'technology', supplierName: 'F', number: 'D1', issueDate: today(),
      taxableCents: 100, totalCents: 100 })).body.code).toBe('voucher_reporting_closed')
    const granted = (await callFigures(c.id)).grantedCents
    const lineBefore = await voucherLine()
    await ctx.app.jobs.enqueue(ctx.db, 'vouchers.revocations', {})
    await ctx.app.jobs.drain()
    const rows = await ctx.db.selectFrom('voucher_application').select(['id', 'status', 'status_reason', 'status_reason_detail']).where('call_id', '=', c.id).orderBy('id').execute()
    expect(rows.map((r) => r.status)).toEqual(['revoked', 'revoked'])
    expect(rows[0]).toMatchObject({ status_reason: null, status_reason_detail: { code: 'report_not_submitted', params: { deadlineDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } } })
    expect(granted).toBe(900_000)
    expect(await callFigures(c.id)).toMatchObject({ grantedCents: 0, availableCents: 1_000_000 })
    const mail = await ctx.db.selectFrom('mail_outbox').select('text_body').where('text_body', 'like', '%revocato%').execute()
    expect(mail.length).toBeGreaterThanOrEqual(2)
    // The run is daily (01:00 Rome); running again revokes nothing more.
    const schedules = await ctx.app.jobs.boss.getSchedules('vouchers.revocations')
    expect(schedules.map((s) => [s.cron, s.timezone])).toEqual([['0 1 * * *', 'Europe/Rome']])
    const out = (await ctx.http().post(`${callUrl(milano, c.id)}/close-out`).set(leader).expect(200)).body
    expect(out).toMatchObject({ paidCents: 0, releasedCents: 1_000_000 })
    // Revoked money went back to the call, and with the close-out to the budget's voucher line.
    expect(await voucherLine()).toMatchObject({ committedCents: lineBefore.committedCents - 1_000_000, spentCents: lineBefore.spentCents })
  })
})
