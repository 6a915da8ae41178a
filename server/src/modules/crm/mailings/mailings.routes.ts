import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ChamberParams, Mailing, MailingAudience, MailingBody, MailingPage, MailingParams, MailingPreview, MailingPreviewQuery, MailingRecipientPage,
  MailingRecipientQuery, MailingTestBody, MailingTestResult, PageQuery, SendMailingBody,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import { getMailing, mailingPage, recipientPage } from './mailings.queries.ts'
import { MailingsService } from './mailings.service.ts'

const tags = ['crm']
const read = guarded('crm.mailings.read')
const send = guarded('crm.mailings.send')

/** Mailings to a saved segment's people whose consent covers the purpose (staff routes). */
export default async function mailingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = new MailingsService({ db: app.db, mailer: app.mailer, jobs: app.jobs, publicUrl: app.config.publicUrl })
  const base = '/chambers/:chamberId/mailings'

  app.get(base, {
    schema: { tags, summary: "The chamber's mailings, newest first, each with its figures", params: ChamberParams, querystring: PageQuery,
      response: { 200: MailingPage, 400: problem, ...denied } },
    config: read,
  }, async (req) => mailingPage(app.db, req.params.chamberId, req.query))

  app.post(base, {
    schema: { tags, summary: 'Write a mailing (a draft) to a saved segment: purpose, subject and text template with {{impresa.nome}}-style fields',
      params: ChamberParams, body: MailingBody, response: { 201: Mailing, 400: problem, ...denied } },
    config: send,
  }, async (req, reply) => reply.code(201).send(await service.create(req.params.chamberId, req.body, auditContext(req))))

  app.get(`${base}/:mailingId`, {
    schema: { tags, summary: 'A mailing with its figures', params: MailingParams, response: { 200: Mailing, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => getMailing(app.db, req.params.chamberId, req.params.mailingId))

  app.put(`${base}/:mailingId`, {
    schema: { tags, summary: 'Edit a draft mailing', params: MailingParams, body: MailingBody,
      response: { 200: Mailing, 400: problem, ...denied, 404: problem, 409: problem } },
    config: send,
  }, async (req) => service.update(req.params.chamberId, req.params.mailingId, req.body, auditContext(req)))

  app.get(`${base}/:mailingId/audience`, {
    schema: { tags, summary: 'Who would receive it now (consent active, address not suppressed): the count and the first 50',
      params: MailingParams, response: { 200: MailingAudience, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => service.audience(req.params.chamberId, req.params.mailingId))

  app.get(`${base}/:mailingId/preview`, {
    schema: { tags, summary: 'The message as a chosen recipient (or the first one) would get it', params: MailingParams,
      querystring: MailingPreviewQuery, response: { 200: MailingPreview, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => service.preview(req.params.chamberId, req.params.mailingId, req.query.contactId))

  app.post(`${base}/:mailingId/test`, {
    schema: { tags, summary: "Send the message as a recipient would get it to the staff member's own address, marked [Prova]",
      params: MailingParams, body: MailingTestBody, response: { 202: MailingTestResult, 400: problem, ...denied, 404: problem } },
    config: send,
  }, async (req, reply) => reply.code(202).send(await service.testSend(req.params.chamberId, req.params.mailingId, req.body.contactId, auditContext(req))))

  app.post(`${base}/:mailingId/send`, {
    schema: { tags, summary: 'Schedule a draft mailing (now, or at sendAt): recipients are drawn and consents re-checked when it starts',
      params: MailingParams, body: SendMailingBody, response: { 200: Mailing, 400: problem, ...denied, 404: problem, 409: problem } },
    config: send,
  }, async (req) => service.schedule(req.params.chamberId, req.params.mailingId, req.body, auditContext(req)))

  app.post(`${base}/:mailingId/cancel`, {
    schema: { tags, summary: 'Cancel a scheduled mailing before it starts (back to draft)', params: MailingParams,
      response: { 200: Mailing, 400: problem, ...denied, 404: problem, 409: problem } },
    config: send,
  }, async (req) => service.cancel(req.params.chamberId, req.params.mailingId, auditContext(req)))

  app.get(`${base}/:mailingId/recipients`, {
    schema: { tags, summary: "The mailing's recipients with each one's state (opens and clicks only where tracking was consented)",
      params: MailingParams, querystring: MailingRecipientQuery, response: { 200: MailingRecipientPage, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => {
    await getMailing(app.db, req.params.chamberId, req.params.mailingId)
    return recipientPage(app.db, req.params.mailingId, req.query)
  })
}
