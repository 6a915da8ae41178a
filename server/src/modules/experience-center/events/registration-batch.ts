import { sql } from 'kysely'
import type { RegistrationOutcome } from '@pid/shared'
import type { Db, Tx } from '../../../db/database.ts'
import { auditMany } from '../../../core/audit.ts'
import { conflict, notFound } from '../../../core/errors.ts'
import type { CrmService } from '../../crm/index.ts'
import { registrationRefusal } from './event-rows.ts'
import { registrationToken } from './registration-link.ts'
import type { Pending, Result } from './registration-queue.ts'
import { lockEvent } from './waitlist.ts'
import type { EventMails } from './mails.ts'
import type { Webhooks } from '../../partner-api/index.ts'
import { emitRegistrationChanges } from './registration-events.ts'

export interface BatchDeps { db: Db; crm: CrmService; mails: EventMails; secret: string; webhooks: Webhooks }

const LIVE = ['confirmed', 'offered', 'waitlisted'] as const

/** The plan no longer fits what the database holds (a writer outside the event's lock): the batch is retried. */
class StaleBatch extends Error { readonly code = 'stale_batch' }

/**
 * Registers a batch of people for one event in ONE transaction with a constant number of
 * statements, in arrival order: lock the event's row (batches of an event, and every other change
 * of its seats, run one at a time), enrol the firms and people in the CRM at once, answer a person
 * already registered (or twice in the batch) with their live registration, give the free places to
 * the first newcomers and the waitlist to the rest, write the registrations (ids drawn under the
 * lock: the waitlist's order is the arrival order), the seats (one conditional UPDATE; the check
 * constraint seats_taken <= capacity stands behind it), the mails, the partners' webhooks and the
 * audit rows. The caller answers the requests only after the commit.
 */
export async function registerBatch(deps: BatchDeps, eventId: number, batch: readonly Pending[]): Promise<Map<Pending, Result>> {
  return deps.db.transaction().execute(async (tx) => {
    const results = new Map<Pending, Result>()
    const event = await lockEvent(tx, eventId)
    if (!event || event.status === 'draft') return new Map(batch.map((p) => [p, notFound('event')]))
    const refusal = registrationRefusal(event, new Date())
    if (refusal) return new Map(batch.map((p) => [p, conflict('registrations are not taken', refusal)]))

    const who = await deps.crm.enrolFirmPeople(tx, batch[0]!.input.ctx, batch.map(({ input: { body, firmCode, ctx, partner } }) => ({
      chamberId: event.chamber_id, firmCode, firmName: body.firmName, source: partner ? 'event_partner_registration' : 'event_registration', ctx,
      person: { firstName: body.firstName, lastName: body.lastName, email: body.email, phone: body.phone ?? null },
      consents: body.consents, consentTextVersion: body.consentTextVersion,
    })))
    const live = new Map((await tx.selectFrom('ec_registration').select(['id', 'contact_id', 'status']).where('event_id', '=', eventId)
      .where('contact_id', 'in', [...new Set(who.map((w) => w.contactId))]).where('status', 'in', [...LIVE]).execute())
      .map((r) => [r.contact_id, { id: r.id, status: r.status }]))

    // Newcomers in arrival order; a person already registered, or a second time in this batch, is answered with that registration.
    const fresh: number[] = []
    const again: number[] = []
    const firstOf = new Map<number, number>()
    who.forEach((w, i) => {
      if (live.has(w.contactId) || firstOf.has(w.contactId)) again.push(i)
      else { firstOf.set(w.contactId, i); fresh.push(i) }
    })
    const ids = fresh.length ? (await sql<{ id: string }>`SELECT nextval(pg_get_serial_sequence('ec_registration', 'id')) AS id
      FROM generate_series(1, ${fresh.length}::int)`.execute(tx)).rows.map((r) => Number(r.id)).sort((a, b) => a - b) : []
    const places = Math.max(0, event.capacity - event.seats_taken)
    const made = fresh.map((i, n) => ({ i, id: ids[n]!, status: n < places ? 'confirmed' as const : 'waitlisted' as const }))
    for (const m of made) live.set(who[m.i]!.contactId, { id: m.id, status: m.status })

    if (made.length) {
      const col = <T>(f: (m: (typeof made)[number]) => T) => made.map(f)
      const inserted = await sql<{ n: number }>`WITH ins AS (
          INSERT INTO ec_registration (id, event_id, chamber_id, firm_id, contact_id, status, token_hash, source, partner_id, registered_by) OVERRIDING SYSTEM VALUE
          SELECT t.id, ${eventId}, ${event.chamber_id}, t.firm_id, t.contact_id, t.status, t.token_hash,
            CASE WHEN t.partner_id IS NULL THEN 'public' ELSE 'partner' END, t.partner_id, t.registered_by
          FROM unnest(${col((m) => m.id)}::bigint[], ${col((m) => who[m.i]!.firmId)}::bigint[], ${col((m) => who[m.i]!.contactId)}::bigint[],
            ${col((m) => m.status)}::text[], ${col((m) => registrationToken(deps.secret, m.id).hash)}::text[],
            ${col((m) => batch[m.i]!.input.partner?.partnerId ?? null)}::bigint[], ${col((m) => batch[m.i]!.input.partner?.userId ?? null)}::bigint[])
            AS t(id, firm_id, contact_id, status, token_hash, partner_id, registered_by)
          ON CONFLICT (event_id, contact_id) WHERE status IN ('confirmed', 'offered', 'waitlisted') DO NOTHING RETURNING id
        ) SELECT count(*)::int AS n FROM ins`.execute(tx)
      // Every writer of registrations holds the event's lock, so this does not happen; if one ever did not, start over.
      if (inserted.rows[0]!.n !== made.length) throw new StaleBatch(`registered ${inserted.rows[0]!.n} of ${made.length}: the batch is retried`)
      const confirmed = made.filter((m) => m.status === 'confirmed').length
      if (confirmed) {
        const seats = await tx.updateTable('ec_event').set({ seats_taken: sql`seats_taken + ${confirmed}` })
          .where('id', '=', eventId).where(sql<boolean>`seats_taken + ${confirmed} <= capacity`).executeTakeFirst()
        if (seats.numUpdatedRows !== 1n) throw new StaleBatch('the event\'s places moved under its lock')
      }
      await deps.mails.registeredAll(tx, event, made.map((m) => {
        const b = batch[m.i]!.input.body
        return { registrationId: m.id, status: m.status, to: { name: `${b.firstName.trim()} ${b.lastName.trim()}`, email: b.email.trim() } }
      }))
      await emitRegistrationChanges(deps.webhooks, tx, { id: eventId, chamberId: event.chamber_id },
        made.map((m) => ({ id: m.id, firmId: who[m.i]!.firmId, status: m.status, previous: null })))
      await auditMany(tx, made.map((m) => ({ ctx: batch[m.i]!.input.ctx, event: { chamberId: event.chamber_id, action: 'experience.registration.created',
        entity: 'ec_registration', entityId: m.id, after: { eventId, firmId: who[m.i]!.firmId, contactId: who[m.i]!.contactId, firmCreated: who[m.i]!.firmCreated } } })))
    }

    const positions = await waitlistPlaces(tx, eventId, [...live.values()].filter((r) => r.status === 'waitlisted').map((r) => r.id))
    const outcome = (r: { id: number; status: string }, already: boolean): RegistrationOutcome => ({
      status: r.status as RegistrationOutcome['status'], alreadyRegistered: already, waitlistPosition: positions.get(r.id) ?? null,
    })
    for (const m of made) results.set(batch[m.i]!, { created: true, registrationId: m.id, outcome: outcome(m, false) })
    for (const i of again) {
      const r = live.get(who[i]!.contactId)!
      results.set(batch[i]!, { created: false, registrationId: r.id, outcome: outcome(r, true) })
    }
    return results
  })
}

