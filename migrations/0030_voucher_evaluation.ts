import { sql, type Kysely } from 'kysely'

/**
 * Vouchers, part 2: evaluation (admissibility checklists, merit scores, the ranking or pro-rata
 * proposal), decisions, reporting (invoices and proofs of payment), payment orders and the close-out
 * of a call. Money stays on the call row: granted_cents (promised by decisions, less what payments did
 * not pay and what revocations took back) and paid_cents within it, kept by CHECKs.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE voucher_call
    ADD COLUMN reporting_assessment boolean NOT NULL DEFAULT false,
    ADD COLUMN paid_cents bigint NOT NULL DEFAULT 0,
    ADD COLUMN evaluated_at timestamptz,
    ADD COLUMN evaluated_by bigint REFERENCES app_user(id),
    ADD COLUMN closed_out_at timestamptz,
    ADD COLUMN released_cents bigint,
    ADD CONSTRAINT voucher_call_paid CHECK (paid_cents >= 0 AND paid_cents <= granted_cents)`.execute(db)

  // 'paid' joins the statuses: the part-1 CHECK is replaced, same name.
  await sql`ALTER TABLE voucher_application DROP CONSTRAINT voucher_application_status_check`.execute(db)
  await sql`ALTER TABLE voucher_application
    ADD CONSTRAINT voucher_application_status_check CHECK (status IN ('draft', 'submitted', 'funded', 'reserve', 'withdrawn',
      'not_admitted', 'granted', 'not_funded', 'revoked', 'paid')),
    ADD COLUMN admissible boolean,
    ADD COLUMN score_milli integer,
    ADD COLUMN rank_position integer CHECK (rank_position > 0),
    ADD COLUMN proposed_cents bigint CHECK (proposed_cents >= 0),
    ADD COLUMN decided_by bigint REFERENCES app_user(id),
    ADD COLUMN paid_cents bigint CHECK (paid_cents >= 0),
    ADD COLUMN revoked_at timestamptz,
    ADD CONSTRAINT voucher_application_paid CHECK (paid_cents IS NULL OR (status = 'paid' AND paid_cents <= granted_cents)),
    ADD CONSTRAINT voucher_application_granted CHECK (status NOT IN ('granted', 'paid') OR (granted_cents > 0 AND cor_code IS NOT NULL))`.execute(db)
  await sql`CREATE UNIQUE INDEX voucher_application_rank_idx ON voucher_application (call_id, rank_position) WHERE rank_position IS NOT NULL`.execute(db)
  // The daily revocation run looks for grants only.
  await sql`CREATE INDEX voucher_application_granted_idx ON voucher_application (call_id) WHERE status = 'granted'`.execute(db)

  await db.schema.createTable('voucher_admissibility')
    .addColumn('application_id', 'bigint', (c) => c.primaryKey().references('voucher_application.id'))
    .addColumn('admissible', 'boolean', (c) => c.notNull())
    .addColumn('checks', 'jsonb', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('recorded_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema.createTable('voucher_score')
    .addColumn('application_id', 'bigint', (c) => c.notNull().references('voucher_application.id'))
    .addColumn('criterion', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull().check(sql`score BETWEEN 0 AND 100`))
    .addColumn('note', 'text')
    .addColumn('scored_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('scored_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('voucher_score_pk', ['application_id', 'criterion'])
    .execute()

  await db.schema.createTable('voucher_report')
    .addColumn('application_id', 'bigint', (c) => c.primaryKey().references('voucher_application.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status IN ('open', 'submitted', 'checked')`))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('submitted_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('assessment_id', 'bigint')
    .addColumn('assessment_at', 'timestamptz')
    .addColumn('checked_at', 'timestamptz')
    .addColumn('checked_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('check_note', 'text')
    .addColumn('figures', 'jsonb')
    .addColumn('payable_cents', 'bigint', (c) => c.check(sql`payable_cents >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('voucher_report_checked', sql`(status = 'checked') = (payable_cents IS NOT NULL)`)
    .execute()

  await db.schema.createTable('voucher_invoice')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('application_id', 'bigint', (c) => c.notNull().references('voucher_application.id'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source IN ('fatturapa', 'manual')`))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('supplier_name', 'text', (c) => c.notNull())
    .addColumn('supplier_vat', 'text')
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('issue_date', 'date', (c) => c.notNull())
    .addColumn('taxable_cents', 'bigint', (c) => c.notNull().check(sql`taxable_cents > 0`))
    .addColumn('total_cents', 'bigint', (c) => c.notNull().check(sql`total_cents > 0`))
    .addColumn('eligible_cents', 'bigint')
    .addColumn('check_note', 'text')
    .addColumn('checked_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('checked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('voucher_invoice_eligible', sql`eligible_cents IS NULL OR (eligible_cents >= 0 AND eligible_cents <= taxable_cents)`)
    .execute()
  await db.schema.createIndex('voucher_invoice_application_idx').on('voucher_invoice').columns(['application_id', 'id']).execute()
  // One invoice is reported once: per application, and across applications when the supplier is known (no double funding).
  await sql`CREATE UNIQUE INDEX voucher_invoice_once_idx ON voucher_invoice (application_id, coalesce(supplier_vat, ''), number, issue_date)`.execute(db)
  await sql`CREATE UNIQUE INDEX voucher_invoice_supplier_idx ON voucher_invoice (supplier_vat, number, issue_date) WHERE supplier_vat IS NOT NULL`.execute(db)

  await db.schema.createTable('voucher_report_file')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('application_id', 'bigint', (c) => c.notNull().references('voucher_application.id'))
    .addColumn('invoice_id', 'bigint', (c) => c.notNull().references('voucher_invoice.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('invoice', 'payment_proof')`))
    .addColumn('file_id', 'bigint', (c) => c.notNull().references('stored_file.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('voucher_report_file_invoice_idx').on('voucher_report_file').columns(['invoice_id', 'id']).execute()
  await db.schema.createIndex('voucher_report_file_application_idx').on('voucher_report_file').columns(['application_id']).execute()

  await db.schema.createTable('voucher_payment')
    .addColumn('application_id', 'bigint', (c) => c.primaryKey().references('voucher_application.id'))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents >= 0`))
    .addColumn('paid_on', 'date', (c) => c.notNull())
    .addColumn('order_ref', 'text', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['voucher_payment', 'voucher_report_file', 'voucher_invoice', 'voucher_report', 'voucher_score', 'voucher_admissibility']) {
    await db.schema.dropTable(t).execute()
  }
  await sql`DROP INDEX voucher_application_granted_idx`.execute(db)
  await sql`DROP INDEX voucher_application_rank_idx`.execute(db)
  await sql`ALTER TABLE voucher_application DROP CONSTRAINT voucher_application_granted, DROP CONSTRAINT voucher_application_paid,
    DROP COLUMN admissible, DROP COLUMN score_milli, DROP COLUMN rank_position, DROP COLUMN proposed_cents, DROP COLUMN decided_by,
    DROP COLUMN paid_cents, DROP COLUMN revoked_at, DROP CONSTRAINT voucher_application_status_check`.execute(db)
  await sql`ALTER TABLE voucher_application ADD CONSTRAINT voucher_application_status_check CHECK (status IN ('draft', 'submitted', 'funded',
    'reserve', 'withdrawn', 'not_admitted', 'granted', 'not_funded', 'revoked'))`.execute(db)
  await sql`ALTER TABLE voucher_call DROP CONSTRAINT voucher_call_paid, DROP COLUMN reporting_assessment, DROP COLUMN paid_cents,
    DROP COLUMN evaluated_at, DROP COLUMN evaluated_by, DROP COLUMN closed_out_at, DROP COLUMN released_cents`.execute(db)
}
