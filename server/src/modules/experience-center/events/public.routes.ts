import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  ChamberEventsParams, PersonalRegistration, PersonalTokenParams, PublicEvent, PublicEventList, PublicEventParams,
  PublicRegistrationBody, RegistrationOutcome,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { problem } from '../../../core/route-kit.ts'
import type { PublicEventsReader } from './public-events.ts'
import type { RegistrationsService } from './registrations.service.ts'

const tags = ['experience centre: events (public)']
const open = { guard: 'public' } as const
/** Writes from the open web: bounded per address by the global limit, as every public route. */
const openWrite = open
const calendarFile = Type.String({ description: 'text/calendar (RFC 5545)' })

/** Anyone: a chamber's calendar and its iCalendar feed, an event's page and .ics, registration, the personal page. */
export default async function publicRoutes(fastify: FastifyInstance, o: { reader: PublicEventsReader; registrations: RegistrationsService }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/public/chambers/:chamberId/experience/events', {
    schema: { tags, summary: "A chamber's published events: the coming ones and those of the last 30 days", params: ChamberEventsParams,
      response: { 200: PublicEventList, 400: problem } },
    config: open,
  }, async (req) => ({ items: await o.reader.calendar(req.params.chamberId) }))

  app.get('/public/chambers/:chamberId/experience/events.ics', {
    schema: { tags, summary: "The chamber's events as an iCalendar feed", produces: ['text/calendar'], params: ChamberEventsParams,
      response: { 200: calendarFile, 400: problem } },
    config: open,
  }, async (req, reply) => reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="eventi.ics"')
    .send(await o.reader.feed(req.params.chamberId)))

  app.get('/public/experience/events/:eventId', {
    schema: { tags, summary: 'A published event: its page', params: PublicEventParams, response: { 200: PublicEvent, 400: problem, 404: problem } },
    config: open,
  }, async (req) => o.reader.event(req.params.eventId))

  app.get('/public/experience/events/:eventId/calendar.ics', {
    schema: { tags, summary: 'A published event as an .ics file ("add to calendar")', produces: ['text/calendar'], params: PublicEventParams,
      response: { 200: calendarFile, 400: problem, 404: problem } },
    config: open,
  }, async (req, reply) => reply.type('text/calendar; charset=utf-8')
    .header('content-disposition', `attachment; filename="evento-${req.params.eventId}.ics"`).send(await o.reader.eventFile(req.params.eventId)))

  app.post('/public/experience/events/:eventId/registrations', {
    schema: { tags, summary: "Register a firm's person: a place (confirmed) or the waitlist; the same person again answers their registration",
      params: PublicEventParams, body: PublicRegistrationBody,
      response: { 200: RegistrationOutcome, 201: RegistrationOutcome, 400: problem, 404: problem, 409: problem } },
    config: openWrite,
  }, async (req, reply) => {
    const { created, outcome } = await o.registrations.register(req.params.eventId, req.body, auditContext(req))
    return reply.code(created ? 201 : 200).send(outcome)
  })

  app.get('/public/experience/registrations/:token', {
    schema: { tags, summary: 'The personal page of a registration (by its link): status, event, the QR code for the door',
      params: PersonalTokenParams, response: { 200: PersonalRegistration, 400: problem, 404: problem } },
    config: open,
  }, async (req) => o.registrations.personal(req.params.token))

  app.post('/public/experience/registrations/:token/cancel', {
    schema: { tags, summary: 'Cancel one\'s registration (or decline an offered place): the place goes to the next in the waitlist',
      params: PersonalTokenParams, response: { 200: PersonalRegistration, 400: problem, 404: problem, 409: problem } },
    config: openWrite,
  }, async (req) => o.registrations.cancelByToken(req.params.token, auditContext(req)))

  app.post('/public/experience/registrations/:token/confirm', {
    schema: { tags, summary: 'Confirm an offered place before the offer expires', params: PersonalTokenParams,
      response: { 200: PersonalRegistration, 400: problem, 404: problem, 409: problem } },
    config: openWrite,
  }, async (req) => o.registrations.confirmOffer(req.params.token, auditContext(req)))
}
