import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ChamberParams, LogEventBody, LoggedEvent, SetStageBody, StageHistory, TimelineFirmParams, TimelinePage, TimelineQuery,
  type Stage,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { firmAccess } from '../access.ts'
import { firmInReach } from './firm-scope.ts'
import { listTimeline } from './timeline.queries.ts'
import { stageHistory, TimelineService } from './timeline.service.ts'
import { denied, problem } from '../../../core/route-kit.ts'

const tags = ['crm']

/** CRM: every touch on a firm's timeline, the chamber's activity feed, the awareness stage (routes under /api/v1). */
export default async function timelineRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = new TimelineService(app)

  app.get('/chambers/:chamberId/firms/:firmId/timeline', {
    schema: { tags, summary: "A firm's timeline, newest first (filter by type, author, days)",
      params: TimelineFirmParams, querystring: TimelineQuery,
      response: { 200: TimelinePage, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: 'crm.timeline.read', scope: 'chamber' } },
  }, async (req) => {
    const firm = await firmInReach(app.db, req.actor!, req.params.chamberId, req.params.firmId, 'crm.timeline.read')
    return listTimeline(app.db, { firmId: firm.id }, req.query)
  })

  app.post('/chambers/:chamberId/firms/:firmId/timeline', {
    schema: { tags, summary: 'Log a touch with the firm by hand (visit, call, e-mail, event, note...); the stage advances with it',
      params: TimelineFirmParams, body: LogEventBody,
      response: { 201: LoggedEvent, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: 'crm.firms.write', scope: 'chamber' } },
  }, async (req, reply) => reply.code(201).send(await service.logEvent(req.actor!, req.params, req.body, auditContext(req))))

  app.get('/chambers/:chamberId/firms/:firmId/stage-history', {
    schema: { tags, summary: "The firm's awareness stage and every change of it, newest first",
      params: TimelineFirmParams, response: { 200: StageHistory, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: 'crm.timeline.read', scope: 'chamber' } },
  }, async (req) => stageHistory(app.db, req.actor!, req.params, 'crm.timeline.read'))

  app.put('/chambers/:chamberId/firms/:firmId/stage', {
    schema: { tags, summary: "Set the firm's awareness stage by hand, in either direction, with a reason",
      params: TimelineFirmParams, body: SetStageBody,
      response: { 200: StageHistory, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: 'crm.stage.write', scope: 'chamber' } },
  }, async (req) => service.setStage(req.actor!, req.params, req.body.stage as Stage, req.body.reason, auditContext(req)))

  app.get('/chambers/:chamberId/timeline', {
    schema: { tags, summary: "The chamber's recent activity on its firms, newest first (per promoter with authorId)",
      params: ChamberParams, querystring: TimelineQuery,
      response: { 200: TimelinePage, 400: problem, ...denied } },
    config: { guard: { action: 'crm.timeline.read', scope: 'chamber' } },
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.timeline.read')
    return listTimeline(app.db, { chamber: access }, req.query)
  })
}
