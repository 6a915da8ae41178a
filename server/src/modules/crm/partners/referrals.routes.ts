import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  CancelReferralBody, ChamberParams, CreateReferralBody, PageQuery, PartnerFirmParams, Referral, ReferralDetail, ReferralFeedbackBody,
  ReferralList, ReferralListQuery, ReferralPage, ReferralParams, ReferralResponseBody,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { notFound } from '../../../core/errors.ts'
import { firmAccess } from '../access.ts'
import { ReferralsService } from './referrals.service.ts'
import { ReferralWorkflow } from './referral-workflow.ts'
import { findReferral, firmReferrals, listReferrals, referralDetail } from './referral-queries.ts'
import { visibleFirm } from '../access.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'

const tags = ['crm']
const answers = { 200: Referral, 400: problem, ...denied, 404: problem, 409: problem }
const read = guarded('crm.referrals.read')
const write = guarded('crm.referrals.write')
const respond = guarded('crm.referrals.respond')

/**
 * Referrals (segnalazioni): staff hand a firm's need to a partner; the partner accepts or declines,
 * starts, and returns a feedback sheet. Partner users see only their organisation's referrals.
 */
export default async function referralsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const referrals = new ReferralsService({ db: app.db, mailer: app.mailer, crm: app.crm, publicUrl: app.config.publicUrl, webhooks: app.webhooks })
  const workflow = new ReferralWorkflow({ db: app.db, crm: app.crm, mailer: app.mailer, publicUrl: app.config.publicUrl })

  app.post('/chambers/:chamberId/firms/:firmId/referrals', {
    schema: { tags, summary: 'Refer the firm to a partner with an agreement in force (mails the partner)',
      params: PartnerFirmParams, body: CreateReferralBody, response: { 201: Referral, 400: problem, ...denied, 404: problem } },
    config: write,
  }, async (req, reply) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.referrals.write')
    return reply.code(201).send(await referrals.create(access, req.params.firmId, req.body, auditContext(req)))
  })

  app.get('/chambers/:chamberId/firms/:firmId/referrals', {
    schema: { tags, summary: "The firm's referrals, newest first (keyset pages: `cursor`, `limit`)", params: PartnerFirmParams, querystring: PageQuery,
      response: { 200: ReferralList, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.referrals.read')
    await visibleFirm(app.db, access, req.params.firmId)
    return firmReferrals(app.db, access, req.params.firmId, { cursor: req.query.cursor, limit: req.query.limit ?? 50 })
  })

  app.get('/chambers/:chamberId/referrals', {
    schema: { tags, summary: "The chamber's referrals, newest first (a partner user: its organisation's); overdue=true for the late ones",
      params: ChamberParams, querystring: ReferralListQuery, response: { 200: ReferralPage, 400: problem, ...denied } },
    config: read,
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.referrals.read')
    return listReferrals(app.db, access, req.query)
  })

  app.get('/chambers/:chamberId/referrals/:referralId', {
    schema: { tags, summary: 'A referral with its history (who answered, declined or cancelled it, and why)',
      params: ReferralParams, response: { 200: ReferralDetail, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.referrals.read')
    const referral = await findReferral(app.db, access, req.params.referralId)
    if (!referral) throw notFound('referral')
    return referralDetail(app.db, referral)
  })

  app.post('/chambers/:chamberId/referrals/:referralId/response', {
    schema: { tags, summary: "The partner accepts or declines a referral (once: 409 if it was answered)",
      params: ReferralParams, body: ReferralResponseBody, response: answers },
    config: respond,
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.referrals.respond')
    return workflow.respond(access, req.params.referralId, req.body, auditContext(req))
  })

  app.post('/chambers/:chamberId/referrals/:referralId/start', {
    schema: { tags, summary: 'The partner starts working on an accepted referral', params: ReferralParams, response: answers },
    config: respond,
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.referrals.respond')
    return workflow.start(access, req.params.referralId, auditContext(req))
  })

  app.post('/chambers/:chamberId/referrals/:referralId/feedback', {
    schema: { tags, summary: "The partner's feedback sheet: completes the referral and lands on the firm's timeline",
      params: ReferralParams, body: ReferralFeedbackBody, response: answers },
    config: respond,
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.referrals.respond')
    return workflow.feedback(access, req.params.referralId, req.body, auditContext(req))
  })

  app.post('/chambers/:chamberId/referrals/:referralId/cancel', {
    schema: { tags, summary: 'Staff withdraw a referral still open (mails the partner)', params: ReferralParams,
      body: CancelReferralBody, response: answers },
    config: write,
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.referrals.write')
    return referrals.cancel(access, req.params.referralId, req.body, auditContext(req))
  })
}
