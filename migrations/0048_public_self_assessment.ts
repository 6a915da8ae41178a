import { sql, type Kysely } from 'kysely'

/**
 * The public self-assessment (issue 15). A start stores nothing: its request travels signed in the
 * verification link. Verification records the link's id here so it works once; a row is useless
 * once its link has expired, and a daily job deletes those.
 *
 * The verification mail itself goes through the outbox, which keeps the address: `forget_at` marks
 * a mail whose address and text are blanked once it is sent, or at that time if it is still held.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('public_start_used_link')
    .addColumn('link_id', 'uuid', (c) => c.primaryKey())
    .addColumn('firm_id', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('public_start_used_link_expires_idx').on('public_start_used_link').column('expires_at').execute()
  await db.schema.alterTable('mail_outbox').addColumn('forget_at', 'timestamptz').execute()
  await db.schema.createIndex('mail_outbox_forget_idx').on('mail_outbox').column('forget_at')
    .where(sql.ref('forget_at'), 'is not', null).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('mail_outbox_forget_idx').execute()
  await db.schema.alterTable('mail_outbox').dropColumn('forget_at').execute()
  await db.schema.dropTable('public_start_used_link').execute()
}
