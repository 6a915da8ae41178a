import { sql, type Kysely } from 'kysely'

/**
 * Idempotency keys of creating POSTs (core/idempotency.ts): one row per principal (a user, an API
 * client, a firm session) and key. The row is taken (`in_flight`) before the request runs, so the
 * same key sent twice at once gets a 409 instead of a second write, and completed with the answer
 * (status and body), which a retry with the same key and body gets again. A key is kept 24 hours.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('idempotency_record')
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    // method, route and a SHA-256 of the body: the same key with another request is a 422.
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('in_flight').check(sql`state in ('in_flight', 'done')`))
    .addColumn('status_code', 'smallint')
    .addColumn('content_type', 'text')
    .addColumn('response_body', 'text')
    .addColumn('location', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .addPrimaryKeyConstraint('idempotency_record_pk', ['principal', 'key'])
    .execute()
  await db.schema.createIndex('idempotency_record_created_idx').on('idempotency_record').column('created_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_record').execute()
}
