import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  ChamberParams, CreateFirmBody, Firm, FirmCount, FirmExportQuery, FirmFilter, FirmListQuery, FirmPage, FirmParams, UpdateFirmBody,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { firmAccess } from '../access.ts'
import { countFirms, listFirms } from './firm-list.ts'
import { loadVersionedFirm, toFirmSummary } from './firm-rows.ts'
import { ifMatch, sendVersioned } from '../../../core/etag.ts'
import { startExport } from './firm-export.ts'
import { FirmsService } from './firms.service.ts'
import { denied, problem } from '../../../core/route-kit.ts'

const tags = ['crm']
// 403 also when a partner's organisation has no agreement in force with the chamber.
const read = { action: 'crm.firms.read', scope: 'chamber' } as const
const write = { action: 'crm.firms.write', scope: 'chamber' } as const

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }

/** The chamber's firms: list, live counts, export, registration, profile and edits. */
export default async function firmRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = new FirmsService(app)

  app.get('/chambers/:chamberId/firms', {
    schema: { tags, summary: "The chamber's firms: filter, sort, keyset pages (partners see only their related firms)",
      params: ChamberParams, querystring: FirmListQuery, response: { 200: FirmPage, 400: problem, ...denied } },
    config: { guard: read },
  }, async (req) => {
    const { sort, dir, cursor, limit, ...filter } = req.query
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.firms.read')
    const page = await listFirms(app.db, access, { filter, sort, dir, cursor, limit: limit ?? 50, similarWhenNone: true })
    return { items: page.items.map((r) => toFirmSummary(r, access)), nextCursor: page.nextCursor, fuzzy: page.fuzzy, correctedQuery: page.correctedQuery }
  })

  app.get('/chambers/:chamberId/firms/count', {
    schema: { tags, summary: 'How many firms match a filter (exact, for live segment sizes)',
      params: ChamberParams, querystring: FirmFilter, response: { 200: FirmCount, 400: problem, ...denied } },
    config: { guard: read },
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.firms.read')
    return { count: await countFirms(app.db, access, req.query) }
  })

  app.get('/chambers/:chamberId/firms/export', {
    schema: { tags, summary: 'Download the matching firms as CSV or XLSX (audited: the file may hold personal data)',
      params: ChamberParams, querystring: FirmExportQuery,
      response: { 200: Type.String({ description: 'the file, as an attachment (text/csv or XLSX)' }), 400: problem, ...denied } },
    config: { guard: { action: 'crm.firms.export', scope: 'chamber' } },
  }, async (req, reply) => {
    const { format = 'csv', ...filter } = req.query
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.firms.export')
    const { rows, body } = await startExport(app.db, access, filter, format, auditContext(req))
    const day = new Date().toISOString().slice(0, 10)
    return reply
      .header('content-type', CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="imprese-${day}.${format}"`)
      .header('x-total-count', String(rows))
      .send(body)
  })

  app.post('/chambers/:chamberId/firms', {
    schema: { tags, summary: 'Register a firm (codes, province, municipality and ATECO checked)',
      params: ChamberParams, body: CreateFirmBody, response: { 201: Firm, 400: problem, ...denied, 409: problem } },
    config: { guard: write },
  }, async (req, reply) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.firms.write')
    return reply.code(201).send(await service.create(access, req.body, auditContext(req)))
  })

  app.get('/chambers/:chamberId/firms/:firmId', {
    schema: { tags, summary: "A firm's profile: registry data, assignee, ATECO title, counts of contacts and events",
      params: FirmParams, response: { 200: Firm, 400: problem, ...denied, 404: problem } },
    config: { guard: read, etag: true },
  }, async (req, reply) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.firms.read')
    return sendVersioned(reply, await loadVersionedFirm(app.db, access, req.params.firmId))
  })

  app.patch('/chambers/:chamberId/firms/:firmId', {
    schema: { tags, summary: 'Change some of a firm\'s data, its tags or its assignee (null unassigns)',
      params: FirmParams, body: UpdateFirmBody, response: { 200: Firm, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { guard: write, etag: true },
  }, async (req, reply) => {
    const expected = ifMatch(req)
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.firms.write')
    return sendVersioned(reply, await service.update(access, req.params.firmId, req.body, auditContext(req), expected))
  })
}
