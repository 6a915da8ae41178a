import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { EventParams, PartnerRegistrationBody, PartnerRegistrationList, PartnerRegistrationOutcome, PartnerRegistrationQuery } from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import type { PartnerRegistrations } from './partner-registrations.ts'

const tags = ['experience centre: events (partners)']
/** Partner users, and API clients with the scope events:register. */
const register = guarded('experience.events.register')

/** Partner organisations register the firms they are related to for a chamber's published events, and list what they registered. */
export default async function partnerRoutes(fastify: FastifyInstance, o: { partners: PartnerRegistrations }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const path = '/chambers/:chamberId/experience/events/:eventId/partner-registrations'

  app.post(path, {
    schema: { tags, summary: "Register a person of a firm the organisation is related to: a place (confirmed) or the waitlist, as the public form; the same person again answers their registration (200)",
      description: 'The person gets the confirmation mail with their personal link (QR code for the door, cancel, confirm an offered place). '
        + 'A firm the organisation is not related to is not found (404), as an event that is not published in this chamber.',
      params: EventParams, body: PartnerRegistrationBody,
      response: { 200: PartnerRegistrationOutcome, 201: PartnerRegistrationOutcome, 400: problem, ...denied, 404: problem, 409: problem } },
    config: register,
  }, async (req, reply) => {
    const { created, registration } = await o.partners.register(req.actor!, req.params.chamberId, req.params.eventId, req.body, auditContext(req))
    return reply.code(created ? 201 : 200).send(registration)
  })

  app.get(path, {
    schema: { tags, summary: "The organisation's registrations of the event, newest first (paged)", params: EventParams, querystring: PartnerRegistrationQuery,
      response: { 200: PartnerRegistrationList, 400: problem, ...denied, 404: problem } },
    config: register,
  }, async (req) => o.partners.list(req.actor!, req.params.chamberId, req.params.eventId, req.query))
}
