import { sql, type Kysely } from 'kysely'

/**
 * The experience centre's demo area: equipment lent by vendors for a period (3D printers, laser
 * cutters, VR headsets, cobots...) and demos booked on it for a firm or for an event.
 *
 * "Never two bookings of one item at one time" is the database's rule, not a check in code: an
 * exclusion constraint over (equipment, period) among live bookings, so two requests made at the
 * same moment cannot both land (the second fails with SQLSTATE 23P01). It needs btree_gist for
 * the `equipment_id with =` part (the embedded PGlite loads the same extension).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gist`.execute(db)

  await db.schema.createTable('ec_equipment')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull().check(sql`category in ('printer_3d', 'laser_cutter', 'cnc_machine', 'vr_headset', 'ar_device', 'cobot', 'drone', 'iot_kit', 'scanner_3d', 'other')`))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('vendor_name', 'text', (c) => c.notNull())
    .addColumn('vendor_contact', 'text', (c) => c.notNull().defaultTo(''))
    // The loan: the item is in the centre from the first day to the last (both included, Rome days).
    .addColumn('loan_from', 'date', (c) => c.notNull())
    .addColumn('loan_to', 'date', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('condition', 'text', (c) => c.notNull().defaultTo('good').check(sql`condition in ('new', 'good', 'worn', 'out_of_service')`))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('ec_equipment_loan_check', sql`loan_to >= loan_from`)
    .execute()
  await db.schema.createIndex('ec_equipment_chamber_idx').on('ec_equipment').columns(['chamber_id', 'name']).execute()

  // Photos of an item: the bytes in storage (stored_file), checked to be images by their content.
  await db.schema.createTable('ec_equipment_photo')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('equipment_id', 'bigint', (c) => c.notNull().references('ec_equipment.id'))
    .addColumn('file_id', 'bigint', (c) => c.notNull().references('stored_file.id'))
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('ec_equipment_photo_equipment_idx').on('ec_equipment_photo').column('equipment_id').execute()

  await db.schema.createTable('ec_demo_booking')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('chamber_id', 'bigint', (c) => c.notNull().references('chamber.id'))
    .addColumn('equipment_id', 'bigint', (c) => c.notNull().references('ec_equipment.id'))
    // For a firm (a CRM firm) or for an event of the chamber: exactly one of the two.
    .addColumn('firm_id', 'bigint', (c) => c.references('firm.id'))
    .addColumn('event_id', 'bigint', (c) => c.references('ec_event.id'))
    .addColumn('period', sql`tstzrange`, (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('booked').check(sql`status in ('booked', 'cancelled')`))
    // When staff mark the demo as held: that is when it lands on the firm's timeline.
    .addColumn('held_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('ec_demo_booking_target_check', sql`num_nonnulls(firm_id, event_id) = 1`)
    .addCheckConstraint('ec_demo_booking_period_check', sql`not isempty(period) and lower_inc(period) and not upper_inc(period) and not lower_inf(period) and not upper_inf(period)`)
    .addCheckConstraint('ec_demo_booking_cancel_check', sql`(status = 'cancelled') = (cancelled_at is not null)`)
    .execute()
  await sql`alter table ec_demo_booking add constraint ec_demo_booking_no_overlap
    exclude using gist (equipment_id with =, period with &&) where (status = 'booked')`.execute(db)
  // The area's calendar: a chamber's bookings in a time window (the item's own is served by the constraint's index).
  await sql`create index ec_demo_booking_chamber_period_idx on ec_demo_booking using gist (chamber_id, period)`.execute(db)
  await db.schema.createIndex('ec_demo_booking_firm_idx').on('ec_demo_booking').column('firm_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['ec_demo_booking', 'ec_equipment_photo', 'ec_equipment']) {
    await db.schema.dropTable(table).execute()
  }
}
