import { sql } from 'kysely'
import {
  answerProblems, scoreAssessment, type Answers, type FirmAssessment, type FirmAssessmentState, type QuestionnaireDefinition,
  type SaveAnswersBody, type WebhookData,
} from '@pid/shared'
import type { Db, DbOrTx } from '../../db/database.ts'
import type { CrmService } from '../crm/index.ts'
import type { FirmPrincipal } from '../../core/auth/firm-access.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { badRequest, HttpError, notFound } from '../../core/errors.ts'
import { activeQuestionnaire, questionnaireById } from './questionnaires.ts'
import { Service } from '../../core/service.ts'
import type { Webhooks } from '../partner-api/index.ts'

/**
 * The firm's own form: one draft per firm (any device resumes it), answers saved as they are given,
 * and a submission that scores once, on the server, with the shared scoring function.
 */
type AssessmentRow = { id: number; status: string; questionnaire_id: number; answers: Record<string, unknown>; current_step: number;
  overall: number | null; level: number | null; created_at: Date; updated_at: Date; submitted_at: Date | null }
const cols = ['id', 'status', 'questionnaire_id', 'answers', 'current_step', 'overall', 'level', 'created_at', 'updated_at', 'submitted_at'] as const

export function toFirmAssessment(r: AssessmentRow, def: QuestionnaireDefinition): FirmAssessment {
  const answers = r.answers as Answers
  const score = scoreAssessment(def, answers)
  return {
    id: r.id, status: r.status as FirmAssessment['status'], questionnaireId: r.questionnaire_id, answers, currentStep: r.current_step,
    progress: { answered: score.answered, visible: score.visible, missing: score.missing },
    overall: r.overall, level: r.level, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
    submittedAt: r.submitted_at?.toISOString() ?? null,
  }
}

/** What submitting an assessment tells: the firm's timeline (crm) and the partners related to the firm (webhooks). */
export interface SubmitDeps { crm: CrmService; webhooks: Webhooks }

export class FirmFormService extends Service<SubmitDeps & { db: Db }> {
  async state(firm: FirmPrincipal): Promise<FirmAssessmentState> {
    const profile = await this.deps.crm.firmProfile(this.deps.db, firm.firmId)
    if (!profile) throw notFound('firm')
    const draft = await this.deps.db.selectFrom('assessment').select(cols).where('firm_id', '=', firm.firmId).where('status', '=', 'draft').executeTakeFirst()
    const q = draft ? await questionnaireById(this.deps.db, draft.questionnaire_id) : await activeQuestionnaire(this.deps.db, firm.chamberId)
    const submitted = await this.deps.db.selectFrom('assessment').select(['id', 'submitted_at', 'overall', 'level'])
      .where('firm_id', '=', firm.firmId).where('status', '=', 'submitted').orderBy('id', 'desc').execute()
    return {
      firm: { id: profile.id, name: profile.name },
      questionnaire: { id: q.id, code: q.code, version: q.version, definition: q.definition },
      draft: draft ? toFirmAssessment(draft, q.definition) : null,
      submitted: submitted.map((s) => ({ id: s.id, submittedAt: s.submitted_at!.toISOString(), overall: s.overall!, level: s.level! })),
    }
  }

