import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  ChamberParams, CreateImportQuery, DuplicateDismissBody, DuplicatePage, DuplicateScanStatus, DuplicatesQuery, ImportListQuery, ImportParams, ImportRun,
  ImportRunList, MergeBody, MergeParams, MergeResult,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { HttpError } from '../../../core/errors.ts'
import { IMPORT_JOB, ImportsService } from './imports.service.ts'
import { runImport } from './run-import.ts'
import { dismissPair, findDuplicates, rescan } from './duplicates.ts'
import { SCAN_QUEUE, SCAN_QUEUE_POLICY, scanDuplicates } from './duplicate-scan.ts'
import { mergeFirms } from './merge.ts'
import { registerImportWork } from './import-work.ts'
import { denied, problem } from '../../../core/route-kit.ts'

const tags = ['crm']
/** A whole province's register extract: about 250 bytes a firm, so a million firms fit. */
export const IMPORT_BODY_LIMIT = 300 * 1024 * 1024
const CSV_TYPES = ['text/csv', 'application/csv']

/** CRM: register imports (CSV extracts, run as the 'crm.import' job), duplicates and merge. */
export default async function importsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = new ImportsService(app)
  app.jobs.work(IMPORT_JOB, async (payload, db) => { await runImport(db, app.pgPool, app.jobs, Number(payload.importId)) })
  registerImportWork(app.work)
  app.jobs.work(SCAN_QUEUE, async (payload, db) => { await scanDuplicates(db, Number(payload.chamberId)) }, { policy: SCAN_QUEUE_POLICY })

  // Encapsulated in this plugin: only these routes take a raw CSV body, kept as bytes (the job decodes it).
  app.addContentTypeParser(CSV_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) => { done(null, body) })

  app.post('/chambers/:chamberId/imports', {
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      tags, summary: 'Upload a register extract (CSV, see FORMAT.md) and queue its import',
      description: 'Send the file as the raw body with `content-type: text/csv`. Answers 202 with the queued run; poll it for progress.',
      params: ChamberParams, querystring: CreateImportQuery,
      response: { 202: ImportRun, 400: problem, ...denied, 413: problem, 415: problem },
    },
    config: { guard: { action: 'crm.firms.import', scope: 'chamber' } },
  }, async (req, reply) => {
    if (!Buffer.isBuffer(req.body)) throw new HttpError(415, 'unsupported_media_type', 'send the file as the body with content-type: text/csv')
    const run = await service.create(req.params.chamberId, req.query.fileName, req.body, auditContext(req))
    return reply.code(202).send(run)
  })

  app.get('/chambers/:chamberId/imports', {
    schema: { tags, summary: "The chamber's recent import runs, newest first", params: ChamberParams, querystring: ImportListQuery,
      response: { 200: ImportRunList, 400: problem, ...denied } },
    config: { guard: { action: 'crm.firms.import', scope: 'chamber' } },
  }, async (req) => ({ items: await service.list(req.params.chamberId, req.query.limit ?? 20) }))

  app.get('/chambers/:chamberId/imports/:importId', {
    schema: { tags, summary: 'One import run: status, progress and counts', params: ImportParams,
      response: { 200: ImportRun, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: 'crm.firms.import', scope: 'chamber' } },
  }, async (req) => service.get(req.params.chamberId, req.params.importId))

  app.get('/chambers/:chamberId/imports/:importId/errors.csv', {
    schema: { tags, summary: "The run's row errors as CSV (riga, colonna, messaggio)", params: ImportParams,
      response: { 200: Type.String({ description: 'text/csv' }), 400: problem, ...denied, 404: problem } },
    config: { guard: { action: 'crm.firms.import', scope: 'chamber' } },
  }, async (req, reply) => {
    const csv = await service.errorsCsv(req.params.chamberId, req.params.importId)
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="errori-import-${req.params.importId}.csv"`).send(csv)
  })

  app.get('/chambers/:chamberId/firms/duplicates', {
    schema: { tags, summary: 'Likely duplicate firms found by the last scan: same partita IVA, or similar names in the same municipality',
      params: ChamberParams, querystring: DuplicatesQuery, response: { 200: DuplicatePage, 400: problem, ...denied } },
    config: { guard: { action: 'crm.firms.merge', scope: 'chamber' } },
  }, async (req) => findDuplicates(app.db, req.params.chamberId, req.query))

  app.post('/chambers/:chamberId/firms/duplicates/scan', {
    schema: { tags, summary: 'Scan the chamber for duplicates again (a background job; imports and new firms ask for one too)',
      params: ChamberParams, response: { 202: DuplicateScanStatus, 400: problem, ...denied } },
    config: { guard: { action: 'crm.firms.merge', scope: 'chamber' } },
  }, async (req, reply) => reply.code(202).send(await rescan(app.db, app.jobs, req.params.chamberId, auditContext(req))))

  app.post('/chambers/:chamberId/firms/duplicates/dismissals', {
    schema: { tags, summary: 'Declare two firms distinct: the pair is never proposed again',
      params: ChamberParams, body: DuplicateDismissBody, response: { 204: Type.Null(), 400: problem, ...denied, 404: problem } },
    config: { guard: { action: 'crm.firms.merge', scope: 'chamber' } },
  }, async (req, reply) => {
    await dismissPair(app.db, req.params.chamberId, req.body.aId, req.body.bId, auditContext(req))
    return reply.code(204).send(null)
  })

  app.post('/chambers/:chamberId/firms/:firmId/merge', {
    schema: { tags, summary: 'Merge this firm (a duplicate) into another, moving all its history there',
      params: MergeParams, body: MergeBody,
      response: { 200: MergeResult, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { guard: { action: 'crm.firms.merge', scope: 'chamber' } },
  }, async (req) => mergeFirms(app.db, app.crm, req.actor!, req.params.chamberId, req.params.firmId, req.body.intoFirmId, auditContext(req)))
}
