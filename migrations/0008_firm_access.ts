import { sql, type Kysely } from 'kysely'

/**
 * Firm access: personal, expiring, single-firm links (only the token's SHA-256 is stored) that a
 * firm exchanges for a short-lived session reaching its own forms (assessment, vouchers, ...).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('firm_access_link')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('firm_id', 'bigint', (c) => c.notNull().references('firm.id'))
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('purpose', sql`text[]`, (c) => c.notNull().check(sql`cardinality(purpose) > 0`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('firm_access_link_firm_idx').on('firm_access_link').columns(['firm_id', 'id desc']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('firm_access_link').execute()
}
