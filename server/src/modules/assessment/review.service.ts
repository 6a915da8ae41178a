import { sql } from 'kysely'
import { levelFor, roundScore, type AssessmentReview, type CreatePlanItemBody, type PlanItem, type ReviewBody } from '@pid/shared'
import type { Db, DbOrTx } from '../../db/database.ts'
import type { CrmService, FirmAccess } from '../crm/index.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { badRequest, notFound } from '../../core/errors.ts'
import { assessmentIn } from './access.ts'
import { findReview } from './report.ts'
import { questionnaireById } from './questionnaires.ts'
import { Service } from '../../core/service.ts'

const KIND_LABEL: Record<PlanItem['kind'], string> = { training: 'Formazione', voucher: 'Voucher', mentoring: 'Mentoring', partner_referral: 'Segnalazione a partner' }

/** The assessment's plan; the partners' names come from the CRM, in one query for the whole plan. */
export async function planItems(db: DbOrTx, crm: CrmService, assessmentId: number): Promise<PlanItem[]> {
  const rows = await db.selectFrom('assessment_plan_item as i')
    .select(['i.id', 'i.assessment_id', 'i.kind', 'i.dimension', 'i.title', 'i.due_on', 'i.partner_id', 'i.referral_id', 'i.assigned_to',
      'i.status', 'i.created_at'])
    .where('i.assessment_id', '=', assessmentId).orderBy('i.id').execute()
  const partners = await crm.partnerNames(db, rows.map((r) => r.partner_id))
  return rows.map((r) => ({ id: r.id, assessmentId: r.assessment_id, kind: r.kind as PlanItem['kind'], dimension: r.dimension, title: r.title,
    dueOn: r.due_on, partner: r.partner_id ? { id: r.partner_id, name: partners.get(r.partner_id) ?? '' } : null, referralId: r.referral_id,
    assignedTo: r.assigned_to, status: r.status as PlanItem['status'], createdAt: r.created_at.toISOString() }))
}

/**
 * The expert review: a digital coordinator keeps the firm's self-score and records a validated score
 * per dimension with notes, the agreed improvement areas and an intervention plan whose items become
 * follow-ups: a CRM referral (through the CRM's referral service, in the same transaction) or a task
 * for a member of the chamber's staff. Every step lands on the firm's CRM timeline.
 */
export class ReviewService extends Service<{ db: Db; crm: CrmService }> {
  async review(access: FirmAccess, id: number, body: ReviewBody, ctx: AuditContext): Promise<AssessmentReview> {
    return this.deps.db.transaction().execute(async (tx) => {
      const a = await assessmentIn(tx, this.deps.crm, access, id, { submitted: true, forUpdate: true })
      const def = (await questionnaireById(tx, a.questionnaire_id)).definition
      const keys = def.dimensions.map((d) => d.key)
      const errors = [
        ...keys.filter((k) => !body.dimensions[k]).map((k) => ({ path: `/dimensions/${k}`, message: 'a validated score is needed for every dimension' })),
        ...Object.keys(body.dimensions).filter((k) => !keys.includes(k)).map((k) => ({ path: `/dimensions/${k}`, message: 'not a dimension of this questionnaire' })),
        ...body.improvementAreas.map((k, i) => ({ k, i })).filter(({ k }) => !keys.includes(k)).map(({ i }) => ({ path: `/improvementAreas/${i}`, message: 'not a dimension of this questionnaire' })),
      ]
      if (errors.length) throw badRequest('the review does not match the questionnaire', errors)
      // Same rule as the self-score: weighted mean of the dimensions, rounded half up once.
      const weights = def.dimensions.reduce((s, d) => s + d.weight, 0)
      const overall = roundScore(def.dimensions.reduce((s, d) => s + d.weight * body.dimensions[d.key]!.score, 0) / weights)
      const validated = Object.fromEntries(keys.map((k) => [k, { score: body.dimensions[k]!.score, note: body.dimensions[k]!.note ?? null }]))
      const before = await findReview(tx, id)
      await tx.insertInto('assessment_review').values({
        assessment_id: id, reviewer_id: ctx.actorId, validated: JSON.stringify(validated), validated_overall: overall,
        validated_level: levelFor(def, overall), improvement_areas: body.improvementAreas, notes: body.notes ?? null,
      }).onConflict((oc) => oc.column('assessment_id').doUpdateSet({
        reviewer_id: ctx.actorId, validated: JSON.stringify(validated), validated_overall: overall, validated_level: levelFor(def, overall),
        improvement_areas: body.improvementAreas, notes: body.notes ?? null, updated_at: sql`now()`,
      })).execute()
      if (!before) {
        await this.deps.crm.recordEvent(tx, ctx, { firmId: a.firm_id, type: 'assessment_review', sourceModule: 'assessment',
          summary: `Autovalutazione rivista con l'esperto PID: punteggio validato ${overall}/100 (autovalutazione ${a.overall}/100)`,
          details: { assessmentId: id, selfScore: a.overall, validatedScore: overall, improvementAreas: body.improvementAreas } })
      }
      await audit(tx, ctx, { chamberId: a.chamber_id, action: 'assessment.reviewed', entity: 'assessment', entityId: id,
        before: before ?? undefined, after: { validated, overall, improvementAreas: body.improvementAreas } })
      return (await findReview(tx, id))!
    })
  }