/** 1-based waitlist places of some registrations (one statement, whatever their number). */
async function waitlistPlaces(tx: Tx, eventId: number, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map()
  const rows = await sql<{ id: string; place: number }>`SELECT id, place FROM (SELECT id, row_number() OVER (ORDER BY id)::int AS place
    FROM ec_registration WHERE event_id = ${eventId} AND status = 'waitlisted') w WHERE id = ANY(${ids}::bigint[])`.execute(tx)
  return new Map(rows.rows.map((r) => [Number(r.id), r.place]))
}

/**
 * Registers whatever the queue took, grouped by event (each group one transaction, events in id
 * order). A group that fails as a whole is retried on a deadlock or a stale plan, else split: each
 * registration retried alone, so one bad request cannot fail the others. Never throws: each
 * request gets its answer or its error, and nothing is answered that did not commit.
 */
export async function registerAll(deps: BatchDeps, batch: readonly Pending[], onFailure: (err: unknown, size: number) => void): Promise<Map<Pending, Result>> {
  const results = new Map<Pending, Result>()
  const groups = new Map<number, Pending[]>()
  for (const p of batch) groups.set(p.input.eventId, [...(groups.get(p.input.eventId) ?? []), p])
  const run = async (eventId: number, group: Pending[], attempt = 1): Promise<void> => {
    try {
      for (const [p, r] of await registerBatch(deps, eventId, group)) results.set(p, r)
    } catch (err) {
      const code = (err as { code?: string }).code
      if ((code === '40P01' || code === '40001' || code === 'stale_batch') && attempt < 4) return run(eventId, group, attempt + 1)
      onFailure(err, group.length)
      if (group.length === 1) results.set(group[0]!, err as Error)
      else for (const p of group) await run(eventId, [p], attempt)
    }
  }
  for (const eventId of [...groups.keys()].sort((a, b) => a - b)) await run(eventId, groups.get(eventId)!)
  return results
}
