import { sql, type Kysely } from 'kysely'

/**
 * Mentoring, part three: the engagement of an accepted match. The agreement holds the goals
 * agreed at the start and the planned duration, and is in force once both sides accepted it.
 * Sessions carry a summary the firm sees and confidential notes only the mentor and the
 * coordinator see, and each goal's progress. Both sides give feedback once (rating 1-5).
 * The closure (date, outcome) lives on the match.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('mentoring_agreement')
    .addColumn('match_id', 'bigint', (c) => c.primaryKey().references('mentoring_match.id'))
    // [{ key, text }]: goals in agreed order; progress is per session.
    .addColumn('goals', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('planned_sessions', 'smallint', (c) => c.notNull().check(sql`planned_sessions BETWEEN 1 AND 100`))
    .addColumn('planned_months', 'smallint', (c) => c.notNull().check(sql`planned_months BETWEEN 1 AND 36`))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('mentor_accepted_at', 'timestamptz')
    .addColumn('firm_accepted_at', 'timestamptz')
    .addColumn('firm_accepted_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema.createTable('mentoring_session')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('match_id', 'bigint', (c) => c.notNull().references('mentoring_match.id'))
    .addColumn('held_at', 'timestamptz', (c) => c.notNull())
    .addColumn('minutes', 'smallint', (c) => c.notNull().check(sql`minutes BETWEEN 5 AND 600`))
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('in_person', 'web')`))
    .addColumn('web_link', 'text')
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('confidential_notes', 'text', (c) => c.notNull().defaultTo(''))
    // { goalKey: percent 0-100 } after this session.
    .addColumn('progress', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('logged_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('mentoring_session_match_idx').on('mentoring_session').columns(['match_id', 'held_at']).execute()

  await db.schema.createTable('mentoring_feedback')
    .addColumn('match_id', 'bigint', (c) => c.notNull().references('mentoring_match.id'))
    .addColumn('side', 'text', (c) => c.notNull().check(sql`side in ('mentor', 'firm')`))
    .addColumn('rating', 'smallint', (c) => c.notNull().check(sql`rating BETWEEN 1 AND 5`))
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('given_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('mentoring_feedback_pkey', ['match_id', 'side'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['mentoring_feedback', 'mentoring_session', 'mentoring_agreement']) await db.schema.dropTable(t).execute()
}