  async addPlanItem(access: FirmAccess, id: number, body: CreatePlanItemBody, ctx: AuditContext): Promise<PlanItem> {
    return this.deps.db.transaction().execute(async (tx) => {
      const a = await assessmentIn(tx, this.deps.crm, access, id, { submitted: true, forUpdate: true })
      const def = (await questionnaireById(tx, a.questionnaire_id)).definition
      if (body.dimension && !def.dimensions.some((d) => d.key === body.dimension)) {
        throw badRequest('not a dimension of this questionnaire', [{ path: '/dimension', message: 'not a dimension of this questionnaire' }])
      }
      const { past } = await sql<{ past: boolean }>`select ${body.dueOn}::date < current_date as past`.execute(tx).then((r) => r.rows[0]!)
      if (past) throw badRequest('the due date has passed', [{ path: '/dueOn', message: 'must not be in the past' }])
      let referralId: number | null = null
      if (body.kind === 'partner_referral') {
        if (!body.partnerId) throw badRequest('a partner referral names the partner', [{ path: '/partnerId', message: 'required for a partner referral' }])
        referralId = (await this.deps.crm.referFirm(tx, access, a.firm_id, { partnerId: body.partnerId, need: body.title, dueOn: body.dueOn }, ctx)).id
      } else if (body.partnerId) {
        throw badRequest('only partner referrals name a partner', [{ path: '/partnerId', message: 'only for partner_referral' }])
      }
      if (body.assignedTo) {
        const staff = await tx.selectFrom('role_assignment').select('id').where('user_id', '=', body.assignedTo)
          .where('chamber_id', '=', access.chamberId).where('role', 'in', ['digital_leader', 'digital_coordinator', 'digital_promoter']).executeTakeFirst()
        if (!staff) throw badRequest('the assignee is not a member of the chamber\'s staff', [{ path: '/assignedTo', message: 'not staff of this chamber' }])
      }
      const { id: itemId } = await tx.insertInto('assessment_plan_item').values({
        assessment_id: id, firm_id: a.firm_id, chamber_id: a.chamber_id, kind: body.kind, dimension: body.dimension ?? null, title: body.title,
        due_on: body.dueOn, partner_id: body.partnerId ?? null, referral_id: referralId, assigned_to: body.assignedTo ?? ctx.actorId, created_by: ctx.actorId,
      }).returning('id').executeTakeFirstOrThrow()
      await this.deps.crm.recordEvent(tx, ctx, { firmId: a.firm_id, type: 'assessment_plan', sourceModule: 'assessment',
        summary: `Piano di interventi: ${KIND_LABEL[body.kind]} - ${body.title} (entro il ${body.dueOn})`,
        ...(body.partnerId ? { partnerId: body.partnerId } : {}),
        details: { assessmentId: id, planItemId: itemId, kind: body.kind, dueOn: body.dueOn, referralId } })
      await audit(tx, ctx, { chamberId: a.chamber_id, action: 'assessment.plan_item.created', entity: 'assessment_plan_item', entityId: itemId,
        after: { ...body, referralId } })
      return (await planItems(tx, this.deps.crm, id)).find((i) => i.id === itemId)!
    })
  }

  async setPlanItemStatus(access: FirmAccess, id: number, itemId: number, status: PlanItem['status'], ctx: AuditContext): Promise<PlanItem> {
    return this.deps.db.transaction().execute(async (tx) => {
      const a = await assessmentIn(tx, this.deps.crm, access, id)
      const before = (await planItems(tx, this.deps.crm, id)).find((i) => i.id === itemId)
      if (!before) throw notFound('plan item')
      await tx.updateTable('assessment_plan_item').set({ status, updated_at: sql`now()` }).where('id', '=', itemId).execute()
      await audit(tx, ctx, { chamberId: a.chamber_id, action: 'assessment.plan_item.updated', entity: 'assessment_plan_item', entityId: itemId,
        before: { status: before.status }, after: { status } })
      return (await planItems(tx, this.deps.crm, id)).find((i) => i.id === itemId)!
    })
  }
}
