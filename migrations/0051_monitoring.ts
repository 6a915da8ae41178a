import { sql, type Kysely } from 'kysely'

/**
 * Network monitoring (issue 16): the monthly facts every module feeds (maintained aggregates,
 * refreshed every minute for the last two months and nightly in full), the awareness funnel as it
 * stands, the leaders' yearly targets, and when the aggregates were last brought up to date.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('monitoring_fact')
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('month', 'date', (c) => c.notNull().check(sql`extract(day from month) = 1`))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('ateco_section', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('size_class', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitoring_fact_pkey', ['chamber_id', 'month', 'metric', 'ateco_section', 'size_class'])
    .execute()
  // The pk serves a chamber's (or a few chambers') months; the network's questions and the refresh's
  // replacement of whole months go by month.
  await db.schema.createIndex('monitoring_fact_month_idx').on('monitoring_fact').columns(['month', 'metric']).execute()

  await db.schema.createTable('monitoring_stage')
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('stage', 'smallint', (c) => c.notNull().check(sql`stage BETWEEN 0 AND 6`))
    .addColumn('ateco_section', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('size_class', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('firms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitoring_stage_pkey', ['chamber_id', 'stage', 'ateco_section', 'size_class'])
    .execute()

  await db.schema.createTable('monitoring_target')
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year BETWEEN 2017 AND 2100`))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull().check(sql`value >= 0`))
    .addColumn('updated_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('monitoring_target_pkey', ['chamber_id', 'year', 'metric'])
    .execute()
  // The region's and the network's overview read a year across chambers.
  await db.schema.createIndex('monitoring_target_year_idx').on('monitoring_target').columns(['year', 'chamber_id']).execute()

  // One row: when the aggregates were last refreshed (the last two months) and last rebuilt in full.
  await db.schema.createTable('monitoring_state')
    .addColumn('id', 'boolean', (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn('refreshed_at', 'timestamptz')
    .addColumn('full_refreshed_at', 'timestamptz')
    .execute()
  await sql`INSERT INTO monitoring_state (id) VALUES (true)`.execute(db)

  // The sources' refresh reads the last two months across chambers: by time, not by chamber.
  await sql`CREATE INDEX timeline_occurred_idx ON timeline_event (occurred_at)`.execute(db)
  await sql`CREATE INDEX stage_change_changed_idx ON stage_change (changed_at)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS stage_change_changed_idx`.execute(db)
  await sql`DROP INDEX IF EXISTS timeline_occurred_idx`.execute(db)
  for (const t of ['monitoring_state', 'monitoring_target', 'monitoring_stage', 'monitoring_fact']) await db.schema.dropTable(t).execute()
}
