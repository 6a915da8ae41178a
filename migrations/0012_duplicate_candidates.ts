import { sql, type Kysely } from 'kysely'

/**
 * Likely duplicates, found by a background scan per chamber instead of on every page view: on a
 * million firms the pairs take minutes to find and a page must take milliseconds to read.
 * duplicate_scan says when each chamber was last scanned (and whether one is due); pairs staff
 * declared distinct are kept in duplicate_dismissal and never proposed again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('duplicate_scan')
    .addColumn('chamber_id', 'bigint', (c) => c.primaryKey().references('chamber.id'))
    .addColumn('requested_at', 'timestamptz')
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('pairs', 'integer')
    .execute()
  await db.schema.createTable('duplicate_candidate')
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('a_id', 'bigint', (c) => c.notNull().references('firm.id'))
    .addColumn('b_id', 'bigint', (c) => c.notNull().references('firm.id'))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason IN ('same_vat', 'similar_name')`))
    .addColumn('score', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('duplicate_candidate_pkey', ['chamber_id', 'a_id', 'b_id'])
    .addCheckConstraint('duplicate_candidate_order', sql`a_id < b_id`)
    .execute()
  // A merge drops the pairs of the firm merged away.
  await db.schema.createIndex('duplicate_candidate_b_idx').on('duplicate_candidate').column('b_id').execute()
  await db.schema.createIndex('duplicate_candidate_a_idx').on('duplicate_candidate').column('a_id').execute()
  await db.schema.createTable('duplicate_dismissal')
    .addColumn('a_id', 'bigint', (c) => c.notNull().references('firm.id'))
    .addColumn('b_id', 'bigint', (c) => c.notNull().references('firm.id'))
    .addColumn('dismissed_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('dismissed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('duplicate_dismissal_pkey', ['a_id', 'b_id'])
    .addCheckConstraint('duplicate_dismissal_order', sql`a_id < b_id`)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('duplicate_dismissal').execute()
  await db.schema.dropTable('duplicate_candidate').execute()
  await db.schema.dropTable('duplicate_scan').execute()
}
