import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import { audit, systemContext } from '../core/audit.ts'

export const DEMO_FIRM_USER = 'impresa@pid.example'

/**
 * The demo's firm user acts for one Milano firm that has something to show: the first firm that
 * submitted a voucher application (the demo has no self-assessment; the firm can start one). A
 * newcomer signing in as the firm finds it on the home with its assessment and applications.
 */
export async function seedDemoFirmAccount(db: Db): Promise<void> {
  const user = await db.selectFrom('app_user').select('id').where('email', '=', DEMO_FIRM_USER).executeTakeFirstOrThrow()
  const milano = await db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirstOrThrow()
  const firm = await db.selectFrom('voucher_application').select(['firm_id', 'chamber_id'])
    .where('chamber_id', '=', milano.id).where('filed_by', '=', 'firm').where('protocol_number', 'is not', null)
    .orderBy('id').limit(1).executeTakeFirstOrThrow()
  const { id } = await db.insertInto('firm_user_account')
    .values({ user_id: user.id, firm_id: firm.firm_id, chamber_id: firm.chamber_id, created_by: null })
    .returning('id').executeTakeFirstOrThrow()
  await audit(db, systemContext('seed'), { chamberId: firm.chamber_id, action: 'firm_access.account_linked', entity: 'firm_user_account',
    entityId: id, after: { firmId: firm.firm_id, userId: user.id, email: DEMO_FIRM_USER } })
}

/**
 * The firm's home has something in each section: a person with consents, an event registration
 * (attended) and a request for help waiting in the staff's work queue.
 */
export async function seedDemoFirmHome(db: Db): Promise<void> {
  const link = await db.selectFrom('firm_user_account as a').innerJoin('app_user as u', 'u.id', 'a.user_id').select(['a.firm_id', 'a.chamber_id'])
    .where('u.email', '=', DEMO_FIRM_USER).orderBy('a.id').executeTakeFirst()
  if (!link) return
  const firmId = link.firm_id
  const chamberId = link.chamber_id
  let person = await db.selectFrom('contact').select('id').where('firm_id', '=', firmId).where('erased_at', 'is', null).orderBy('id').executeTakeFirst()
  person ??= await db.insertInto('contact').values({ firm_id: firmId, first_name: 'Irene', last_name: 'Impresa', job_title: 'Titolare',
    email: 'irene.impresa@example.it' }).returning('id').executeTakeFirstOrThrow()
  const held = await db.selectFrom('consent').select('purpose').where('contact_id', '=', person.id).where('withdrawn_at', 'is', null).execute()
  const missing = ['service', 'newsletter', 'events'].filter((p) => !held.some((h) => h.purpose === p))
  if (missing.length) {
    await db.insertInto('consent').values(missing.map((purpose) => ({ contact_id: person.id, purpose, granted_at: sql<Date>`now() - interval '60 days'`,
      source: 'demo', text_version: 'v1' }))).execute()
  }
  const event = await db.selectFrom('ec_event').select('id').where('chamber_id', '=', chamberId).where('status', '=', 'published')
    .where('seats_taken', '<', sql<number>`capacity`).orderBy('starts_at').executeTakeFirst()
  const registered = event && await db.selectFrom('ec_registration').select('id').where('event_id', '=', event.id).where('firm_id', '=', firmId).executeTakeFirst()
  if (event && !registered) {
    await db.updateTable('ec_event').set({ seats_taken: sql`seats_taken + 1` }).where('id', '=', event.id).execute()
    await db.insertInto('ec_registration').values({ event_id: event.id, chamber_id: chamberId, firm_id: firmId, contact_id: person.id, status: 'confirmed',
      token_hash: randomBytes(32).toString('hex'), source: 'staff' }).execute()
  }
  await db.insertInto('help_request').values({ chamber_id: chamberId, firm_id: firmId, topic: 'vouchers', channel: 'email', email: 'irene.impresa@example.it',
    message: 'Vorremmo capire quali spese possiamo rendicontare per il voucher.' }).execute()
}
