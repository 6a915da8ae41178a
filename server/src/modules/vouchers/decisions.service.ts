import { sql } from 'kysely'
import { canMove, centsToDecimal, reportingOpen, type ApplicationContact, type ApplicationStatus, type VoucherDecisionBody } from '@pid/shared'
import type { Db, Tx } from '../../db/database.ts'
import type { Mailer } from '../../core/mail.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { badRequest, conflict, HttpError, notFound } from '../../core/errors.ts'
import type { CrmService } from '../crm/index.ts'
import { writeCounters, type AllocationService, type CounterChange } from './allocation.service.ts'
import { availableCents, dbNow, freePools, loadCall, type CallState } from './call-state.ts'
import { protocolOf } from './application-rows.ts'
import { countGrant, heldToGranted } from './grant-money.ts'
import { Service } from '../../core/service.ts'
import { platformReason, reasonColumns, reasonInItalian, type StatusReason } from './status-reason.ts'
import type { StatusReasonDetail } from '@pid/shared'
import type { Webhooks } from '../partner-api/index.ts'
import { emitStatusChanges } from './status-events.ts'

export interface DecidedRow {
  id: number; call_id: number; firm_id: number; status: string; requested_cents: number | null; held_cents: number; held_pool: string | null
  granted_cents: number | null; proposed_cents: number | null; admissible: boolean | null; protocol_number: number | null; contact: unknown
  quota_code: string | null
}

const eur = (cents: number) => `${centsToDecimal(cents).replace('.', ',')} euro`
const isCheck = (err: unknown) => (err as { code?: string }).code === '23514'

/** Locks the call, then the application (the order every writer of a call follows). */
export async function lockApplication(tx: Tx, chamberId: number | null, applicationId: number): Promise<{ call: CallState; app: DecidedRow }> {
  let head = tx.selectFrom('voucher_application').select('call_id').where('id', '=', applicationId)
  if (chamberId !== null) head = head.where('chamber_id', '=', chamberId)
  const h = await head.executeTakeFirst()
  if (!h) throw notFound('application')
  const call = await loadCall(tx, h.call_id, { lock: true })
  const app = await tx.selectFrom('voucher_application').select(['id', 'call_id', 'firm_id', 'status', 'requested_cents', 'held_cents', 'held_pool',
    'granted_cents', 'proposed_cents', 'admissible', 'protocol_number', 'contact', 'quota_code']).where('id', '=', applicationId).forUpdate().executeTakeFirstOrThrow()
  return { call, app }
}

/**
 * Decisions on applications (grant, not funded, not admitted) and revocations. Money moves on the
 * call's counters under its lock (writeCounters, CHECKs): a first-come-first-served grant turns the
 * money held into the grant, and whatever a refusal, a reduction or a revocation frees goes down the
 * reserve list in protocol order (part 1's readmission) until the reporting deadline, and back to the
 * call's available money after it. The firm's contact gets a mail; the firm's timeline a step.
 */
