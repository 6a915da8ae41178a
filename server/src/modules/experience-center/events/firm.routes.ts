import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { FirmEventList, type FirmEventRegistration } from '@pid/shared'
import { denied } from '../../../core/route-kit.ts'

const tags = ['experience centre: events (firm)']

/**
 * The firm's home: the events its people registered to and whether they came. Purpose 'profile'
 * (it names people). Two queries: the registrations with their events, then the people's names.
 */
export default async function firmEventRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.get('/firm/events', {
    schema: { tags, summary: "The events the firm's people registered to (the latest 50) and their attendance", response: { 200: FirmEventList, ...denied } },
    config: { guard: { firm: 'profile' } },
  }, async (req) => {
    const firmId = req.firm!.firmId
    const rows = await app.db.selectFrom('ec_registration as r').innerJoin('ec_event as e', 'e.id', 'r.event_id')
      .select(['r.id', 'r.contact_id', 'r.status', 'r.checked_in_at', 'e.id as event_id', 'e.title', 'e.kind', 'e.starts_at', 'e.ends_at',
        'e.venue', 'e.online_url', 'e.status as event_status'])
      .where('r.firm_id', '=', firmId).orderBy('e.starts_at', 'desc').orderBy('r.id', 'desc').limit(50).execute()
    const names = await app.crm.contactNames(app.db, firmId, rows.map((r) => r.contact_id))
    return {
      items: rows.map((r): FirmEventRegistration => ({
        id: r.id, person: names.get(r.contact_id) ?? '', status: r.status as FirmEventRegistration['status'], attended: r.checked_in_at !== null,
        event: { id: r.event_id, title: r.title, kind: r.kind as FirmEventRegistration['event']['kind'], startsAt: r.starts_at.toISOString(),
          endsAt: r.ends_at.toISOString(), venue: r.venue, online: r.online_url !== null, cancelled: r.event_status === 'cancelled' },
      })),
    }
  })
}
