import { sql, type Kysely } from 'kysely'

/**
 * The experience centre's events: seminars, workshops, living labs, guided visits, webinars and
 * matchmaking days, with public registration, a waitlist, check-in at the door, feedback and costs.
 *
 * Capacity lives in the database: `seats_taken` counts confirmed and offered registrations and a
 * check constraint keeps it within `capacity`; a registration takes a seat with one conditional
 * UPDATE (`... set seats_taken = seats_taken + 1 where seats_taken < capacity`), so the last
 * places can never be taken twice. The waitlist is the arrival order of the registrations (their
 * identity), not a position column that concurrent writers would have to renumber.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('ec_event')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('seminar', 'workshop', 'living_lab', 'guided_visit', 'webinar', 'matchmaking_day')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    // A place (venue and address) or an online link, or both (a hybrid event).
    .addColumn('venue', 'text')
    .addColumn('address', 'text')
    .addColumn('online_url', 'text')
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity > 0`))
    .addColumn('seats_taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('themes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    // [{ name, role, organisation }]
    .addColumn('speakers', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // Co-organising partners (crm's partner ids; the CRM service names them).
    .addColumn('partner_ids', sql`bigint[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft', 'published', 'cancelled')`))
    .addColumn('registration_closes_at', 'timestamptz')
    // How long a waitlisted person has to confirm a freed place before it goes to the next.
    .addColumn('offer_hours', 'integer', (c) => c.notNull().defaultTo(24).check(sql`offer_hours between 1 and 168`))
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('ec_event_period_check', sql`ends_at > starts_at`)
    .addCheckConstraint('ec_event_seats_check', sql`seats_taken >= 0 and seats_taken <= capacity`)
    .execute()
  // A chamber's calendar (staff and public): by chamber, in time order.
  await db.schema.createIndex('ec_event_chamber_starts_idx').on('ec_event').columns(['chamber_id', 'starts_at']).execute()

  await db.schema.createTable('ec_registration')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('ec_event.id'))
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    // The firm (matched by tax code or VAT number, or created as a prospect) and its person (a CRM contact).
    .addColumn('firm_id', 'bigint', (c) => c.notNull().references('firm.id'))
    .addColumn('contact_id', 'bigint', (c) => c.notNull().references('contact.id'))
    // confirmed and offered hold a seat; waitlisted waits in id order; cancelled and expired hold nothing.
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('confirmed', 'waitlisted', 'offered', 'cancelled', 'expired')`))
    .addColumn('offer_expires_at', 'timestamptz')
    // The personal link (cancel, confirm an offer, the QR code at the door): only its hash is kept.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('public').check(sql`source in ('public', 'staff', 'walk_in')`))
    .addColumn('checked_in_at', 'timestamptz')
    .addColumn('checked_in_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('feedback_requested_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('ec_registration_offer_check', sql`(status = 'offered') = (offer_expires_at is not null)`)
    .execute()
  // One live registration per person and event (a second try answers with the first).
  await sql`create unique index ec_registration_live_key on ec_registration (event_id, contact_id)
    where status in ('confirmed', 'waitlisted', 'offered')`.execute(db)
  // The event's list and its waitlist head (status, then arrival order).
  await db.schema.createIndex('ec_registration_event_status_idx').on('ec_registration').columns(['event_id', 'status', 'id']).execute()
  // A firm's registrations (its page, a merge of duplicates).
  await db.schema.createIndex('ec_registration_firm_idx').on('ec_registration').column('firm_id').execute()
  // Offers past their time (the expiry job).
  await sql`create index ec_registration_offer_idx on ec_registration (offer_expires_at) where status = 'offered'`.execute(db)

  // A check-in sent from the door, once: queued offline check-ins carry their own id and a retry is
  // recognised by it, so a person is never checked in twice.
  await db.schema.createTable('ec_checkin')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('registration_id', 'bigint', (c) => c.notNull().references('ec_registration.id'))
    .addColumn('scanned_at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('by_user_id', 'bigint', (c) => c.references('app_user.id'))
    .execute()
  await db.schema.createIndex('ec_checkin_registration_idx').on('ec_checkin').column('registration_id').execute()

  // The feedback survey's answers: one per attendee.
  await db.schema.createTable('ec_feedback')
    .addColumn('registration_id', 'bigint', (c) => c.primaryKey().references('ec_registration.id'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('ec_event.id'))
    .addColumn('overall', 'smallint', (c) => c.notNull().check(sql`overall between 1 and 5`))
    .addColumn('usefulness', 'smallint', (c) => c.check(sql`usefulness between 1 and 5`))
    .addColumn('would_recommend', 'boolean')
    .addColumn('comment', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('ec_feedback_event_idx').on('ec_feedback').column('event_id').execute()

  // An event's cost lines; each is spent on the budget's communication line (source ref: the cost's id).
  await db.schema.createTable('ec_event_cost')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('ec_event.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('spent_on', 'date', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('ec_event_cost_event_idx').on('ec_event_cost').column('event_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['ec_event_cost', 'ec_feedback', 'ec_checkin', 'ec_registration', 'ec_event']) {
    await db.schema.dropTable(table).execute()
  }
}
