import { sql } from 'kysely'
import {
  applicableChecks, applyDeMinimis, checkEligibility, checklistProblems, deMinimisPeriodStart, detail, type AdmissibilityView, type Declarations,
  type ProposedCheck, type RecordAdmissibilityBody, type RecordedAdmissibility, type SizeClass,
} from '@pid/shared'
import type { Db, DbOrTx } from '../../db/database.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { badRequest, conflict, notFound } from '../../core/errors.ts'
import type { CrmService } from '../crm/index.ts'
import type { AssessmentService } from '../assessment/index.ts'
import { loadCall, type CallState } from './call-state.ts'
import { protocolOf } from './application-rows.ts'
import { resetProposal } from './proposal.ts'
import { Service } from '../../core/service.ts'

/** Statuses whose admissibility may still be recorded: submitted and not decided yet. */
export const UNDECIDED = ['submitted', 'funded', 'reserve'] as const

interface AppFacts {
  id: number; call_id: number; chamber_id: number; firm_id: number; status: string; declarations: unknown; requested_cents: number | null
  submitted_at: Date | null; protocol_number: number | null
}

/**
 * The formal admissibility check (istruttoria formale): the system proposes an outcome per check
 * from what it knows today, the coordinator records the checklist (shared/src/vouchers/admissibility.ts).
 */
export class AdmissibilityService extends Service<{ db: Db; crm: CrmService; assessment: AssessmentService }> {
  async view(chamberId: number, applicationId: number): Promise<AdmissibilityView> {
    const app = await this.application(this.deps.db, chamberId, applicationId)
    const call = await loadCall(this.deps.db, app.call_id)
    return { applicationId, applicable: applicableChecks(call), proposed: await this.propose(this.deps.db, call, app), recorded: await recorded(this.deps.db, applicationId) }
  }

  async record(chamberId: number, applicationId: number, body: RecordAdmissibilityBody, ctx: AuditContext): Promise<AdmissibilityView> {
    await this.deps.db.transaction().execute(async (tx) => {
      const head = await this.application(tx, chamberId, applicationId)
      const call = await loadCall(tx, head.call_id, { lock: true })
      const app = await this.application(tx, chamberId, applicationId, true)
      if (!(UNDECIDED as readonly string[]).includes(app.status)) {
        throw app.status === 'draft' ? conflict('the application is not submitted yet', 'voucher_application_not_submitted')
          : conflict(`the application is already decided (${app.status})`, 'voucher_application_decided', { status: app.status })
      }
      const proposed = await this.propose(tx, call, app)
      const problems = checklistProblems(applicableChecks(call), proposed, body.checks)
      if (problems.length) throw badRequest('the checklist is not complete', problems)
      const admissible = body.checks.every((c) => c.outcome === 'pass')
      const checks = JSON.stringify(body.checks.map((c) => ({ code: c.code, outcome: c.outcome, note: c.note?.trim() || null })))
      const before = await recorded(tx, applicationId)
      await tx.insertInto('voucher_admissibility').values({ application_id: app.id, admissible, checks, notes: body.notes ?? null, recorded_by: ctx.actorId })
        .onConflict((oc) => oc.column('application_id').doUpdateSet({ admissible, checks, notes: body.notes ?? null, recorded_by: ctx.actorId, recorded_at: sql`now()` }))
        .execute()
      await tx.updateTable('voucher_application').set({ admissible, updated_at: sql`now()` }).where('id', '=', app.id).execute()
      if (before?.admissible !== admissible) await resetProposal(tx, call, ctx)
      await this.deps.crm.recordEvent(tx, ctx, { firmId: app.firm_id, type: 'voucher_evaluated', sourceModule: 'vouchers',
        summary: `Istruttoria formale della domanda ${protocolOf(call.code, app.protocol_number)}: ${admissible ? 'ammissibile' : 'non ammissibile'}`,
        details: { callId: call.id, applicationId: app.id, admissible, failed: body.checks.filter((c) => c.outcome === 'fail').map((c) => c.code) } })
      await audit(tx, ctx, { chamberId: call.chamberId, action: 'vouchers.application.admissibility', entity: 'voucher_application', entityId: app.id,
        before, after: { admissible, checks: body.checks, notes: body.notes ?? null } })
    })
    return this.view(chamberId, applicationId)
  }

  /** An application of the chamber with a protocol (404 otherwise). */
  private async application(db: DbOrTx, chamberId: number, applicationId: number, lock = false): Promise<AppFacts> {
    let q = db.selectFrom('voucher_application').select(['id', 'call_id', 'chamber_id', 'firm_id', 'status', 'declarations', 'requested_cents',
      'submitted_at', 'protocol_number']).where('id', '=', applicationId).where('chamber_id', '=', chamberId).where('status', '<>', 'draft')
    if (lock) q = q.forUpdate()
    const row = await q.executeTakeFirst()
    if (!row) throw notFound('application')
    return row
  }

