import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import {
  CatalogueList, CatalogueService, ChamberParams, ChamberQuestionnaireParams, CreateQuestionnaireBody, CreateServiceBody, QuestionnaireDetail,
  QuestionnaireList, ServiceParams, UpdateQuestionnaireBody, UpdateServiceBody,
} from '@pid/shared'
import { audit, auditContext } from '../../core/audit.ts'
import { conflict, notFound } from '../../core/errors.ts'
import type { DbOrTx } from '../../db/database.ts'
import { createDraft, getQuestionnaire, listQuestionnaires, publish, updateDraft } from './questionnaires.ts'
import { denied, guarded, problem } from '../../core/route-kit.ts'

const tags = ['assessment (configuration)']
const readQ = guarded('assessment.read')
const manageQ = guarded('assessment.questionnaires.manage')
const manageC = guarded('assessment.catalogue.manage')

type ServiceRow = { id: number; chamber_id: number | null; code: string; service_line: string; title: { it: string; en: string };
  description: { it: string; en: string }; dimensions: string[]; below_score: number; url: string | null; active: boolean }
const toService = (r: ServiceRow): CatalogueService => ({ id: r.id, chamberId: r.chamber_id, code: r.code, serviceLine: r.service_line as CatalogueService['serviceLine'],
  title: r.title, description: r.description, dimensions: r.dimensions, belowScore: r.below_score, url: r.url, active: r.active })
const services = (db: DbOrTx, chamberId: number) => db.selectFrom('assessment_service').selectAll()
  .where((w) => w.or([w('chamber_id', 'is', null), w('chamber_id', '=', chamberId)]))

/** Questionnaire versions (draft editor, publish) and the PID's service catalogue used for recommendations. */
export default async function configRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/chambers/:chamberId/assessment/questionnaires', {
    schema: { tags, summary: 'Questionnaire versions: the network-wide ones and the chamber\'s own', params: ChamberParams,
      response: { 200: QuestionnaireList, 400: problem, ...denied } },
    config: readQ,
  }, async (req) => ({ items: await listQuestionnaires(app.db, req.params.chamberId) }))

  app.get('/chambers/:chamberId/assessment/questionnaires/:questionnaireId', {
    schema: { tags, summary: 'A questionnaire version with its definition', params: ChamberQuestionnaireParams,
      response: { 200: QuestionnaireDetail, 400: problem, ...denied, 404: problem } },
    config: readQ,
  }, async (req) => getQuestionnaire(app.db, req.params.chamberId, req.params.questionnaireId))

  app.post('/chambers/:chamberId/assessment/questionnaires', {
    schema: { tags, summary: 'A new draft for the chamber, copied from a version', params: ChamberParams, body: CreateQuestionnaireBody,
      response: { 201: QuestionnaireDetail, 400: problem, ...denied, 404: problem } },
    config: manageQ,
  }, async (req, reply) => reply.code(201).send(await createDraft(app.db, req.params.chamberId, req.body.copyFrom, req.body.code, auditContext(req))))

  app.put('/chambers/:chamberId/assessment/questionnaires/:questionnaireId', {
    schema: { tags, summary: 'Replace a draft\'s definition (checked by the definition rules); published versions are frozen',
      params: ChamberQuestionnaireParams, body: UpdateQuestionnaireBody, response: { 200: QuestionnaireDetail, 400: problem, ...denied, 404: problem, 409: problem } },
    config: manageQ,
  }, async (req) => updateDraft(app.db, req.params.chamberId, req.params.questionnaireId, req.body.definition, auditContext(req)))

  app.post('/chambers/:chamberId/assessment/questionnaires/:questionnaireId/publish', {
    schema: { tags, summary: 'Publish a draft: it freezes, and firms of the chamber answer it from now on',
      params: ChamberQuestionnaireParams, response: { 200: QuestionnaireDetail, 400: problem, ...denied, 404: problem, 409: problem } },
    config: manageQ,
  }, async (req) => publish(app.db, req.params.chamberId, req.params.questionnaireId, auditContext(req)))

  app.get('/chambers/:chamberId/assessment/services', {
    schema: { tags, summary: 'The service catalogue used for recommendations (network-wide and the chamber\'s own)', params: ChamberParams,
      response: { 200: CatalogueList, 400: problem, ...denied } },
    config: readQ,
  }, async (req) => ({ items: (await services(app.db, req.params.chamberId).orderBy('service_line').orderBy('code').execute()).map(toService) }))

  app.post('/chambers/:chamberId/assessment/services', {
    schema: { tags, summary: 'Add a service of the chamber to the catalogue', params: ChamberParams, body: CreateServiceBody,
      response: { 201: CatalogueService, 400: problem, ...denied, 409: problem } },
    config: manageC,
  }, async (req, reply) => {
    const b = req.body
    const row = await app.db.transaction().execute(async (tx) => {
      const r = await tx.insertInto('assessment_service').values({
        chamber_id: req.params.chamberId, code: b.code, service_line: b.serviceLine, title: JSON.stringify(b.title), description: JSON.stringify(b.description),
        dimensions: b.dimensions, below_score: b.belowScore, url: b.url, active: b.active,
      }).returningAll().executeTakeFirstOrThrow()
      await audit(tx, auditContext(req), { chamberId: req.params.chamberId, action: 'assessment.service.created', entity: 'assessment_service', entityId: r.id, after: b })
      return r
    })
    return reply.code(201).send(toService(row))
  })

  app.patch('/chambers/:chamberId/assessment/services/:serviceId', {
    schema: { tags, summary: 'Change a service of the chamber (network-wide services are read-only here)', params: ServiceParams, body: UpdateServiceBody,
      response: { 200: CatalogueService, 400: problem, ...denied, 404: problem, 409: problem } },
    config: manageC,
  }, async (req) => {
    const b = req.body
    return app.db.transaction().execute(async (tx) => {
      const before = await services(tx, req.params.chamberId).where('id', '=', req.params.serviceId).executeTakeFirst()
      if (!before) throw notFound('service')
      if (before.chamber_id === null) throw conflict('network-wide services are maintained nationally: add a service of the chamber instead')
      const row = await tx.updateTable('assessment_service').set({
        ...(b.serviceLine !== undefined ? { service_line: b.serviceLine } : {}), ...(b.title !== undefined ? { title: JSON.stringify(b.title) } : {}),
        ...(b.description !== undefined ? { description: JSON.stringify(b.description) } : {}), ...(b.dimensions !== undefined ? { dimensions: b.dimensions } : {}),
        ...(b.belowScore !== undefined ? { below_score: b.belowScore } : {}), ...(b.url !== undefined ? { url: b.url } : {}),
        ...(b.active !== undefined ? { active: b.active } : {}), updated_at: sql`now()`,
      }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow()
      await audit(tx, auditContext(req), { chamberId: req.params.chamberId, action: 'assessment.service.updated', entity: 'assessment_service', entityId: row.id,
        before: toService(before), after: b })
      return toService(row)
    })
  })
}
