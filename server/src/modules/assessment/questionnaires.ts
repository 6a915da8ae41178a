import { sql } from 'kysely'
import { definitionProblems, type QuestionnaireDefinition, type QuestionnaireDetail, type QuestionnaireSummary } from '@pid/shared'
import type { Db, DbOrTx } from '../../db/database.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { badRequest, conflict, notFound } from '../../core/errors.ts'
import { ensureAssessmentDefaults } from './seed-defaults.ts'

/**
 * Questionnaire versions. Network-wide ones (chamber_id null, the default) are read by every
 * chamber; a chamber edits its own drafts. Publishing freezes a version (a trigger refuses any later
 * change of its definition), so every response keeps exactly what it answered.
 */
const columns = ['q.id', 'q.chamber_id', 'q.code', 'q.version', 'q.status', 'q.definition', 'q.created_at', 'q.updated_at', 'q.published_at'] as const
type Row = { id: number; chamber_id: number | null; code: string; version: number; status: string; definition: unknown;
  created_at: Date; updated_at: Date; published_at: Date | null }

function toDetail(r: Row): QuestionnaireDetail {
  const definition = r.definition as QuestionnaireDefinition
  return {
    id: r.id, chamberId: r.chamber_id, code: r.code, version: r.version, status: r.status as QuestionnaireSummary['status'],
    title: definition.title, questionCount: definition.questions.length, createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(), publishedAt: r.published_at?.toISOString() ?? null, definition,
  }
}

const visibleTo = (chamberId: number) => sql<boolean>`(q.chamber_id IS NULL OR q.chamber_id = ${chamberId})`

export async function listQuestionnaires(db: DbOrTx, chamberId: number): Promise<QuestionnaireSummary[]> {
  const rows = await db.selectFrom('assessment_questionnaire as q').select(columns).where(visibleTo(chamberId))
    .orderBy('q.code').orderBy('q.version', 'desc').execute()
  return rows.map((r) => { const { definition: _d, ...summary } = toDetail(r); return summary })
}

export async function getQuestionnaire(db: DbOrTx, chamberId: number, id: number): Promise<QuestionnaireDetail> {
  const row = await db.selectFrom('assessment_questionnaire as q').select(columns).where('q.id', '=', id).where(visibleTo(chamberId)).executeTakeFirst()
  if (!row) throw notFound('questionnaire')
  return toDetail(row)
}

/**
 * The questionnaire a firm of the chamber answers: the chamber's latest published version if it has
 * one, otherwise the network's latest published default.
 */
export async function activeQuestionnaire(db: DbOrTx, chamberId: number, retried = false): Promise<QuestionnaireDetail> {
  const row = await db.selectFrom('assessment_questionnaire as q').select(columns)
    .where(visibleTo(chamberId)).where('q.status', '=', 'published')
    .orderBy(sql`q.chamber_id IS NULL`).orderBy('q.published_at', 'desc').orderBy('q.id', 'desc').limit(1).executeTakeFirst()
  if (!row) {
    // The demo reset (`pnpm seed`) empties the tables under a running app: put the defaults back.
    if (retried) throw notFound('published questionnaire')
    await ensureAssessmentDefaults(db)
    return activeQuestionnaire(db, chamberId, true)
  }
  return toDetail(row)
}

/**
 * Published versions never change (a trigger guarantees it), so each instance may keep them: reports
 * then skip reading and parsing the definition (tens of kilobytes of JSON) on every request. The
 * caller passes the version's publication time read with its own row, so a reset database whose ids
 * were reused never gets another version's definition.
 */
const frozen = new Map<number, QuestionnaireDetail>()

/** A version by id, whatever its owner (an assessment always reads the version it answered). */
export async function questionnaireById(db: DbOrTx, id: number, publishedAt?: Date | null): Promise<QuestionnaireDetail> {
  const cached = frozen.get(id)
  if (cached && publishedAt && cached.publishedAt === publishedAt.toISOString()) return cached
  const row = await db.selectFrom('assessment_questionnaire as q').select(columns).where('q.id', '=', id).executeTakeFirstOrThrow()
  const detail = toDetail(row)
  if (detail.status !== 'draft' && frozen.size < 1000) frozen.set(id, detail)
  return detail
}

export async function createDraft(db: Db, chamberId: number, copyFrom: number, code: string | undefined, ctx: AuditContext): Promise<QuestionnaireDetail> {
  return db.transaction().execute(async (tx) => {
    const source = await getQuestionnaire(tx, chamberId, copyFrom)
    const targetCode = code ?? source.code
    const { next } = await tx.selectFrom('assessment_questionnaire')
      .select(sql<number>`coalesce(max(version), 0) + 1`.as('next')).where('code', '=', targetCode)
      .where((w) => w.or([w('chamber_id', 'is', null), w('chamber_id', '=', chamberId)])).executeTakeFirstOrThrow()
    const { id } = await tx.insertInto('assessment_questionnaire').values({
      chamber_id: chamberId, code: targetCode, version: next, status: 'draft', definition: JSON.stringify(source.definition), created_by: ctx.actorId,
    }).returning('id').executeTakeFirstOrThrow()
    await audit(tx, ctx, { chamberId, action: 'assessment.questionnaire.created', entity: 'assessment_questionnaire', entityId: id,
      after: { code: targetCode, version: next, copyFrom } })
    return getQuestionnaire(tx, chamberId, id)
  })
}

async function ownDraft(tx: DbOrTx, chamberId: number, id: number): Promise<QuestionnaireDetail> {
  const q = await getQuestionnaire(tx, chamberId, id)
  if (q.chamberId !== chamberId) throw conflict('network-wide questionnaires are read-only here: make a draft copy for the chamber', 'questionnaire_read_only')
  if (q.status !== 'draft') throw conflict('this version is published and frozen: make a new draft to change it', 'questionnaire_frozen')
  return q
}

export async function updateDraft(db: Db, chamberId: number, id: number, definition: QuestionnaireDefinition, ctx: AuditContext): Promise<QuestionnaireDetail> {
  const problems = definitionProblems(definition)
  if (problems.length) throw badRequest('the questionnaire has problems', problems.map((p) => ({ ...p, path: `/definition${p.path === '/' ? '' : p.path}` })))
  return db.transaction().execute(async (tx) => {
    await ownDraft(tx, chamberId, id)
    await tx.updateTable('assessment_questionnaire').set({ definition: JSON.stringify(definition), updated_at: sql`now()` }).where('id', '=', id).execute()
    await audit(tx, ctx, { chamberId, action: 'assessment.questionnaire.updated', entity: 'assessment_questionnaire', entityId: id,
      after: { questions: definition.questions.length, dimensions: definition.dimensions.length } })
    return getQuestionnaire(tx, chamberId, id)
  })
}

export async function publish(db: Db, chamberId: number, id: number, ctx: AuditContext): Promise<QuestionnaireDetail> {
  return db.transaction().execute(async (tx) => {
    const q = await ownDraft(tx, chamberId, id)
    const problems = definitionProblems(q.definition)
    if (problems.length) throw badRequest('the questionnaire cannot be published yet', problems)
    await tx.updateTable('assessment_questionnaire').set({ status: 'published', published_at: sql`now()`, published_by: ctx.actorId, updated_at: sql`now()` })
      .where('id', '=', id).where('status', '=', 'draft').execute()
    await audit(tx, ctx, { chamberId, action: 'assessment.questionnaire.published', entity: 'assessment_questionnaire', entityId: id,
      after: { code: q.code, version: q.version } })
    return getQuestionnaire(tx, chamberId, id)
  })
}