  /** Starts the firm's draft, or returns the one already open (a second device resumes it). */
  async start(firm: FirmPrincipal, ctx: AuditContext): Promise<{ created: boolean; assessment: FirmAssessment }> {
    return this.deps.db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom('assessment').select(cols).where('firm_id', '=', firm.firmId).where('status', '=', 'draft').executeTakeFirst()
      if (existing) return { created: false, assessment: toFirmAssessment(existing, (await questionnaireById(tx, existing.questionnaire_id)).definition) }
      const profile = await this.deps.crm.firmProfile(tx, firm.firmId)
      if (!profile) throw notFound('firm')
      const q = await activeQuestionnaire(tx, profile.chamberId)
      const row = await tx.insertInto('assessment').values({
        firm_id: profile.id, chamber_id: profile.chamberId, questionnaire_id: q.id, firm_name: profile.name,
        ateco_section: profile.atecoSection, size_class: profile.sizeClass, region_code: profile.regionCode, link_id: firm.linkId,
      }).onConflict((oc) => oc.column('firm_id').where('status', '=', 'draft').doNothing()).returning(cols).executeTakeFirst()
      // Two devices starting at the same instant: the other one's draft wins, and is resumed.
      const draft = row ?? await tx.selectFrom('assessment').select(cols).where('firm_id', '=', firm.firmId).where('status', '=', 'draft').executeTakeFirstOrThrow()
      if (row) {
        await audit(tx, ctx, { chamberId: profile.chamberId, action: 'assessment.started', entity: 'assessment', entityId: row.id,
          after: { firmId: profile.id, questionnaireId: q.id, by: 'firm' } })
      }
      return { created: !!row, assessment: toFirmAssessment(draft, q.definition) }
    })
  }

  private async own(db: DbOrTx, firm: FirmPrincipal, id: number, forUpdate = false) {
    let q = db.selectFrom('assessment').select([...cols, 'chamber_id']).where('id', '=', id).where('firm_id', '=', firm.firmId)
    if (forUpdate) q = q.forUpdate()
    const row = await q.executeTakeFirst()
    if (!row) throw notFound('assessment')
    return row
  }

  private static alreadySubmitted(at: Date | null): HttpError {
    return new HttpError(409, 'assessment_already_submitted', `this self-assessment was already submitted${at ? ` on ${at.toISOString().slice(0, 10)}` : ''}: its answers can no longer change`,
      undefined, at ? { params: { submittedAt: at.toISOString() } } : undefined)
  }

  /** Saves some answers (null removes one); concurrent saves from two devices merge per question. */
  async save(firm: FirmPrincipal, id: number, body: SaveAnswersBody): Promise<FirmAssessment> {
    const current = await this.own(this.deps.db, firm, id)
    if (current.status !== 'draft') throw FirmFormService.alreadySubmitted(current.submitted_at)
    const q = await questionnaireById(this.deps.db, current.questionnaire_id)
    const problems = answerProblems(q.definition, body.answers)
    if (problems.length) throw badRequest('some answers are not valid for this questionnaire', problems)
    const set = Object.fromEntries(Object.entries(body.answers).filter(([, v]) => v !== null))
    const removed = Object.entries(body.answers).filter(([, v]) => v === null).map(([k]) => k)
    const row = await this.deps.db.updateTable('assessment')
      .set({
        answers: sql`(answers || ${JSON.stringify(set)}::jsonb) - ${removed}::text[]`,
        ...(body.currentStep !== undefined ? { current_step: body.currentStep } : {}),
        updated_at: sql`now()`,
      })
      .where('id', '=', id).where('firm_id', '=', firm.firmId).where('status', '=', 'draft')
      .returning(cols).executeTakeFirst()
    if (!row) throw FirmFormService.alreadySubmitted(null)
    return toFirmAssessment(row, q.definition)
  }

  /** Scores and closes the draft; the firm's CRM timeline gets the 'assessment' touch (-> self-positioned). */
  async submit(firm: FirmPrincipal, id: number, ctx: AuditContext): Promise<FirmAssessment> {
    return this.deps.db.transaction().execute(async (tx) => {
      const current = await this.own(tx, firm, id, true)
      if (current.status !== 'draft') throw FirmFormService.alreadySubmitted(current.submitted_at)
      return submitAssessment(tx, this.deps, ctx, current.id)
    })
  }
}

/**
 * Scores a locked draft and submits it: round (T0, T1...), the firm's classification at this moment
 * (for benchmarks), latest-assessment flag, CRM timeline, stage and maturity level, the partners'
 * webhook (assessment.completed), audit.
 */
export async function submitAssessment(tx: DbOrTx, { crm, webhooks }: SubmitDeps, ctx: AuditContext, id: number): Promise<FirmAssessment> {
  const row = await tx.selectFrom('assessment').select([...cols, 'firm_id', 'chamber_id']).where('id', '=', id).executeTakeFirstOrThrow()
  const q = await questionnaireById(tx, row.questionnaire_id)
  const result = scoreAssessment(q.definition, row.answers as Answers)
  if (result.missing.length) {
    throw badRequest(`${result.missing.length} required ${result.missing.length === 1 ? 'question is' : 'questions are'} still unanswered`,
      result.missing.map((qid) => ({ path: `/answers/${qid}`, message: 'required', keyword: 'required' })), 'assessment_unanswered', { count: result.missing.length })
  }
  const profile = await crm.firmProfile(tx, row.firm_id)
  const { n } = await tx.selectFrom('assessment').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('firm_id', '=', row.firm_id).where('status', '=', 'submitted').executeTakeFirstOrThrow()
  await tx.updateTable('assessment').set({ is_latest: false }).where('firm_id', '=', row.firm_id).where('is_latest', '=', true).execute()
  const scores = Object.fromEntries(result.dimensions.map((d) => [d.key, d.score]))
  const done = await tx.updateTable('assessment').set({
    status: 'submitted', submitted_at: sql`now()`, updated_at: sql`now()`, overall: result.overall, level: result.level,
    scores: JSON.stringify(scores), round: Number(n), is_latest: true,
    ...(profile ? { firm_name: profile.name, ateco_section: profile.atecoSection, size_class: profile.sizeClass, region_code: profile.regionCode } : {}),
  }).where('id', '=', id).returning(cols).executeTakeFirstOrThrow()
  const label = q.definition.levels.find((l) => l.level === result.level)?.label.it ?? String(result.level)
  await crm.recordEvent(tx, ctx, {
    firmId: row.firm_id, type: 'assessment', sourceModule: 'assessment',
    summary: `Autovalutazione digitale completata: ${result.overall}/100, livello ${label}`,
    details: { assessmentId: id, overall: result.overall, level: result.level, round: Number(n), questionnaire: `${q.code} v${q.version}` },
  })
  await crm.setMaturityLevel(tx, row.firm_id, result.level)
  await webhooks.emit(tx, { type: 'assessment.completed', chamberId: row.chamber_id, firmId: row.firm_id, data: {
    assessmentId: id, firmId: row.firm_id, chamberId: row.chamber_id, overall: result.overall, level: result.level, round: Number(n),
    submittedAt: done.submitted_at!.toISOString(),
  } satisfies WebhookData<'assessment.completed'> })
  await audit(tx, ctx, { chamberId: row.chamber_id, action: 'assessment.submitted', entity: 'assessment', entityId: id,
    after: { overall: result.overall, level: result.level, scores, round: Number(n) } })
  return toFirmAssessment(done, q.definition)
}
