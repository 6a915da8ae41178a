import { sql, type Kysely } from 'kysely'

/**
 * Mentoring, part one: the mentors. A mentor is an external expert, selected by the national
 * structure with the chambers (applied -> selected -> active -> suspended / retired), who works for
 * free under a code of conduct. The chamber that keeps the mentor's record is its home chamber; the
 * mentor signs in with a `mentor` role held there (user_id).
 *
 * The code of conduct is versioned text; a mentor is matched only after accepting the current
 * version (acceptances kept per version). Conflicts of interest name one firm or a group of firms
 * (firm_ids, with a label) and block those matches. The programme row holds a chamber's yearly
 * settings, e.g. the cap on a mentor's reimbursed expenses (3,000 EUR by default).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('mentoring_programme')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('year', 'smallint', (c) => c.notNull().check(sql`year BETWEEN 2000 AND 2100`))
    .addColumn('expense_cap_cents', 'bigint', (c) => c.notNull().defaultTo(300_000).check(sql`expense_cap_cents > 0`))
    .addColumn('updated_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('mentoring_programme_chamber_year_key', ['chamber_id', 'year'])
    .execute()

  await db.schema.createTable('mentor')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('user_id', 'bigint', (c) => c.unique().references('app_user.id'))
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    // Assessment dimension keys and Industria 4.0 technology codes (shared/src/mentoring).
    .addColumn('expertise', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    // ATECO sections (A..U).
    .addColumn('sectors', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('languages', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{it}'`))
    // Province plate codes the mentor reaches in person.
    .addColumn('provinces', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('modes', sql`text[]`, (c) => c.notNull().check(sql`cardinality(modes) > 0 AND modes <@ ARRAY['in_person', 'web']::text[]`))
    .addColumn('max_mentees', 'smallint', (c) => c.notNull().defaultTo(3).check(sql`max_mentees BETWEEN 1 AND 50`))
    .addColumn('hours_per_month', 'smallint', (c) => c.notNull().defaultTo(8).check(sql`hours_per_month BETWEEN 1 AND 200`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('applied')
      .check(sql`status in ('applied', 'selected', 'active', 'suspended', 'retired', 'rejected')`))
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('status_changed_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`CREATE UNIQUE INDEX mentor_email_key ON mentor (lower(email))`.execute(db)
  await db.schema.createIndex('mentor_chamber_status_idx').on('mentor').columns(['chamber_id', 'status', 'full_name']).execute()
  await db.schema.createIndex('mentor_status_idx').on('mentor').columns(['status']).execute()

  await db.schema.createTable('mentoring_code_version')
    .addColumn('version', 'integer', (c) => c.primaryKey().check(sql`version > 0`))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('published_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema.createTable('mentor_code_acceptance')
    .addColumn('mentor_id', 'bigint', (c) => c.notNull().references('mentor.id'))
    .addColumn('version', 'integer', (c) => c.notNull().references('mentoring_code_version.version'))
    .addColumn('accepted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('mentor_code_acceptance_pkey', ['mentor_id', 'version'])
    .execute()

  await db.schema.createTable('mentor_conflict')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('mentor_id', 'bigint', (c) => c.notNull().references('mentor.id'))
    // One firm, or a group of firms (e.g. a corporate group) named by its label.
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('firm_ids', sql`bigint[]`, (c) => c.notNull().check(sql`cardinality(firm_ids) > 0`))
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('declared_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('declared_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('removed_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('mentor_conflict_mentor_idx').on('mentor_conflict').column('mentor_id').execute()
  await sql`CREATE INDEX mentor_conflict_firms_idx ON mentor_conflict USING gin (firm_ids) WHERE removed_at IS NULL`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['mentor_conflict', 'mentor_code_acceptance', 'mentoring_code_version', 'mentor', 'mentoring_programme']) {
    await db.schema.dropTable(t).execute()
  }
}