  /** What the system finds for each check, today. */
  async propose(db: DbOrTx, call: CallState, app: AppFacts): Promise<ProposedCheck[]> {
    const d = app.declarations as Declarations
    const at = app.submitted_at ?? new Date()
    const [profile, docs, provinces, assessments, aid] = await Promise.all([
      this.deps.crm.firmProfile(db, app.firm_id),
      db.selectFrom('voucher_document').select('doc_type').where('application_id', '=', app.id).execute(),
      db.selectFrom('chamber_province').select('province_code').where('chamber_id', '=', call.chamberId).where('valid_to', 'is', null).execute(),
      call.eligibility.assessment ? this.deps.assessment.latestCompleted(db, [app.firm_id]) : Promise.resolve(new Map()),
      otherPlatformAid(db, app.firm_id, app.id, deMinimisPeriodStart(new Date(), call.deMinimis.years)),
    ])
    const out: ProposedCheck[] = []
    const have = new Set(docs.map((x) => x.doc_type))
    const missing = call.documents.filter((x) => x.required && !have.has(x.code))
    out.push({ code: 'documents', outcome: missing.length ? 'fail' : 'pass', details: [missing.length
      ? detail('documents_missing', { documents: missing.map((x) => x.label.it) }) : detail('documents_complete', { count: have.size })] })
    const undeclared = (['truthful', 'notInDifficulty', 'noDoubleFunding'] as const).filter((k) => d[k] !== true)
    out.push({ code: 'declarations', outcome: undeclared.length ? 'fail' : 'pass',
      details: [undeclared.length ? detail('declarations_missing', { declarations: undeclared }) : detail('declarations_complete')] })
    if (!profile) {
      out.push({ code: 'eligibility', outcome: 'fail', details: [detail('firm_gone')] })
    } else {
      const e = checkEligibility({ ...call.eligibility, annualFeePaid: false, assessment: null }, {
        sizeClass: profile.sizeClass as SizeClass | null, provinceCode: profile.provinceCode, chamberProvinces: provinces.map((p) => p.province_code),
        status: profile.status, atecoCode: profile.atecoCode, atecoSection: profile.atecoSection, assessmentSubmittedAt: null,
      }, { truthful: true }, at)
      const failed = e.checks.filter((c) => c.outcome === 'fail')
      out.push({ code: 'eligibility', outcome: failed.length ? 'fail' : 'pass',
        details: (failed.length ? failed : e.checks.filter((c) => c.code !== 'truthful')).map((c) => c.detail) })
    }
    if (call.eligibility.annualFeePaid) {
      out.push(d.annualFeePaid === true
        ? { code: 'annual_fee', outcome: 'verify', details: [detail('annual_fee_verify')] }
        : { code: 'annual_fee', outcome: 'fail', details: [detail('annual_fee_undeclared')] })
    }
    const requested = app.requested_cents ?? 0
    const dm = applyDeMinimis(call.deMinimis, d.deMinimisAidCents ?? 0, aid, requested)
    const dmParams = { roomCents: dm.roomCents, requestedCents: requested, ceilingCents: dm.ceilingCents, declaredCents: dm.declaredCents,
      platformCents: dm.platformCents, years: call.deMinimis.years }
    out.push({ code: 'de_minimis', outcome: dm.outcome === 'within' ? 'pass' : 'fail',
      details: [detail(dm.outcome === 'within' ? 'de_minimis_room' : dm.outcome === 'reduced' ? 'de_minimis_reduced' : 'de_minimis_refused', dmParams)] })
    if (call.eligibility.assessment) {
      const last: Date | null = assessments.get(app.firm_id)?.submittedAt ?? null
      const months = call.eligibility.assessment.withinMonths
      const since = months ? new Date(new Date(at).setUTCMonth(at.getUTCMonth() - months)) : null
      const ok = last !== null && (since === null || last >= since)
      const submittedDate = last?.toISOString().slice(0, 10) ?? ''
      out.push({ code: 'assessment', outcome: ok ? 'pass' : 'fail', details: [last === null ? detail('assessment_missing')
        : ok ? detail('assessment_done', { submittedDate }) : detail('assessment_old', { submittedDate, months: months ?? 0 })] })
    }
    return out
  }
}

export async function recorded(db: DbOrTx, applicationId: number): Promise<RecordedAdmissibility | null> {
  const r = await db.selectFrom('voucher_admissibility as a').leftJoin('app_user as u', 'u.id', 'a.recorded_by')
    .select(['a.admissible', 'a.checks', 'a.notes', 'a.recorded_by', 'a.recorded_at', 'u.name']).where('a.application_id', '=', applicationId)
    .executeTakeFirst()
  if (!r) return null
  return { admissible: r.admissible, checks: r.checks as RecordedAdmissibility['checks'], notes: r.notes,
    recordedBy: r.recorded_by !== null ? { id: r.recorded_by, name: r.name ?? '' } : null, recordedAt: r.recorded_at.toISOString() }
}

/** De minimis aid through this platform in the period, other than this application: held, granted or paid. */
async function otherPlatformAid(db: DbOrTx, firmId: number, applicationId: number, since: Date): Promise<number> {
  const r = await sql<{ cents: number | null }>`SELECT sum(CASE WHEN status = 'funded' THEN held_cents WHEN status = 'paid' THEN paid_cents
      ELSE granted_cents END)::bigint AS cents
    FROM voucher_application WHERE firm_id = ${firmId} AND id <> ${applicationId} AND status IN ('funded', 'granted', 'paid')
      AND coalesce(decided_at, submitted_at) >= ${since}`.execute(db)
  return Number(r.rows[0]?.cents ?? 0)
}
