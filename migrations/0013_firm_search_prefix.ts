import { sql, type Kysely } from 'kysely'

/**
 * Name search ranks the names that start with what was typed first, in folded-name order
 * (server/src/modules/crm/firms/firm-search.ts): a range of this index, read only as far as the
 * page. COLLATE "C" lets the planner turn `LIKE 'prefix%'` into that range (it does so only for the
 * C collation) and sorts in code-point order, which for folded (lower-case, unaccented) names is
 * alphabetical order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX firm_chamber_folded_idx ON firm (chamber_id, name_folded COLLATE "C", id) WHERE merged_into_id IS NULL`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX firm_chamber_folded_idx`.execute(db)
}
