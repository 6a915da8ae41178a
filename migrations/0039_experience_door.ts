import { sql, type Kysely } from 'kysely'

/**
 * The door's record of what a check-in did beyond the registration: the touch it put on the firm's
 * timeline and the stage it moved, so undoing a check-in (a mistake at the door) can annotate that
 * touch and put back the stage it moved; and whether it was undone. One row per effective check-in
 * (ec_checkin keeps the device's id; a retry with that id finds it here).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('ec_checkin_effect')
    .addColumn('checkin_id', 'uuid', (c) => c.primaryKey().references('ec_checkin.id'))
    .addColumn('registration_id', 'bigint', (c) => c.notNull().references('ec_registration.id'))
    .addColumn('timeline_event_id', 'bigint')
    .addColumn('stage_before', 'smallint')
    .addColumn('stage_after', 'smallint')
    .addColumn('undone_at', 'timestamptz')
    .addColumn('undone_by', 'bigint', (c) => c.references('app_user.id'))
    // A walk-in whose firm was not in the CRM: a new prospect the event brought (the event's figures count them).
    .addColumn('new_prospect', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
  // At most one live check-in per registration, whatever the devices send: the database says so.
  await sql`create unique index ec_checkin_effect_live_key on ec_checkin_effect (registration_id) where undone_at is null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ec_checkin_effect').execute()
}
