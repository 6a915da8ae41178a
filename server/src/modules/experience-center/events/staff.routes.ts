import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ChamberEventsParams, EventBody, EventList, EventListQuery, EventParams, EventPatch, RegistrationList, RegistrationParams, StaffEvent,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import type { EventsService } from './events.service.ts'
import type { RegistrationsService } from './registrations.service.ts'

const tags = ['experience centre: events']
const read = guarded('experience.read')
const manage = guarded('experience.events.manage')

/** The chamber's staff: the calendar, the editor (draft, publish, cancel), an event's registrations and waitlist. */
export default async function staffRoutes(fastify: FastifyInstance, o: { events: EventsService; registrations: RegistrationsService }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const base = '/chambers/:chamberId/experience/events'

  app.get(base, {
    schema: { tags, summary: "The chamber's events in a time range, by status and kind, in time order (paged)",
      params: ChamberEventsParams, querystring: EventListQuery, response: { 200: EventList, 400: problem, ...denied } },
    config: read,
  }, async (req) => o.events.list(req.params.chamberId, req.query))

  app.post(base, {
    schema: { tags, summary: 'A new event (a draft until published)', params: ChamberEventsParams, body: EventBody,
      response: { 201: StaffEvent, 400: problem, ...denied } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await o.events.create(req.params.chamberId, req.body, auditContext(req))))

  app.get(`${base}/:eventId`, {
    schema: { tags, summary: 'An event with its registrations counted (confirmed, offered, waitlisted, cancelled) and its places',
      params: EventParams, response: { 200: StaffEvent, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => o.events.get(req.params.chamberId, req.params.eventId))

  app.patch(`${base}/:eventId`, {
    schema: { tags, summary: 'Change an event (a capacity below the seats taken is 409; a higher one offers the new places to the waitlist)',
      params: EventParams, body: EventPatch, response: { 200: StaffEvent, 400: problem, ...denied, 404: problem, 409: problem } },
    config: manage,
  }, async (req) => o.events.update(req.params.chamberId, req.params.eventId, req.body, auditContext(req)))

  app.post(`${base}/:eventId/publish`, {
    schema: { tags, summary: 'Publish an event: its public page and registration open', params: EventParams,
      response: { 200: StaffEvent, 400: problem, ...denied, 404: problem, 409: problem } },
    config: manage,
  }, async (req) => o.events.publish(req.params.chamberId, req.params.eventId, auditContext(req)))

  app.post(`${base}/:eventId/cancel`, {
    schema: { tags, summary: 'Cancel an event: every registration is cancelled and its person mailed', params: EventParams,
      response: { 200: StaffEvent, 400: problem, ...denied, 404: problem } },
    config: manage,
  }, async (req) => o.events.cancel(req.params.chamberId, req.params.eventId, auditContext(req)))

  app.get(`${base}/:eventId/registrations`, {
    schema: { tags, summary: "The event's registrations in arrival order, with the waitlist's places (personal data: the chamber's staff)",
      params: EventParams, response: { 200: RegistrationList, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => o.registrations.list(req.params.chamberId, req.params.eventId))

  app.post(`${base}/:eventId/registrations/:registrationId/cancel`, {
    schema: { tags, summary: 'Cancel a registration (the person is mailed; a freed place is offered to the waitlist)',
      params: RegistrationParams, response: { 204: { type: 'null' }, 400: problem, ...denied, 404: problem, 409: problem } },
    config: manage,
  }, async (req, reply) => {
    await o.registrations.cancelByStaff(req.params.chamberId, req.params.eventId, req.params.registrationId, auditContext(req))
    return reply.code(204).send(null)
  })
}