export class DecisionsService extends Service<{ db: Db; crm: CrmService; mailer: Mailer; allocation: AllocationService; webhooks: Webhooks }> {
  async decide(chamberId: number, applicationId: number, body: VoucherDecisionBody, ctx: AuditContext): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const { call, app } = await lockApplication(tx, chamberId, applicationId)
      if (call.closedOutAt) throw conflict('the call is closed out', 'voucher_call_closed_out')
      const from = app.status as ApplicationStatus
      if (!canMove(from, body.outcome)) throw conflict(`an application ${from} cannot become ${body.outcome}`, 'voucher_decision_invalid', { status: from, outcome: body.outcome })
      const merged = call.quotasMergedAt !== null
      const ch: CounterChange = { reservedDelta: 0, reserveDelta: 0 }
      let granted: number | null = null
      let reason: StatusReason = body.reason?.trim() || null
      let pool = app.held_pool
      let counted = call
      if (body.outcome === 'not_admitted') {
        if (!reason) throw badRequest('a refusal needs its reason', [{ path: '/reason', message: 'required', keyword: 'required' }])
        // Part 1's seam: frees what the application holds and moves the reserve list.
        await this.deps.allocation.release(tx, ctx, app.id, { status: 'not_admitted', reason })
        pool = null
      } else if (body.outcome === 'not_funded') {
        if (call.allocation === 'fcfs') throw conflict('a first-come-first-served application is funded or waits on the reserve list: refuse it or grant it', 'voucher_fcfs_funded_or_reserve')
        if (call.evaluatedAt === null || app.admissible !== true) throw conflict('compute the proposal first: not funded means admissible with no money left', 'voucher_proposal_missing')
        if ((app.proposed_cents ?? 0) > 0) throw conflict(`the proposal funds it with ${app.proposed_cents} cents: grant it, or refuse it with the reason`, 'voucher_proposal_funds', { proposedCents: app.proposed_cents ?? 0 })
        reason ??= platformReason('envelope_exhausted')
      } else {
        if (app.admissible !== true) throw app.admissible === null ? conflict('record the admissibility checklist first', 'voucher_checklist_missing') : conflict('the application is not admissible', 'voucher_not_admissible')
        if (!body.corCode) throw badRequest('a grant needs its COR code, registered in the RNA before the grant', [{ path: '/corCode', message: 'required', keyword: 'required' }])
        const cap = this.grantCap(call, app)
        const amount = body.amountCents ?? cap.cents
        if (amount <= 0) throw conflict(cap.why, cap.noProposal ? 'voucher_proposal_missing' : 'voucher_grant_nothing')
        if (amount > cap.cents) throw badRequest(`at most ${cap.cents} cents: ${cap.why}`, [{ path: '/amountCents', message: `at most ${cap.cents}`, code: 'at_most_cents', params: { limitCents: cap.cents } }])
        if (amount < cap.cents && !reason) throw badRequest('a reduced grant needs its reason', [{ path: '/reason', message: 'required when reducing', code: 'reason_when_reducing' }])
        reason ??= amount < (app.requested_cents ?? 0) ? cap.reason ?? null : null
        granted = amount
        if (call.allocation === 'fcfs') {
          // A reduction first frees the difference down the reserve list (part 1's seam), then what it keeps becomes the grant.
          if (amount < app.held_cents) {
            await this.deps.allocation.release(tx, ctx, app.id, { heldCents: amount, reason: reason! })
            counted = await loadCall(tx, call.id, { lock: true })
          }
          heldToGranted(ch, app.held_pool!, amount, amount, merged)
        } else {
          pool = '*'
          countGrant(ch, pool, amount, 1, merged)
        }
      }
      await tx.updateTable('voucher_application').set({
        status: body.outcome, granted_cents: granted, held_cents: 0, held_pool: pool, ...reasonColumns(reason), decided_at: sql`now()`, decided_by: ctx.actorId,
        cor_code: body.outcome === 'granted' ? body.corCode! : null, updated_at: sql`now()`,
      }).where('id', '=', app.id).execute()
      if (body.outcome !== 'not_admitted') {
        await writeCounters(tx, counted, ch).catch((err) => {
          if (isCheck(err)) throw new HttpError(409, 'voucher_envelope_exceeded', `the call has ${availableCents(counted)} cents available`, undefined, { params: { availableCents: availableCents(counted) } })
          throw err
        })
      }
      // A refusal's move to not_admitted was told by the release (allocation.service.ts).
      if (body.outcome !== 'not_admitted') {
        await emitStatusChanges(this.deps.webhooks, tx, call, [{ id: app.id, firmId: app.firm_id, protocolNumber: app.protocol_number, from, to: body.outcome }])
      }
      if (granted !== null) await tx.insertInto('voucher_report').values({ application_id: app.id }).onConflict((oc) => oc.doNothing()).execute()
      const said = reasonInItalian(reason)
      const verdict = body.outcome === 'granted' ? `concesso ${eur(granted!)}` : body.outcome === 'not_funded' ? 'ammissibile, non finanziata' : 'non ammessa'
      await this.deps.crm.recordEvent(tx, ctx, { firmId: app.firm_id, type: 'voucher_decided', sourceModule: 'vouchers',
        summary: `Domanda di voucher ${protocolOf(call.code, app.protocol_number)}: ${verdict}`,
        details: { callId: call.id, applicationId: app.id, outcome: body.outcome, grantedCents: granted, reason: said, corCode: body.corCode ?? null } })
      await audit(tx, ctx, { chamberId: call.chamberId, action: `vouchers.application.${body.outcome}`, entity: 'voucher_application', entityId: app.id,
        before: { status: from, heldCents: app.held_cents }, after: { status: body.outcome, grantedCents: granted, reason, corCode: body.corCode ?? null } })
      await this.notify(tx, call, app, body.outcome === 'granted'
        ? `Il contributo è concesso per ${eur(granted!)}${said ? ` (${said})` : ''}. Codice COR: ${body.corCode}. `
          + `Rendicontate le spese entro il ${call.reportingDeadline}.`
        : body.outcome === 'not_funded' ? `La domanda è ammissibile ma non finanziata per esaurimento della dotazione.`
          : `La domanda non è ammessa. Motivo: ${said}.`)
    })
  }

  /** The most a grant may be, and why (English for API consumers; `reason`, the platform's, when a grant at the cap is reduced). */
  private grantCap(call: CallState, app: DecidedRow): { cents: number; why: string; reason?: StatusReasonDetail; noProposal?: true } {
    const requested = app.requested_cents ?? 0
    if (call.allocation === 'fcfs') {
      return app.held_cents < requested ? { cents: app.held_cents, why: 'reduced to what the envelope had left', reason: platformReason('reduced_to_remaining') }
        : { cents: app.held_cents, why: 'the money held for it' }
    }
    if (app.status === 'not_funded') {
      const free = Math.min(requested, freePools(call)['*']!)
      return free < requested ? { cents: free, why: 'reduced to the money freed on the call', reason: platformReason('reduced_to_freed') }
        : { cents: free, why: 'money freed on the call' }
    }
    if (call.evaluatedAt === null || app.proposed_cents === null) return { cents: 0, why: 'compute the proposal first', noProposal: true }
    if (app.proposed_cents === 0) return { cents: 0, why: 'the proposal gives it nothing: decide it not funded' }
    return call.allocation === 'pro_rata' ? { cents: app.proposed_cents, why: 'reduced pro rata', reason: platformReason('reduced_pro_rata') }
      : { cents: app.proposed_cents, why: 'reduced to what the envelope had left', reason: platformReason('reduced_to_remaining') }
  }

  /** Staff take a grant back, with the reason (the daily job does it when reporting never came). */
  async revoke(chamberId: number | null, applicationId: number, reason: string, ctx: AuditContext): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const { call, app } = await lockApplication(tx, chamberId, applicationId)
      await this.revokeLocked(tx, call, app, reason, ctx)
    })
  }

  async revokeLocked(tx: Tx, call: CallState, app: DecidedRow, reason: StatusReason & {}, ctx: AuditContext): Promise<CallState> {
    if (app.status !== 'granted') throw app.status === 'paid' ? conflict('the grant is paid: recovering paid money is outside this platform', 'voucher_grant_paid')
      : conflict(`only a grant can be revoked (this application is ${app.status})`, 'voucher_not_granted', { status: app.status })
    const ch: CounterChange = { reservedDelta: 0, reserveDelta: 0 }
    countGrant(ch, app.held_pool, app.granted_cents ?? 0, -1, call.quotasMergedAt !== null)
    await tx.updateTable('voucher_application').set({ status: 'revoked', ...reasonColumns(reason), revoked_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', app.id).execute()
    await emitStatusChanges(this.deps.webhooks, tx, call, [{ id: app.id, firmId: app.firm_id, protocolNumber: app.protocol_number, from: 'granted', to: 'revoked' }])
    const after = await this.readmitIfOpen(tx, ctx, await writeCounters(tx, call, ch))
    await this.deps.crm.recordEvent(tx, ctx, { firmId: app.firm_id, type: 'voucher_revoked', sourceModule: 'vouchers',
      summary: `Voucher ${protocolOf(call.code, app.protocol_number)} revocato: ${reasonInItalian(reason)}`,
      details: { callId: call.id, applicationId: app.id, grantedCents: app.granted_cents, reason: reasonInItalian(reason) } })
    await audit(tx, ctx, { chamberId: call.chamberId, action: 'vouchers.application.revoked', entity: 'voucher_application', entityId: app.id,
      before: { status: 'granted', grantedCents: app.granted_cents }, after: { status: 'revoked', reason } })
    await this.notify(tx, call, app, `Il contributo di ${eur(app.granted_cents ?? 0)} è revocato. Motivo: ${reasonInItalian(reason)}.`)
    return after
  }

  /** Money freed on a first-come-first-served call goes down the reserve list while projects can still be reported. */
  async readmitIfOpen(tx: Tx, ctx: AuditContext, call: CallState): Promise<CallState> {
    if (call.allocation !== 'fcfs' || call.closedOutAt !== null || !reportingOpen(call.reportingDeadline, await dbNow(tx))) return call
    return this.deps.allocation.readmit(tx, ctx, call)
  }

  /** The mail to the contact the application names (the firm's contact for this call), in the outbox of this transaction. */
  async notify(tx: Tx, call: CallState, app: { protocol_number: number | null; contact: unknown }, text: string): Promise<void> {
    const contact = app.contact as ApplicationContact | null
    if (!contact?.email) return
    const protocol = protocolOf(call.code, app.protocol_number)
    await this.deps.mailer.queue(tx, { chamberId: call.chamberId, to: contact.email, subject: `${call.chamberName} - bando ${call.code}: domanda ${protocol}`,
      text: `Gentile ${contact.name},\n\n${text}\n\nBando: ${call.code} - ${call.title.it}\nProtocollo: ${protocol}\n\n${call.chamberName} - Punto Impresa Digitale` })
  }
}
