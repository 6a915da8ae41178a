import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  can, ChamberFiguresParams, DoorEventParams, EventCost, EventCostBody, EventCostList, EventFigures, FiguresYearQuery, PidFigures, RegionFigures,
  RegionFiguresParams,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import { eventFigures, pidFigures, regionFigures } from './figures.ts'
import { addCost, listCosts } from './costs.ts'

const tags = ['experience centre: results']
const figures = guarded('experience.figures.read')

/** After the event: figures per event, per PID and per region; the event's costs on the budget. */
export default async function resultsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const event = '/chambers/:chamberId/experience/events/:eventId'

  app.get(`${event}/figures`, {
    schema: { tags, summary: "An event's attendance and survey figures; the attendees and the comments only for the chamber's staff",
      params: DoorEventParams, response: { 200: EventFigures, 400: problem, ...denied, 404: problem } },
    config: figures,
  }, async (req) => {
    const f = await eventFigures(app, req.params.chamberId, req.params.eventId)
    // Regional and national roles read figures, never people (names, free-text comments).
    if (!can(req.actor!.grants, 'experience.read', req.params.chamberId)) return { ...f, attendees: [], comments: [] }
    return f
  })

  app.get('/chambers/:chamberId/experience/figures', {
    schema: { tags, summary: "A PID's events of a year: attendance, survey averages, costs, per event and in total",
      params: ChamberFiguresParams, querystring: FiguresYearQuery, response: { 200: PidFigures, 400: problem, ...denied } },
    config: figures,
  }, async (req) => pidFigures(app.db, req.params.chamberId, req.query.year))

  app.get('/regions/:regionCode/experience/figures', {
    schema: { tags, summary: "The region's PIDs' events of a year, per chamber and in total (figures only)",
      params: RegionFiguresParams, querystring: FiguresYearQuery, response: { 200: RegionFigures, 400: problem, ...denied } },
    config: { guard: { action: 'experience.figures.read', scope: 'region' } },
  }, async (req) => regionFigures(app.db, req.params.regionCode, req.query.year))

  app.get(`${event}/costs`, {
    schema: { tags, summary: "The event's cost lines (spent on the communication line of the event's year)",
      params: DoorEventParams, response: { 200: EventCostList, 400: problem, ...denied, 404: problem } },
    config: guarded('experience.events.manage'),
  }, async (req) => listCosts(app, req.params.chamberId, req.params.eventId))

  app.post(`${event}/costs`, {
    schema: { tags, summary: 'Add a cost line, spent on the budget at once (409 budget_exceeded passes through); lines are not removed',
      params: DoorEventParams, body: EventCostBody, response: { 201: EventCost, 400: problem, ...denied, 404: problem, 409: problem } },
    config: guarded('experience.events.manage'),
  }, async (req, reply) => reply.code(201).send(await addCost(app, auditContext(req), req.params.chamberId, req.params.eventId, req.body)))
}
