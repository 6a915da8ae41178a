import { sql } from 'kysely'
import { centsToDecimal, romeDay, type CallCloseOut, type PaymentBody } from '@pid/shared'
import type { Db } from '../../db/database.ts'
import { audit, systemContext, type AuditContext } from '../../core/audit.ts'
import { badRequest, conflict } from '../../core/errors.ts'
import type { BudgetService } from '../budget/index.ts'
import type { CrmService } from '../crm/index.ts'
import { writeCounters, type CounterChange } from './allocation.service.ts'
import { dbNow, loadCall } from './call-state.ts'
import { protocolOf } from './application-rows.ts'
import { grantPaid } from './grant-money.ts'
import { lockApplication, type DecisionsService } from './decisions.service.ts'
import { platformReason, reasonColumns } from './status-reason.ts'
import { Service } from '../../core/service.ts'
import type { Webhooks } from '../partner-api/index.ts'
import { emitStatusChanges } from './status-events.ts'

export const REVOCATION_QUEUE = 'vouchers.revocations'
/** The daily revocation run, at 01:00 Rome time: the day after a reporting deadline, before staff start. */
export const REVOCATION_HOUR = 1
const eur = (cents: number) => `${centsToDecimal(cents).replace('.', ',')} euro`

/**
 * Payment orders (liquidazione), the close-out of a call, and the daily revocation of grants never
 * reported. The envelope was committed on the budget's voucher line when the call was published
 * (source call:<id>): a payment spends from that commitment (app.budget.spend, fromCommitment), in
 * the same transaction as the payment; what a payment leaves unpaid goes back to the call; the
 * close-out releases what the call did not pay back to the budget (app.budget.release).
 */
