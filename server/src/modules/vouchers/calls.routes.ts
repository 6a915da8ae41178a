import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  ApplicationListQuery, ApplicationPage, CallList, CallListQuery, ChamberParams, CreateCallBody, UpdateCallBody, VoucherCall, VoucherCallParams,
} from '@pid/shared'
import { auditContext } from '../../core/audit.ts'
import { firmAccess } from '../crm/index.ts'
import { dbNow, listCalls } from './call-state.ts'
import { isChamberStaff, type VoucherServices } from './context.ts'
import { notFound } from '../../core/errors.ts'
import { denied, guarded, problem } from '../../core/route-kit.ts'

const tags = ['vouchers']
const read = guarded('vouchers.read')
const manage = guarded('vouchers.calls.manage')

/** Calls (bandi) as staff edit and follow them; a call's applications in protocol order. */
export default async function callRoutes(fastify: FastifyInstance, { s }: { s: VoucherServices }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const base = '/chambers/:chamberId/vouchers/calls'

  app.get(base, {
    schema: { tags, summary: "The chamber's calls, newest first (keyset pages: `cursor`, `limit`; filter: `status`)", params: ChamberParams, querystring: CallListQuery,
      response: { 200: CallList, 400: problem, ...denied } },
    config: read,
  }, async (req) => {
    const draftsToo = await isChamberStaff(app, req.actor!, req.params.chamberId)
    const { status, cursor, limit = 50 } = req.query
    return listCalls(app.db, req.params.chamberId, status, await dbNow(app.db), { draftsToo, cursor, limit })
  })

  app.post(base, {
    schema: { tags, summary: 'Create a call as a draft (times with their offset; shown in Europe/Rome)', params: ChamberParams,
      body: CreateCallBody, response: { 201: VoucherCall, 400: problem, ...denied, 409: problem } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await s.calls.create(req.params.chamberId, req.body, auditContext(req))))

  app.get(`${base}/:callId`, {
    schema: { tags, summary: 'A call: terms, phase, money (envelope, held, granted, available, quotas) and applications per status',
      params: VoucherCallParams, response: { 200: VoucherCall, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => {
    const call = await s.calls.view(req.params.chamberId, req.params.callId)
    if (call.status === 'draft' && !(await isChamberStaff(app, req.actor!, req.params.chamberId))) throw notFound('call')
    return call
  })

  app.patch(`${base}/:callId`, {
    schema: { tags, summary: 'Edit a draft call; once published only its texts may change', params: VoucherCallParams, body: UpdateCallBody,
      response: { 200: VoucherCall, 400: problem, ...denied, 404: problem, 409: problem } },
    config: manage,
  }, async (req) => s.calls.update(req.params.chamberId, req.params.callId, req.body, auditContext(req)))

  app.delete(`${base}/:callId`, {
    schema: { tags, summary: 'Delete a draft call', params: VoucherCallParams, response: { 204: Type.Null(), 400: problem, ...denied, 404: problem, 409: problem } },
    config: manage,
  }, async (req, reply) => {
    await s.calls.remove(req.params.chamberId, req.params.callId, auditContext(req))
    return reply.code(204).send(null)
  })

  app.post(`${base}/:callId/publish`, {
    schema: { tags, summary: "Publish: commits the envelope on the chamber's budget voucher line (409 budget_exceeded says what is available)",
      params: VoucherCallParams, response: { 200: VoucherCall, 400: problem, ...denied, 404: problem, 409: problem } },
    config: manage,
  }, async (req) => s.calls.publish(req.params.chamberId, req.params.callId, auditContext(req)))

  app.get(`${base}/:callId/applications`, {
    schema: { tags, summary: "A call's applications in protocol order (status=draft: the drafts); partners see their firms' only",
      params: VoucherCallParams, querystring: ApplicationListQuery, response: { 200: ApplicationPage, 400: problem, ...denied, 404: problem } },
    config: guarded('vouchers.applications.read'),
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'vouchers.applications.read')
    return s.applications.list(access, req.params.callId, req.query)
  })
}
