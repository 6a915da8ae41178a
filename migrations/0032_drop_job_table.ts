import { sql, type Kysely } from 'kysely'

/**
 * Jobs live in pg-boss now (its own `pgboss` schema, which pg-boss creates and migrates itself when
 * the app starts): the hand-written `job` table goes. Jobs still pending in it are not carried over:
 * the daily runs are pg-boss schedules now, re-created at every start; imports, duplicate scans and
 * mail have no pending row on a quiet instance; a published call's closing job must be sent again
 * (upgrade with no call between publication and closing, or re-publish it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job').ifExists().execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('job')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('run_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('done_at', 'timestamptz')
    .addColumn('failed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`CREATE INDEX job_ready_idx ON job (run_at) WHERE done_at IS NULL AND failed_at IS NULL`.execute(db)
}
