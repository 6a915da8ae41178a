import { sql, type Kysely } from 'kysely'

/**
 * Firm accounts: a `firm_user` login linked by the chamber's staff to a firm, so that the firm works
 * from its own home instead of a personal link. Unlinking deletes the row (the audit log keeps the
 * history) and every firm session opened from the account for that firm stops at its next request.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('firm_user_account')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('firm_id', 'bigint', (c) => c.notNull().references('firm.id'))
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // One row per account and firm; it also serves "the firms of this account" (home, every firm request).
    .addUniqueConstraint('firm_user_account_user_firm_key', ['user_id', 'firm_id'])
    .execute()
  // "The accounts of this firm" (the staff's firm page, a merge of duplicates).
  await db.schema.createIndex('firm_user_account_firm_idx').on('firm_user_account').column('firm_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('firm_user_account').execute()
}
