import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { ChamberParams, CreateDemoBookingBody, DemoBooking, DemoBookingParams, DemoCalendar, DemoCalendarQuery, DemoEventOptionList } from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import { firmAccess } from '../../crm/index.ts'
import type { BookingsService } from './bookings.service.ts'

const tags = ['experience centre: demo area']
const base = '/chambers/:chamberId/experience/demo'

/** The demo area's calendar and its bookings. */
export default async function bookingRoutes(fastify: FastifyInstance, { bookings }: { bookings: BookingsService }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get(`${base}/calendar`, {
    schema: { tags, summary: "The area's availability for some days (Rome): the items on loan and their bookings; one item's with equipmentId",
      params: ChamberParams, querystring: DemoCalendarQuery, response: { 200: DemoCalendar, 400: problem, ...denied, 404: problem } },
    config: guarded('experience.read'),
  }, async (req) => bookings.calendar(req.params.chamberId, req.query))

  app.get(`${base}/event-options`, {
    schema: { tags, summary: "The chamber's events a demo may be booked for (not cancelled, from a month ago on)",
      params: ChamberParams, response: { 200: DemoEventOptionList, 400: problem, ...denied, 404: problem } },
    config: guarded('experience.read'),
  }, async (req) => ({ items: await bookings.eventOptions(req.params.chamberId) }))

  app.post(`${base}/bookings`, {
    schema: { tags, summary: "Book a demo for a firm or an event (409 booking_overlap when the item is taken then; 422 outside the loan)",
      params: ChamberParams, body: CreateDemoBookingBody,
      response: { 201: DemoBooking, 400: problem, ...denied, 404: problem, 409: problem, 422: problem } },
    config: guarded('experience.demo.manage'),
  }, async (req, reply) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'experience.demo.manage')
    return reply.code(201).send(await bookings.create(access, req.body, auditContext(req)))
  })

  app.get(`${base}/bookings/:bookingId`, {
    schema: { tags, summary: 'A booking', params: DemoBookingParams, response: { 200: DemoBooking, 400: problem, ...denied, 404: problem } },
    config: guarded('experience.read'),
  }, async (req) => bookings.one(app.db, req.params.chamberId, req.params.bookingId))

  app.post(`${base}/bookings/:bookingId/cancel`, {
    schema: { tags, summary: 'Cancel a booking (its time is free again)', params: DemoBookingParams,
      response: { 200: DemoBooking, 400: problem, ...denied, 404: problem, 409: problem } },
    config: guarded('experience.demo.manage'),
  }, async (req) => bookings.cancel(req.params.chamberId, req.params.bookingId, auditContext(req)))

  app.post(`${base}/bookings/:bookingId/held`, {
    schema: { tags, summary: "Mark the demo as held: a firm's demo lands on its timeline", params: DemoBookingParams,
      response: { 200: DemoBooking, 400: problem, ...denied, 404: problem, 409: problem } },
    config: guarded('experience.demo.manage'),
  }, async (req) => bookings.markHeld(req.params.chamberId, req.params.bookingId, auditContext(req)))
}
