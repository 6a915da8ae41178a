import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  Campaign, CampaignFirm, CampaignFirmPage, CampaignFirmParams, CampaignFirmQuery, CampaignPage, CampaignParams, ChamberParams,
  CreateCampaignBody, PageQuery, SetOutcomeBody,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { campaignFirmPage, campaignPage, getCampaign } from './campaigns.queries.ts'
import { CampaignsService } from './campaigns.service.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import { firmAccess } from '../access.ts'

const tags = ['crm']
const read = guarded('crm.campaigns.read')
const write = guarded('crm.campaigns.write')

/** Campaigns: a segment's firms dealt to promoters, each firm's outcome reported and tracked. */
export default async function campaignRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = new CampaignsService(app)

  app.post('/chambers/:chamberId/campaigns', {
    schema: { tags, summary: "Start a campaign: the segment's firms now, dealt round-robin to the promoters",
      params: ChamberParams, body: CreateCampaignBody, response: { 201: Campaign, 400: problem, ...denied } },
    config: write,
  }, async (req, reply) => reply.code(201).send(await service.create(req.params.chamberId, req.body, auditContext(req))))

  app.get('/chambers/:chamberId/campaigns', {
    schema: { tags, summary: "The chamber's campaigns, newest first, with progress (per outcome and promoter)",
      params: ChamberParams, querystring: PageQuery, response: { 200: CampaignPage, 400: problem, ...denied } },
    config: read,
  }, async (req) => campaignPage(app.db, req.params.chamberId, req.query))

  app.get('/chambers/:chamberId/campaigns/:campaignId', {
    schema: { tags, summary: 'A campaign with its progress', params: CampaignParams,
      response: { 200: Campaign, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => getCampaign(app.db, req.params.chamberId, req.params.campaignId))

  app.get('/chambers/:chamberId/campaigns/:campaignId/firms', {
    schema: { tags, summary: "The campaign's firms by name (a promoter's worklist with promoterId)",
      params: CampaignParams, querystring: CampaignFirmQuery, response: { 200: CampaignFirmPage, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => campaignFirmPage(app.db, await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.campaigns.read'), req.params.campaignId, req.query))

  app.put('/chambers/:chamberId/campaigns/:campaignId/firms/:firmId/outcome', {
    schema: { tags, summary: "Report a firm's outcome (promoters: only their own firms); recorded on the firm's timeline",
      params: CampaignFirmParams, body: SetOutcomeBody,
      response: { 200: CampaignFirm, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { guard: { action: 'crm.campaigns.outcome', scope: 'chamber' } },
  }, async (req) => service.setOutcome(req.actor!, req.params, req.body, auditContext(req)))

  app.post('/chambers/:chamberId/campaigns/:campaignId/close', {
    schema: { tags, summary: 'Close a campaign: outcomes can no longer change', params: CampaignParams,
      response: { 200: Campaign, 400: problem, ...denied, 404: problem, 409: problem } },
    config: write,
  }, async (req) => service.close(req.params.chamberId, req.params.campaignId, auditContext(req)))
}
