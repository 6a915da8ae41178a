import { sql, type Kysely } from 'kysely'

/**
 * CRM follow-ups: when an overdue referral was last reminded, and leaner firm indexes.
 * Columns that are empty for almost every firm (assignee, registering partner, tags, merge target)
 * get partial indexes: a register import of a million firms no longer writes a million entries
 * that say "nobody", and the lookups they serve only ever ask for a value. The merge target gets
 * its first index: a firm's merged duplicates are found without a scan of the table.
 * firm_chamber_size_idx goes: firm_filters_idx (chamber, section, size, stage, status) serves the
 * size filter and the counts by size.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('referral').addColumn('reminded_at', 'timestamptz').execute()
  // The daily reminder job looks for open referrals past their due date.
  await sql`CREATE INDEX referral_overdue_idx ON referral (due_on) WHERE status IN ('sent', 'accepted', 'in_progress')`.execute(db)

  await sql`DROP INDEX firm_assigned_idx`.execute(db)
  await sql`CREATE INDEX firm_assigned_idx ON firm (assigned_to) WHERE assigned_to IS NOT NULL`.execute(db)
  await sql`DROP INDEX firm_partner_idx`.execute(db)
  await sql`CREATE INDEX firm_partner_idx ON firm (registered_by_partner_id) WHERE registered_by_partner_id IS NOT NULL`.execute(db)
  await sql`DROP INDEX firm_tags_idx`.execute(db)
  await sql`CREATE INDEX firm_tags_idx ON firm USING gin (tags) WHERE tags <> '{}'`.execute(db)
  await sql`CREATE INDEX firm_merged_into_idx ON firm (merged_into_id) WHERE merged_into_id IS NOT NULL`.execute(db)
  await sql`DROP INDEX firm_chamber_size_idx`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('firm_chamber_size_idx').on('firm').columns(['chamber_id', 'size_class']).execute()
  await sql`DROP INDEX firm_merged_into_idx`.execute(db)
  await sql`DROP INDEX firm_tags_idx`.execute(db)
  await sql`CREATE INDEX firm_tags_idx ON firm USING gin (tags)`.execute(db)
  await sql`DROP INDEX firm_partner_idx`.execute(db)
  await db.schema.createIndex('firm_partner_idx').on('firm').column('registered_by_partner_id').execute()
  await sql`DROP INDEX firm_assigned_idx`.execute(db)
  await db.schema.createIndex('firm_assigned_idx').on('firm').column('assigned_to').execute()
  await sql`DROP INDEX referral_overdue_idx`.execute(db)
  await db.schema.alterTable('referral').dropColumn('reminded_at').execute()
}
