import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ChamberParams, PageQuery, Segment, SegmentBody, SegmentCount, SegmentFirmPage, SegmentList, SegmentParams, SegmentPreviewBody,
  type FirmFilter,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { firmAccess } from '../access.ts'
import { countMatching, getSegment, listSegments, matchingFirmPage, SegmentsService } from './segments.service.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'

const tags = ['crm']
const read = guarded('crm.segments.read')
const write = guarded('crm.segments.write')

/** Segments: saved firm filters, counted live and listed, that campaigns draw their firms from. */
export default async function segmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = new SegmentsService(app)

  app.get('/chambers/:chamberId/segments', {
    schema: { tags, summary: "The chamber's saved segments", params: ChamberParams,
      response: { 200: SegmentList, 400: problem, ...denied } },
    config: read,
  }, async (req) => ({ items: await listSegments(app.db, req.params.chamberId) }))

  app.post('/chambers/:chamberId/segments', {
    schema: { tags, summary: 'Save a segment: a named firm filter', params: ChamberParams, body: SegmentBody,
      response: { 201: Segment, 400: problem, ...denied, 409: problem } },
    config: write,
  }, async (req, reply) => reply.code(201).send(await service.create(req.params.chamberId, req.body, auditContext(req))))

  app.post('/chambers/:chamberId/segments/preview', {
    schema: { tags, summary: 'How many firms a filter matches now (live count while a segment is designed)',
      params: ChamberParams, body: SegmentPreviewBody, response: { 200: SegmentCount, 400: problem, ...denied } },
    config: read,
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.segments.read')
    return { count: await countMatching(app.db, access, req.body.filter) }
  })

  app.get('/chambers/:chamberId/segments/:segmentId', {
    schema: { tags, summary: 'A segment', params: SegmentParams, response: { 200: Segment, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => getSegment(app.db, req.params.chamberId, req.params.segmentId))

  app.put('/chambers/:chamberId/segments/:segmentId', {
    schema: { tags, summary: "Change a segment's name, description or filter", params: SegmentParams, body: SegmentBody,
      response: { 200: Segment, 400: problem, ...denied, 404: problem, 409: problem } },
    config: write,
  }, async (req) => service.update(req.params.chamberId, req.params.segmentId, req.body, auditContext(req)))

  app.delete('/chambers/:chamberId/segments/:segmentId', {
    schema: { tags, summary: 'Delete a segment no campaign uses (409 otherwise)', params: SegmentParams,
      response: { 204: { type: 'null' }, 400: problem, ...denied, 404: problem, 409: problem } },
    config: write,
  }, async (req, reply) => {
    await service.remove(req.params.chamberId, req.params.segmentId, auditContext(req))
    return reply.code(204).send(null)
  })

  app.get('/chambers/:chamberId/segments/:segmentId/firms', {
    schema: { tags, summary: 'The firms the segment matches now, by name', params: SegmentParams, querystring: PageQuery,
      response: { 200: SegmentFirmPage, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => {
    const segment = await getSegment(app.db, req.params.chamberId, req.params.segmentId)
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.segments.read')
    return matchingFirmPage(app.db, access, segment.filter as FirmFilter, req.query)
  })
}
