import { sql, type Kysely } from 'kysely'

/**
 * Partners and referrals: the steps of each referral (who answered, declined with which note,
 * cancelled and why), and the indexes behind the partner registry's filters and the referral lists.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('referral_step')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('referral_id', 'bigint', (c) => c.notNull().references('referral.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('actor_id', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('referral_step_referral_idx').on('referral_step').columns(['referral_id', 'id']).execute()

  // Registry filters: competence tag (array containment) and part of the name (accent-insensitive).
  await sql`CREATE INDEX partner_competences_idx ON partner USING gin (competences)`.execute(db)
  await sql`CREATE INDEX partner_name_trgm_idx ON partner USING gin (pid_unaccent(lower(name)) gin_trgm_ops)`.execute(db)

  // Referral lists page newest first by id, per chamber and, for a partner user, per organisation.
  await db.schema.createIndex('referral_chamber_id_idx').on('referral').columns(['chamber_id', 'id desc']).execute()
  await db.schema.createIndex('referral_partner_chamber_idx').on('referral').columns(['partner_id', 'chamber_id', 'id desc']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['referral_partner_chamber_idx', 'referral_chamber_id_idx', 'partner_name_trgm_idx', 'partner_competences_idx']) {
    await db.schema.dropIndex(i).execute()
  }
  await db.schema.dropTable('referral_step').execute()
}
