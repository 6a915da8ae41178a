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

/** The old table as migration 0001 made it (empty: jobs sent since then stay in pg-boss). */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE job (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, queue text NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}'::jsonb, run_at timestamptz NOT NULL DEFAULT now(), attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 5, locked_until timestamptz, last_error text, done_at timestamptz, failed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now())`.execute(db)
  await sql`CREATE INDEX job_ready_idx ON job (run_at) WHERE done_at IS NULL AND failed_at IS NULL`.execute(db)
}
