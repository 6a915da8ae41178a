import { sql, type Kysely } from 'kysely'

/**
 * Partners register firms to experience-centre events through the API (scope events:register):
 * such a registration says which organisation made it and who (the partner user or the API
 * client's service account), so the partner can list its own registrations of an event.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ec_registration')
    .addColumn('partner_id', 'bigint', (c) => c.references('partner.id'))
    .addColumn('registered_by', 'bigint', (c) => c.references('app_user.id'))
    .execute()
  await sql`ALTER TABLE ec_registration DROP CONSTRAINT ec_registration_source_check`.execute(db)
  await sql`ALTER TABLE ec_registration ADD CONSTRAINT ec_registration_source_check
    CHECK (source IN ('public', 'staff', 'walk_in', 'partner') AND (source = 'partner') = (partner_id IS NOT NULL))`.execute(db)
  // The partner's list of an event's registrations, newest first (cursor over the id).
  await db.schema.createIndex('ec_registration_partner_idx').on('ec_registration').columns(['event_id', 'partner_id', 'id'])
    .where(sql.ref('partner_id'), 'is not', null).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ec_registration_partner_idx').execute()
  await sql`ALTER TABLE ec_registration DROP CONSTRAINT ec_registration_source_check`.execute(db)
  await db.schema.alterTable('ec_registration').dropColumn('registered_by').dropColumn('partner_id').execute()
  await sql`ALTER TABLE ec_registration ADD CONSTRAINT ec_registration_source_check CHECK (source IN ('public', 'staff', 'walk_in'))`.execute(db)
}
