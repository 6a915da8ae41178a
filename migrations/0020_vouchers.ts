import { sql, type Kysely } from 'kysely'

/**
 * Vouchers, part 1: calls (bandi) with their reserve quotas, applications with their protocol,
 * idempotency records of submissions, documents, and the core file store (stored_file: PostgreSQL
 * bytea now, an object-store key later). Evaluation, reporting and payment (part 2) add their own
 * tables; the columns they fill on the application (granted_cents, decided_at, cor_code) are here.
 *
 * The envelope is never over-committed, by construction: the call row carries what is held for
 * funded applications (reserved) and what is granted, and CHECKs keep them within the envelope,
 * and within the general pool and each quota's pool.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('stored_file')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull().check(sql`size_bytes >= 0`))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea')
    // Where an object store keeps the bytes (S3), when content is not kept here.
    .addColumn('object_key', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('stored_file_somewhere', sql`content IS NOT NULL OR object_key IS NOT NULL`)
    .execute()
  // Large files are read whole and never compressed well (PDF, JPEG): skip TOAST's compression attempt.
  await sql`ALTER TABLE stored_file ALTER COLUMN content SET STORAGE EXTERNAL`.execute(db)

  await db.schema.createTable('voucher_call')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'jsonb', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .addColumn('body', 'jsonb')
    .addColumn('opens_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    .addColumn('budget_year', 'integer', (c) => c.notNull())
    .addColumn('budget_category', 'text', (c) => c.notNull().defaultTo('vouchers'))
    .addColumn('allocation', 'text', (c) => c.notNull().check(sql`allocation IN ('fcfs', 'ranking', 'pro_rata')`))
    .addColumn('allow_remainder', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('reserve_limit', 'integer', (c) => c.check(sql`reserve_limit >= 0`))
    .addColumn('grant_rule', 'jsonb', (c) => c.notNull())
    .addColumn('eligibility', 'jsonb', (c) => c.notNull())
    .addColumn('de_minimis', 'jsonb', (c) => c.notNull())
    .addColumn('ranking_criteria', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('documents', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('reporting_deadline', 'date', (c) => c.notNull())
    .addColumn('rna_car_code', 'text')
    .addColumn('cup', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status IN ('draft', 'published', 'closed_exhausted')`))
    // Money: the envelope, what is held for funded applications pending their decision, what is granted.
    .addColumn('envelope_cents', 'bigint', (c) => c.notNull().check(sql`envelope_cents > 0`))
    .addColumn('reserved_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('granted_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    // The quotas' pools: their total size, and what of reserved + granted came out of them.
    .addColumn('quota_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('quota_used_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    // Applications waiting on the reserve list (first come first served).
    .addColumn('reserve_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`reserve_count >= 0`))
    // Protocols: the last number given and the instant given with it (one strict order per call).
    .addColumn('last_protocol', 'integer', (c) => c.notNull().defaultTo(0).check(sql`last_protocol >= 0`))
    .addColumn('last_submitted_at', 'timestamptz')
    .addColumn('published_at', 'timestamptz')
    .addColumn('published_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('exhausted_at', 'timestamptz')
    // When the window closed and unused quota money went to the general pool.
    .addColumn('quotas_merged_at', 'timestamptz')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('voucher_call_window', sql`closes_at > opens_at`)
    // The guarantee: never more held and granted than the envelope ...
    .addCheckConstraint('voucher_call_envelope', sql`reserved_cents >= 0 AND granted_cents >= 0
      AND reserved_cents + granted_cents <= envelope_cents`)
    // ... and the general pool never eats into the quotas.
    .addCheckConstraint('voucher_call_general_pool', sql`quota_used_cents >= 0 AND quota_used_cents <= quota_cents
      AND quota_cents <= envelope_cents AND reserved_cents + granted_cents - quota_used_cents <= envelope_cents - quota_cents`)
    .addUniqueConstraint('voucher_call_chamber_code', ['chamber_id', 'code'])
    .execute()
  await db.schema.createIndex('voucher_call_chamber_idx').on('voucher_call').columns(['chamber_id', 'id desc']).execute()

  await db.schema.createTable('voucher_call_quota')
    .addColumn('call_id', 'bigint', (c) => c.notNull().references('voucher_call.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'jsonb', (c) => c.notNull())
    .addColumn('share_pm', 'integer', (c) => c.notNull().check(sql`share_pm BETWEEN 1 AND 1000`))
    .addColumn('size_classes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('ateco_prefixes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('size_cents', 'bigint', (c) => c.notNull().check(sql`size_cents >= 0`))
    .addColumn('used_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('reserve_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`reserve_count >= 0`))
    .addCheckConstraint('voucher_call_quota_pool', sql`used_cents >= 0 AND used_cents <= size_cents`)
    .addPrimaryKeyConstraint('voucher_call_quota_pk', ['call_id', 'code'])
    .execute()

  await db.schema.createTable('voucher_application')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('call_id', 'bigint', (c) => c.notNull().references('voucher_call.id'))
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('firm_id', 'bigint', (c) => c.notNull().references('firm.id'))
    // The firm as the register named it when it applied (receipts and lists need no CRM lookup).
    .addColumn('firm_name', 'text', (c) => c.notNull())
    .addColumn('firm_tax_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status IN ('draft', 'submitted', 'funded',
      'reserve', 'withdrawn', 'not_admitted', 'granted', 'not_funded', 'revoked')`))
    .addColumn('expenses', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('declarations', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('contact', 'jsonb')
    .addColumn('filed_by', 'text', (c) => c.notNull().check(sql`filed_by IN ('firm', 'partner')`))
    .addColumn('partner_id', 'bigint', (c) => c.references('partner.id'))
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('link_id', 'bigint', (c) => c.references('firm_access_link.id'))
    // Submission: protocol and the server's instant, in one strict order per call.
    .addColumn('protocol_number', 'integer')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('received_at', 'timestamptz')
    .addColumn('submitted_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('content_sha256', 'text')
    // What the submission computed: the grant figures, eligibility checks, the de minimis check.
    .addColumn('grant_figures', 'jsonb')
    .addColumn('eligibility', 'jsonb')
    .addColumn('de_minimis', 'jsonb')
    .addColumn('requested_cents', 'bigint', (c) => c.check(sql`requested_cents >= 0`))
    .addColumn('quota_code', 'text')
    // The pool the held money came from: '*' (general) or a quota's code.
    .addColumn('held_pool', 'text')
    // Held on the call (first come first served, pending the decision); granted by the decision (part 2).
    .addColumn('held_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('granted_cents', 'bigint', (c) => c.check(sql`granted_cents >= 0`))
    .addColumn('status_reason', 'text')
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('decided_at', 'timestamptz')
    // RNA: the COR code of the grant (per application), registered at the decision.
    .addColumn('cor_code', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('voucher_application_held', sql`held_cents >= 0 AND held_cents <= coalesce(requested_cents, 0)`)
    .addCheckConstraint('voucher_application_protocol', sql`(status = 'draft') = (protocol_number IS NULL)
      AND (protocol_number IS NULL) = (submitted_at IS NULL)`)
    .addCheckConstraint('voucher_application_held_status', sql`held_cents = 0 OR (status = 'funded' AND held_pool IS NOT NULL)`)
    // One application per firm per call.
    .addUniqueConstraint('voucher_application_firm_call', ['call_id', 'firm_id'])
    .addUniqueConstraint('voucher_application_protocol_uq', ['call_id', 'protocol_number'])
    .execute()
  await db.schema.createIndex('voucher_application_firm_idx').on('voucher_application').columns(['firm_id', 'id']).execute()
  await db.schema.createIndex('voucher_application_chamber_idx').on('voucher_application').columns(['chamber_id', 'id desc']).execute()
  await db.schema.createIndex('voucher_application_call_status_idx').on('voucher_application').columns(['call_id', 'status', 'protocol_number']).execute()
  // The reserve list and funded applications, in protocol order: what re-admission walks.
  await sql`CREATE INDEX voucher_application_queue_idx ON voucher_application (call_id, protocol_number)
    WHERE status IN ('reserve', 'funded')`.execute(db)

  await db.schema.createTable('voucher_idempotency')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('application_id', 'bigint', (c) => c.notNull().references('voucher_application.id'))
    .addColumn('status_code', 'smallint', (c) => c.notNull())
    .addColumn('response', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('voucher_idempotency_pk', ['scope', 'key'])
    .execute()

  await db.schema.createTable('voucher_document')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('application_id', 'bigint', (c) => c.notNull().references('voucher_application.id'))
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('file_id', 'bigint', (c) => c.notNull().references('stored_file.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('voucher_document_application_idx').on('voucher_document').columns(['application_id', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['voucher_document', 'voucher_idempotency', 'voucher_application', 'voucher_call_quota', 'voucher_call', 'stored_file']) {
    await db.schema.dropTable(t).execute()
  }
}
