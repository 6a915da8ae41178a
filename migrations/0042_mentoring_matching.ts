import { sql, type Kysely } from 'kysely'

/**
 * Mentoring, part two: matching. A request (from the firm, from staff, or from an assessment's
 * plan item) names the need and the area; staff propose a mentor from ranked suggestions (the
 * explanation is kept on the match as it was shown); the mentor accepts or declines with a reason.
 * A request has at most one live match (proposed or accepted): a partial unique index.
 *
 * Matchmaking days (speed mentoring) are days of slots, optionally tied to an experience-centre
 * event (kind 'matchmaking'); mentors fill slots, firms book them. A slot is booked by a
 * conditional UPDATE (firm_id IS NULL), and a mentor is never in two slots at one time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('mentoring_request')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('firm_id', 'bigint', (c) => c.notNull().references('firm.id'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('firm', 'staff', 'assessment_plan')`))
    .addColumn('plan_item_id', 'bigint', (c) => c.references('assessment_plan_item.id'))
    .addColumn('need', 'text', (c) => c.notNull())
    // An assessment dimension key or an Industria 4.0 technology code (shared/src/mentoring).
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('preferred_mode', 'text', (c) => c.check(sql`preferred_mode in ('in_person', 'web')`))
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('it'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'matched', 'closed', 'withdrawn')`))
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('matched_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('mentoring_request_chamber_idx').on('mentoring_request').columns(['chamber_id', 'status', 'created_at']).execute()
  await db.schema.createIndex('mentoring_request_firm_idx').on('mentoring_request').column('firm_id').execute()
  // A firm has at most one open request per area.
  await sql`CREATE UNIQUE INDEX mentoring_request_open_key ON mentoring_request (firm_id, area) WHERE status = 'open'`.execute(db)

  await db.schema.createTable('mentoring_match')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('request_id', 'bigint', (c) => c.notNull().references('mentoring_request.id'))
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('firm_id', 'bigint', (c) => c.notNull().references('firm.id'))
    .addColumn('mentor_id', 'bigint', (c) => c.notNull().references('mentor.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('proposed')
      .check(sql`status in ('proposed', 'accepted', 'declined', 'withdrawn', 'closed')`))
    // The suggestion's score and explanation when staff proposed it.
    .addColumn('score', 'smallint')
    .addColumn('explanation', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('proposed_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('proposed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('responded_at', 'timestamptz')
    .addColumn('decline_reason', 'text')
    // The firm's maturity when the match was accepted (T0), for the change a later assessment shows.
    .addColumn('t0_assessment_id', 'bigint')
    .addColumn('t0_overall', 'smallint')
    .addColumn('t0_level', 'smallint')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('goals_met', 'partly_met', 'not_met', 'discontinued')`))
    .addColumn('outcome_notes', 'text')
    .execute()
  await sql`CREATE UNIQUE INDEX mentoring_match_live_key ON mentoring_match (request_id) WHERE status in ('proposed', 'accepted')`.execute(db)
  await db.schema.createIndex('mentoring_match_mentor_idx').on('mentoring_match').columns(['mentor_id', 'status']).execute()
  await db.schema.createIndex('mentoring_match_chamber_idx').on('mentoring_match').columns(['chamber_id', 'status']).execute()
  await db.schema.createIndex('mentoring_match_firm_idx').on('mentoring_match').column('firm_id').execute()

  await db.schema.createTable('mentoring_day')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('event_id', 'bigint', (c) => c.references('ec_event.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('online_url', 'text')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('mentoring_day_chamber_idx').on('mentoring_day').columns(['chamber_id', 'day']).execute()

  await db.schema.createTable('mentoring_slot')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('day_id', 'bigint', (c) => c.notNull().references('mentoring_day.id'))
    .addColumn('mentor_id', 'bigint', (c) => c.references('mentor.id'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('minutes', 'smallint', (c) => c.notNull().check(sql`minutes BETWEEN 5 AND 240`))
    .addColumn('firm_id', 'bigint', (c) => c.references('firm.id'))
    .addColumn('topic', 'text')
    .addColumn('booked_at', 'timestamptz')
    .addColumn('booked_by', 'bigint', (c) => c.references('app_user.id'))
    .execute()
  await db.schema.createIndex('mentoring_slot_day_idx').on('mentoring_slot').columns(['day_id', 'starts_at']).execute()
  await sql`CREATE UNIQUE INDEX mentoring_slot_mentor_time_key ON mentoring_slot (mentor_id, starts_at) WHERE mentor_id IS NOT NULL`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['mentoring_slot', 'mentoring_day', 'mentoring_match', 'mentoring_request']) await db.schema.dropTable(t).execute()
}
