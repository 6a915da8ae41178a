import { sql, type Kysely } from 'kysely'

/**
 * Indexes for the firm list's sorts and the GDPR paths. Each sort of the list is a keyset over
 * (sort key, id) inside one chamber, so each gets an index that serves both the order and the seek.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Never-touched firms sort as the oldest touch: a NULL would break the keyset row comparison.
  await sql`CREATE INDEX firm_chamber_touch_id_idx ON firm (chamber_id, (coalesce(last_touch_at, '-infinity'::timestamptz)), id)`.execute(db)
  await db.schema.createIndex('firm_chamber_created_idx').on('firm').columns(['chamber_id', 'created_at', 'id']).execute()
  // Sort by stage, then by name: the list reads like the name sort within each stage.
  await db.schema.createIndex('firm_chamber_stage_name_idx').on('firm').columns(['chamber_id', 'stage', 'name', 'id']).execute()
  // Events naming a person: the personal-data export, erasure and the retention job's "last activity".
  await sql`CREATE INDEX timeline_contact_idx ON timeline_event (contact_id, occurred_at) WHERE contact_id IS NOT NULL`.execute(db)
  // The retention job looks for contacts idle for months.
  await sql`CREATE INDEX contact_activity_idx ON contact (last_activity_at) WHERE erased_at IS NULL`.execute(db)
  // Audit entries about one record (a person's data export lists those about them).
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity', 'entity_id', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['audit_log_entity_idx', 'contact_activity_idx', 'timeline_contact_idx', 'firm_chamber_stage_name_idx',
    'firm_chamber_created_idx', 'firm_chamber_touch_id_idx']) {
    await db.schema.dropIndex(name).execute()
  }
}