export class PaymentsService extends Service<{ db: Db; crm: CrmService; budget: BudgetService; decisions: DecisionsService; webhooks: Webhooks }> {
  async pay(chamberId: number, applicationId: number, body: PaymentBody, ctx: AuditContext): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const { call, app } = await lockApplication(tx, chamberId, applicationId)
      if (app.status !== 'granted') throw app.status === 'paid' ? conflict('the grant is already paid', 'voucher_grant_paid')
        : conflict(`only a grant is paid (this application is ${app.status})`, 'voucher_not_granted', { status: app.status })
      const report = await tx.selectFrom('voucher_report').select(['status', 'payable_cents']).where('application_id', '=', app.id).forUpdate().executeTakeFirstOrThrow()
      if (report.status !== 'checked') throw conflict('the report must be checked first: the payment is what the check found payable', 'voucher_report_not_checked')
      const payable = report.payable_cents!
      if (payable === 0) throw conflict('nothing is payable on the checked report: revoke the grant with the reason instead', 'voucher_nothing_payable')
      const today = romeDay(await dbNow(tx))
      if (body.paidOn > today) throw badRequest('the payment date cannot be in the future', [{ path: '/paidOn', message: `at most ${today}`, code: 'not_in_future' }])
      await this.deps.budget.spend(tx, ctx, {
        chamberId: call.chamberId, year: call.budgetYear, category: call.budgetCategory, amountCents: payable, fromCommitment: true,
        source: { module: 'vouchers', ref: `call:${call.id}` }, bookedOn: body.paidOn,
        description: `Liquidazione voucher ${protocolOf(call.code, app.protocol_number)} (${body.orderRef})`,
      })
      await tx.insertInto('voucher_payment').values({ application_id: app.id, amount_cents: payable, paid_on: body.paidOn, order_ref: body.orderRef, created_by: ctx.actorId })
        .execute()
      await tx.updateTable('voucher_application').set({ status: 'paid', paid_cents: payable, updated_at: sql`now()` }).where('id', '=', app.id).execute()
      await emitStatusChanges(this.deps.webhooks, tx, call, [{ id: app.id, firmId: app.firm_id, protocolNumber: app.protocol_number, from: 'granted', to: 'paid' }])
      const ch: CounterChange = { reservedDelta: 0, reserveDelta: 0 }
      grantPaid(ch, app.held_pool, app.granted_cents!, payable, call.quotasMergedAt !== null)
      await this.deps.decisions.readmitIfOpen(tx, ctx, await writeCounters(tx, call, ch))
      await this.deps.crm.recordEvent(tx, ctx, { firmId: app.firm_id, type: 'voucher_paid', sourceModule: 'vouchers',
        summary: `Voucher ${protocolOf(call.code, app.protocol_number)} liquidato: ${eur(payable)}`,
        details: { callId: call.id, applicationId: app.id, paidCents: payable, grantedCents: app.granted_cents, paidOn: body.paidOn, orderRef: body.orderRef } })
      await audit(tx, ctx, { chamberId: call.chamberId, action: 'vouchers.application.paid', entity: 'voucher_application', entityId: app.id,
        before: { status: 'granted', grantedCents: app.granted_cents }, after: { status: 'paid', paidCents: payable, paidOn: body.paidOn, orderRef: body.orderRef } })
      await this.deps.decisions.notify(tx, call, app, `È disposta la liquidazione di ${eur(payable)} del contributo concesso di ${eur(app.granted_cents!)} `
        + `(atto ${body.orderRef} del ${body.paidOn}).`)
    })
  }

  /**
   * Closes out a call once every application is settled: those still on the reserve list end as not
   * funded, and what the call did not pay goes back to the budget's voucher line.
   */
  async closeOut(chamberId: number, callId: number, ctx: AuditContext): Promise<CallCloseOut> {
    return this.deps.db.transaction().execute(async (tx) => {
      const call = await loadCall(tx, callId, { chamberId, lock: true })
      if (call.closedOutAt) throw conflict(`the call was closed out on ${call.closedOutAt.toISOString()}`, 'voucher_call_closed_out', { closedOutAt: call.closedOutAt.toISOString() })
      if (call.status === 'draft') throw conflict('the call is not published', 'voucher_call_not_published')
      if (await dbNow(tx) < call.closesAt) throw conflict(`the call is open until ${call.closesAt.toISOString()}`, 'voucher_call_still_open', { closesAt: call.closesAt.toISOString() })
      const open = await tx.selectFrom('voucher_application').select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('call_id', '=', callId).where('status', 'in', ['submitted', 'funded', 'granted']).groupBy('status').execute()
      if (open.length) {
        throw conflict('applications are not settled yet: decide, pay or revoke them first', 'voucher_applications_unsettled',
          { count: open.reduce((n, o) => n + Number(o.n), 0) },
          open.map((o) => ({ path: `/applications/${o.status}`, message: `${o.n} ${o.status}`, code: 'unsettled', params: { status: o.status, count: Number(o.n) } })))
      }
      const waiting = await tx.updateTable('voucher_application').set({ status: 'not_funded', ...reasonColumns(platformReason('reserve_at_close_out')),
        decided_at: sql`now()`, decided_by: ctx.actorId, updated_at: sql`now()` }).where('call_id', '=', callId).where('status', '=', 'reserve')
        .returning(['id', 'firm_id', 'protocol_number', 'quota_code']).execute()
      let after = call
      await emitStatusChanges(this.deps.webhooks, tx, call, waiting.map((w) => ({ id: w.id, firmId: w.firm_id, protocolNumber: w.protocol_number,
        from: 'reserve', to: 'not_funded' as const })))
      if (waiting.length) {
        const quotas = new Map<string, { used: number; waiting: number; size: number }>()
        for (const w of waiting) if (w.quota_code) quotas.set(w.quota_code, { used: 0, size: 0, waiting: (quotas.get(w.quota_code)?.waiting ?? 0) - 1 })
        after = await writeCounters(tx, call, { reservedDelta: 0, reserveDelta: -waiting.length, quotas })
        await this.deps.crm.recordEvents(tx, waiting.map((w) => ({ ctx, event: { firmId: w.firm_id, type: 'voucher_decided' as const, sourceModule: 'vouchers',
          summary: `Domanda di voucher ${protocolOf(call.code, w.protocol_number)}: non finanziata (lista d'attesa alla chiusura del bando)`,
          details: { callId, applicationId: w.id, outcome: 'not_funded' } } })))
      }
      const unpaid = after.envelopeCents - after.paidCents
      const released = unpaid > 0 ? await this.deps.budget.release(tx, ctx, { chamberId: call.chamberId, year: call.budgetYear, category: call.budgetCategory,
        amountCents: unpaid, source: { module: 'vouchers', ref: `call:${callId}` }, description: `Chiusura del bando ${call.code}: dotazione non liquidata` }) : 0
      const closed = await tx.updateTable('voucher_call').set({ closed_out_at: sql`now()`, released_cents: released, updated_at: sql`now()` })
        .where('id', '=', callId).returning('closed_out_at').executeTakeFirstOrThrow()
      await audit(tx, ctx, { chamberId: call.chamberId, action: 'vouchers.call.closed_out', entity: 'voucher_call', entityId: callId,
        after: { paidCents: after.paidCents, releasedCents: released, notFunded: waiting.length } })
      return { callId, closedOutAt: closed.closed_out_at!.toISOString(), paidCents: after.paidCents, releasedCents: released, closedApplications: waiting.length }
    })
  }

  /**
   * The daily run: every grant whose call's reporting deadline has passed (Rome) without a submitted
   * report is revoked, one transaction each (the same path as a revocation by staff: money back to the
   * call, timeline, audit, mail). Returns how many it revoked.
   */
  async runRevocations(): Promise<number> {
    const ctx = systemContext(REVOCATION_QUEUE)
    let revoked = 0
    let after = 0
    for (;;) {
      const due = await this.deps.db.selectFrom('voucher_application as a').innerJoin('voucher_call as v', 'v.id', 'a.call_id')
        .leftJoin('voucher_report as r', 'r.application_id', 'a.id').select(['a.id', 'v.reporting_deadline'])
        .where('a.status', '=', 'granted').where('a.id', '>', after)
        .where(sql<boolean>`v.reporting_deadline < (now() AT TIME ZONE 'Europe/Rome')::date`)
        .where((eb) => eb.or([eb('r.status', 'is', null), eb('r.status', '=', 'open')]))
        .orderBy('a.id').limit(200).execute()
      for (const d of due) {
        await this.deps.db.transaction().execute(async (tx) => {
          const { call, app } = await lockApplication(tx, null, d.id)
          const report = await tx.selectFrom('voucher_report').select('status').where('application_id', '=', app.id).executeTakeFirst()
          if (app.status !== 'granted' || (report && report.status !== 'open')) return
          await this.deps.decisions.revokeLocked(tx, call, app, platformReason('report_not_submitted', { deadlineDate: call.reportingDeadline }), ctx)
          revoked++
        })
      }
      if (due.length < 200) break
      after = due[due.length - 1]!.id
    }
    return revoked
  }
}
