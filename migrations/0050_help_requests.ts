import { sql, type Kysely } from 'kysely'

/**
 * Help requests: a firm asks the PID for help from its home (or its self-assessment report). Staff
 * find the open ones in their work queue, take them and close them with an outcome the firm sees.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('help_request')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('firm_id', 'bigint', (c) => c.notNull().references('firm.id'))
    .addColumn('topic', 'text', (c) => c.notNull().check(sql`topic IN ('assessment', 'vouchers', 'training', 'mentoring', 'events', 'other')`))
    .addColumn('message', 'text', (c) => c.notNull().check(sql`length(message) BETWEEN 1 AND 2000`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel IN ('email', 'phone')`))
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('home').check(sql`origin IN ('home', 'assessment_report')`))
    .addColumn('assessment_id', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status IN ('open', 'taken', 'closed')`))
    .addColumn('link_id', 'bigint')
    .addColumn('account_user_id', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('taken_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('taken_at', 'timestamptz')
    .addColumn('closed_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('outcome', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('help_request_contact_check', sql`(channel = 'email' AND email IS NOT NULL) OR (channel = 'phone' AND phone IS NOT NULL)`)
    .addCheckConstraint('help_request_closed_check', sql`(status = 'closed') = (closed_at IS NOT NULL)`)
    .execute()
  // The staff's queue: a chamber's requests not closed yet, oldest first.
  await db.schema.createIndex('help_request_open_idx').on('help_request').columns(['chamber_id', 'id'])
    .where(sql.ref('status'), '<>', 'closed').execute()
  await db.schema.createIndex('help_request_chamber_idx').on('help_request').columns(['chamber_id', 'status', 'id']).execute()
  // The firm's own list, newest first.
  await db.schema.createIndex('help_request_firm_idx').on('help_request').columns(['firm_id', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('help_request').execute()
}
