import { sql, type Kysely } from 'kysely'

/**
 * Mentoring, part four: expenses. Mentors are unpaid; documented expenses (travel and the like)
 * are reimbursed up to a cap per mentor per year (the programme's, 3,000 EUR by default). The cap
 * is the database's rule: approving adds to `mentor_expense_year.approved_cents` with a check
 * constraint `approved_cents <= cap_cents`, so two approvals at the same moment cannot both pass
 * it. Approved expenses are spent on the paying chamber's 'mentoring' budget line.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('mentor_expense')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('mentor_id', 'bigint', (c) => c.notNull().references('mentor.id'))
    // The PID whose budget pays: the match's chamber, or the mentor's home chamber.
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('match_id', 'bigint', (c) => c.references('mentoring_match.id'))
    .addColumn('year', 'smallint', (c) => c.notNull())
    .addColumn('spent_on', 'date', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull().check(sql`category in ('travel', 'accommodation', 'meals', 'materials', 'other')`))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('claimed').check(sql`status in ('claimed', 'approved', 'rejected')`))
    .addColumn('decided_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('reject_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('mentor_expense_chamber_idx').on('mentor_expense').columns(['chamber_id', 'status', 'created_at']).execute()
  await db.schema.createIndex('mentor_expense_mentor_idx').on('mentor_expense').columns(['mentor_id', 'year']).execute()

  await db.schema.createTable('mentor_expense_receipt')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('expense_id', 'bigint', (c) => c.notNull().references('mentor_expense.id'))
    .addColumn('file_id', 'bigint', (c) => c.notNull().references('stored_file.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('mentor_expense_receipt_expense_idx').on('mentor_expense_receipt').column('expense_id').execute()

  await db.schema.createTable('mentor_expense_year')
    .addColumn('mentor_id', 'bigint', (c) => c.notNull().references('mentor.id'))
    .addColumn('year', 'smallint', (c) => c.notNull())
    .addColumn('cap_cents', 'bigint', (c) => c.notNull().check(sql`cap_cents > 0`))
    .addColumn('approved_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('mentor_expense_year_pkey', ['mentor_id', 'year'])
    .addCheckConstraint('mentor_expense_year_cap_check', sql`approved_cents BETWEEN 0 AND cap_cents`)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['mentor_expense_year', 'mentor_expense_receipt', 'mentor_expense']) await db.schema.dropTable(t).execute()
}
