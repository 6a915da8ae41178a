import { sql, type Kysely } from 'kysely'

/**
 * CRM mailings: a message to a saved segment's people whose consent covers its purpose. Each
 * recipient is a row with its own state (queued -> sending -> sent -> delivered | bounced, or
 * skipped, failed, uncertain): a row is marked 'sending' and committed before the SMTP call, so a
 * crash leaves it 'sending' and it is never sent again ('uncertain'). Addresses that bounced hard
 * or complained are suppressed for every later mailing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('mailing')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('segment_id', 'bigint', (c) => c.notNull().references('segment.id'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose IN ('newsletter', 'events')`))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // The URLs written in the template: the only targets of the click redirect (by index).
    .addColumn('links', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft')
      .check(sql`status IN ('draft', 'scheduled', 'sending', 'sent')`))
    .addColumn('send_at', 'timestamptz')
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('mailing_chamber_idx').on('mailing').columns(['chamber_id', 'id']).execute()
  await db.schema.createIndex('mailing_segment_idx').on('mailing').column('segment_id').execute()

  await db.schema.createTable('mailing_recipient')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('mailing_id', 'bigint', (c) => c.notNull().references('mailing.id'))
    .addColumn('contact_id', 'bigint', (c) => c.notNull().references('contact.id'))
    .addColumn('firm_id', 'bigint', (c) => c.notNull().references('firm.id'))
    .addColumn('email', 'text') // null once the person is erased
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued')
      .check(sql`status IN ('queued', 'sending', 'sent', 'delivered', 'bounced', 'failed', 'uncertain', 'skipped')`))
    // Opens and clicks are counted only for people with an active 'profiling' consent at send time.
    .addColumn('tracked', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('token_hash', 'bytea', (c) => c.unique())
    .addColumn('message_id', 'text', (c) => c.unique())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('bounced_at', 'timestamptz')
    .addColumn('complained_at', 'timestamptz')
    .addColumn('unsubscribed_at', 'timestamptz')
    .addColumn('opened_at', 'timestamptz')
    .addColumn('clicked_at', 'timestamptz')
    .addUniqueConstraint('mailing_recipient_contact_uq', ['mailing_id', 'contact_id'])
    .execute()
  // One message per address per mailing, whatever the contacts sharing it.
  await sql`CREATE UNIQUE INDEX mailing_recipient_email_uq ON mailing_recipient (mailing_id, lower(email))`.execute(db)
  // The sender claims the next queued row of its mailing.
  await sql`CREATE INDEX mailing_recipient_queue_idx ON mailing_recipient (mailing_id, id) WHERE status IN ('queued', 'sending')`.execute(db)
  await db.schema.createIndex('mailing_recipient_contact_idx').on('mailing_recipient').column('contact_id').execute()
  await db.schema.createIndex('mailing_recipient_firm_idx').on('mailing_recipient').column('firm_id').execute()

  await db.schema.createTable('mailing_suppression')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason IN ('hard_bounce', 'complaint')`))
    .addColumn('recipient_id', 'bigint', (c) => c.references('mailing_recipient.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mailing_suppression').execute()
  await db.schema.dropTable('mailing_recipient').execute()
  await db.schema.dropTable('mailing').execute()
}
