import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import { audit, systemContext } from '../core/audit.ts'
import { newRegistrationToken } from '../modules/experience-center/events/registration-token.ts'

const DAY = 24 * 3600_000

/** Rome wall clock `days` from today at `hour`:00 (winter or summer time alike, near enough for a demo). */
function at(days: number, hour: number): Date {
  const d = new Date(Date.now() + days * DAY)
  d.setUTCHours(hour - 1, 0, 0, 0)
  return d
}

const EVENTS = [
  { days: -40, kind: 'seminar', title: 'Cybersicurezza per le piccole imprese', capacity: 60, themes: ['cybersecurity'], venue: 'Sala Conferenze, Palazzo Turati', people: 8 },
  { days: -12, kind: 'living_lab', title: 'Living lab: stampa 3D in bottega', capacity: 15, themes: ['additive_manufacturing', 'digital_crafts'], venue: 'Experience centre PID', people: 6 },
  { days: 9, kind: 'workshop', title: 'Vendere online: primi passi nel commercio elettronico', capacity: 6, themes: ['ecommerce', 'smart_shops'], venue: 'Experience centre PID', people: 8 },
  { days: 21, kind: 'webinar', title: 'Cloud e dati per il turismo', capacity: 200, themes: ['cloud', 'tourism'], venue: null, people: 3 },
  { days: 35, kind: 'guided_visit', title: "Visita guidata all'Experience centre", capacity: 20, themes: ['industrial_iot', 'augmented_reality'], venue: 'Experience centre PID', people: 0 },
] as const

/**
 * The Milano PID's events: two past (with attendance still to record at the door), three coming,
 * one of them full with a waitlist; registrations of the demo CRM's Milano people. Written
 * directly: the demo's people registered long ago, by no request.
 */
export async function seedDemoExperienceEvents(db: Db): Promise<void> {
  const milano = await db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirstOrThrow()
  const people = await db.selectFrom('contact as c').innerJoin('firm as f', 'f.id', 'c.firm_id')
    .select(['c.id as contactId', 'f.id as firmId']).where('f.chamber_id', '=', milano.id).where('c.email', 'is not', null)
    .where('c.erased_at', 'is', null).where('f.merged_into_id', 'is', null).orderBy('c.id').limit(40).execute()
  let next = 0
  await db.transaction().execute(async (tx) => {
    for (const e of EVENTS) {
      const starts = at(e.days, e.kind === 'webinar' ? 17 : 10)
      const { id } = await tx.insertInto('ec_event').values({
        chamber_id: milano.id, kind: e.kind, title: e.title, summary: `${e.title}: un incontro del Punto Impresa Digitale di Milano.`,
        starts_at: starts, ends_at: new Date(starts.getTime() + 2.5 * 3600_000), venue: e.venue, address: e.venue ? 'Via Meravigli 9/b, 20123 Milano' : null,
        online_url: e.venue ? null : 'https://webinar.example.it/pid-milano', capacity: e.capacity, themes: [...e.themes],
        speakers: JSON.stringify([{ name: 'Laura Ferri', role: 'Digital promoter', organisation: 'PID Milano' }]), status: 'published',
        published_at: new Date(starts.getTime() - 30 * DAY), registration_closes_at: null, created_by: null,
      }).returning('id').executeTakeFirstOrThrow()
      let seats = 0
      for (let i = 0; i < e.people && next < people.length; i++, next++) {
        const p = people[next]!
        const status = seats < e.capacity ? 'confirmed' : 'waitlisted'
        if (status === 'confirmed') seats++
        await tx.insertInto('ec_registration').values({
          event_id: id, chamber_id: milano.id, firm_id: p.firmId, contact_id: p.contactId, status, token_hash: newRegistrationToken().hash,
          created_at: new Date(starts.getTime() - (20 - i) * DAY),
        }).execute()
      }
      await tx.updateTable('ec_event').set({ seats_taken: sql`${seats}` }).where('id', '=', id).execute()
      await audit(tx, systemContext('seed'), { chamberId: milano.id, action: 'experience.event.created', entity: 'ec_event', entityId: id })
    }
  })
}
