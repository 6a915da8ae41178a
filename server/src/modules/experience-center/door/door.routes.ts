import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  CheckinBatchBody, CheckinBatchResult, CheckinBody, CheckinResult, DoorEntry, DoorEventParams, DoorList, DoorListQuery, DoorRegistrationParams,
  WalkInBody,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import { doorEvent, matches, registrationColumns, toEntries } from './entries.ts'
import { checkIn, checkInBatch, undoCheckin } from './checkin.ts'
import { walkIn } from './walk-in.ts'
import { certificatePdf } from './after.service.ts'

const tags = ['experience centre: door']
const door = guarded('experience.checkin')
const binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })
/** The door's list holds the event's whole list: the tablet searches it offline. */
const LIST_LIMIT = 5000

/** The door: the event's list, check-in (one, or a batch queued offline), undo, walk-ins, the attendee's certificate. */
export default async function doorRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const base = '/chambers/:chamberId/experience/events/:eventId/door'

  app.get(base, {
    schema: { tags, summary: "The event's registrations at the door (all of them, compact, for offline search; q narrows them)",
      params: DoorEventParams, querystring: DoorListQuery, response: { 200: DoorList, 400: problem, ...denied, 404: problem } },
    config: door,
  }, async (req) => {
    const { chamberId, eventId } = req.params
    const event = await doorEvent(app.db, chamberId, eventId)
    const rows = await app.db.selectFrom('ec_registration').select(registrationColumns).where('event_id', '=', eventId)
      .where('status', 'in', ['confirmed', 'offered', 'waitlisted']).orderBy('id').limit(LIST_LIMIT).execute()
    let items = await toEntries(app, app.db, rows)
    const q = req.query.q?.trim()
    if (q) items = items.filter((e) => matches(e, q))
    items.sort((a, b) => a.personName.localeCompare(b.personName, 'it') || a.id - b.id)
    return {
      event: { id: event.id, title: event.title, kind: event.kind, startsAt: event.starts_at.toISOString(), endsAt: event.ends_at.toISOString(),
        status: event.status, capacity: event.capacity, seatsTaken: event.seats_taken },
      items, checkedIn: rows.filter((r) => r.checked_in_at !== null).length,
    }
  })

  app.post(`${base}/checkins`, {
    schema: { tags, summary: 'Check in by QR token or registration id; a retry with the same id answers the same and writes nothing',
      params: DoorEventParams, body: CheckinBody, response: { 200: CheckinResult, 400: problem, ...denied, 404: problem, 409: problem } },
    config: door,
  }, async (req) => {
    const r = await checkIn(app, auditContext(req), req.params.chamberId, req.params.eventId, req.body)
    return { id: req.body.id, ...r }
  })

  app.post(`${base}/checkins/batch`, {
    schema: { tags, summary: 'The check-ins a device queued while offline: each item its own result',
      params: DoorEventParams, body: CheckinBatchBody, response: { 200: CheckinBatchResult, 400: problem, ...denied, 404: problem } },
    config: door,
  }, async (req) => ({ results: await checkInBatch(app, auditContext(req), req.params.chamberId, req.params.eventId, req.body.items) }))

  app.delete(`${base}/registrations/:registrationId/checkin`, {
    schema: { tags, summary: 'Undo a check-in (a mistake at the door): the attendance is corrected on the firm\'s timeline',
      params: DoorRegistrationParams, response: { 200: DoorEntry, 400: problem, ...denied, 404: problem, 409: problem } },
    config: door,
  }, async (req) => undoCheckin(app, auditContext(req), req.params.chamberId, req.params.eventId, req.params.registrationId))

  app.post(`${base}/walk-ins`, {
    schema: { tags, summary: 'Someone without a registration: firm and person into the CRM, a place taken, confirmed and checked in (409 event_full)',
      params: DoorEventParams, body: WalkInBody, response: { 201: CheckinResult, 200: CheckinResult, 400: problem, ...denied, 404: problem, 409: problem } },
    config: door,
  }, async (req, reply) => {
    const r = await walkIn(app, auditContext(req), req.params.chamberId, req.params.eventId, req.body)
    return reply.code(201).send({ id: req.body.id, ...r })
  })

  app.get(`${base}/registrations/:registrationId/certificate.pdf`, {
    schema: { tags, summary: "An attendee's certificate of attendance (PDF); 409 door_not_attended for who did not come",
      params: DoorRegistrationParams, response: { 200: binary, 400: problem, ...denied, 404: problem, 409: problem } },
    config: door,
  }, async (req, reply) => {
    const { pdf, fileName } = await certificatePdf(app, req.params)
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).send(pdf)
  })
}
