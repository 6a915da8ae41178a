import { sql, type Kysely } from 'kysely'

/**
 * Indexes for the firm list and the name search on a million firms of one chamber.
 *
 * firm_chamber_folded_idx: name search ranks the names that start with what was typed first, in
 * folded-name order (server/src/modules/crm/firms/firm-search.ts), a range of this index read only
 * as far as the page. COLLATE "C" lets the planner turn `LIKE 'prefix%'` into that range (it does
 * so only for the C collation) and sorts in code-point order, which for folded (lower-case,
 * unaccented) names is alphabetical order.
 *
 * firm_chamber_name_idx now carries the categorical columns the list filters on (ATECO section,
 * size, stage, status) and holds only unmerged firms (every list excludes merged ones): a page in
 * name order filtered on them is an index-only walk, never a visit to the table for each firm
 * passed over.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX firm_chamber_folded_idx ON firm (chamber_id, name_folded COLLATE "C", id) WHERE merged_into_id IS NULL`.execute(db)
  await sql`DROP INDEX firm_chamber_name_idx`.execute(db)
  await sql`CREATE INDEX firm_chamber_name_idx ON firm (chamber_id, name, id) INCLUDE (ateco_section, size_class, stage, status)
    WHERE merged_into_id IS NULL`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX firm_chamber_name_idx`.execute(db)
  await db.schema.createIndex('firm_chamber_name_idx').on('firm').columns(['chamber_id', 'name', 'id']).execute()
  await sql`DROP INDEX firm_chamber_folded_idx`.execute(db)
}
