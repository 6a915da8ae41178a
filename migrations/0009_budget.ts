import { sql, type Kysely } from 'kysely'

/**
 * Budget: programmes of several years per region (with the rule thresholds), each chamber's yearly
 * plan, its lines (an amount or a formula of drivers), the ledger of commitments and spending that
 * other modules post through the budget service, outstanding commitments per source, and
 * reallocations between lines. Money is integer euro cents; thresholds are per mille (552 = 55.2%).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('budget_programme')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('region_code', 'char(2)', (c) => c.notNull().references('region.code'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('first_year', 'integer', (c) => c.notNull())
    .addColumn('last_year', 'integer', (c) => c.notNull())
    .addColumn('voucher_share_min_year_pm', 'integer', (c) => c.notNull())
    .addColumn('voucher_share_min_programme_pm', 'integer', (c) => c.notNull())
    .addColumn('internal_share_max_pm', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('budget_programme_years', sql`first_year BETWEEN 2000 AND 2100 AND last_year BETWEEN first_year AND first_year + 9`)
    .addCheckConstraint('budget_programme_thresholds', sql`voucher_share_min_year_pm BETWEEN 0 AND 1000
      AND voucher_share_min_programme_pm BETWEEN 0 AND 1000 AND internal_share_max_pm BETWEEN 0 AND 1000`)
    .execute()
  await db.schema.createIndex('budget_programme_region_idx').on('budget_programme').columns(['region_code', 'first_year']).execute()

  await db.schema.createTable('budget_plan')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('programme_id', 'bigint', (c) => c.notNull().references('budget_programme.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    // The grand total the plan must keep when lines move (set at creation, changed only by the leader).
    .addColumn('baseline_total_cents', 'bigint', (c) => c.notNull().check(sql`baseline_total_cents >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('budget_plan_chamber_year', ['chamber_id', 'year'])
    .execute()
  await db.schema.createIndex('budget_plan_programme_idx').on('budget_plan').columns(['programme_id', 'year']).execute()

  await db.schema.createTable('budget_line')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('plan_id', 'bigint', (c) => c.notNull().references('budget_plan.id').onDelete('cascade'))
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('nature', 'text', (c) => c.notNull().check(sql`nature IN ('internal', 'services')`))
    .addColumn('start_up', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('formula', 'text', (c) => c.notNull().check(sql`formula IN ('amount', 'fte', 'people', 'events', 'per_pid')`))
    // Drivers: quantity in thousandths (26.4 FTE = 26400), unit and extra amounts in cents.
    .addColumn('quantity_milli', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`quantity_milli >= 0`))
    .addColumn('unit_cents', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`unit_cents >= 0`))
    .addColumn('extra_cents', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`extra_cents >= 0`))
    // Reallocations move money by adjusting the line; planned = formula(drivers) + adjustment.
    .addColumn('adjustment_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('planned_cents', 'bigint', (c) => c.notNull())
    .addColumn('committed_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('spent_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint('budget_line_amounts', sql`planned_cents >= 0 AND committed_cents >= 0 AND spent_cents >= 0`)
    // The guarantee behind the budget service: no line is ever committed or spent beyond its plan.
    .addCheckConstraint('budget_line_not_overcommitted', sql`committed_cents + spent_cents <= planned_cents`)
    .addUniqueConstraint('budget_line_plan_category', ['plan_id', 'category'])
    .execute()
  await db.schema.createIndex('budget_line_chamber_idx').on('budget_line').column('chamber_id').execute()

  await db.schema.createTable('budget_commitment')
    .addColumn('line_id', 'bigint', (c) => c.notNull().references('budget_line.id').onDelete('cascade'))
    .addColumn('source_module', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text', (c) => c.notNull())
    .addColumn('outstanding_cents', 'bigint', (c) => c.notNull().check(sql`outstanding_cents >= 0`))
    .addPrimaryKeyConstraint('budget_commitment_pk', ['line_id', 'source_module', 'source_ref'])
    .execute()

  await db.schema.createTable('budget_posting')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('line_id', 'bigint', (c) => c.notNull().references('budget_line.id').onDelete('cascade'))
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('commit', 'release', 'spend')`))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents > 0`))
    // For spending: whether it consumed a commitment of the same source (or spent uncommitted money).
    .addColumn('from_commitment', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('source_module', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('booked_on', 'date', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('budget_posting_line_idx').on('budget_posting').columns(['line_id', 'booked_on']).execute()
  await db.schema.createIndex('budget_posting_chamber_idx').on('budget_posting').columns(['chamber_id', 'id desc']).execute()
  // Staff costs are entered once per month and line.
  await sql`CREATE UNIQUE INDEX budget_posting_staff_month_idx ON budget_posting (line_id, source_ref)
    WHERE source_module = 'budget' AND kind = 'spend'`.execute(db)

  await db.schema.createTable('budget_reallocation')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('plan_id', 'bigint', (c) => c.notNull().references('budget_plan.id').onDelete('cascade'))
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('from_line_id', 'bigint', (c) => c.notNull().references('budget_line.id').onDelete('cascade'))
    .addColumn('to_line_id', 'bigint', (c) => c.notNull().references('budget_line.id').onDelete('cascade'))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('proposed').check(sql`status IN ('proposed', 'approved', 'rejected')`))
    .addColumn('proposed_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('proposed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .addCheckConstraint('budget_reallocation_lines', sql`from_line_id <> to_line_id`)
    .execute()
  await db.schema.createIndex('budget_reallocation_plan_idx').on('budget_reallocation').columns(['plan_id', 'id desc']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['budget_reallocation', 'budget_posting', 'budget_commitment', 'budget_line', 'budget_plan', 'budget_programme']) {
    await db.schema.dropTable(t).execute()
  }
}
