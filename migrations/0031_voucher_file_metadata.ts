import { sql, type Kysely } from 'kysely'

/**
 * A voucher document's or report file's name, media type, size and hash are its stored file's:
 * stored_file holds them once, and the voucher tables stop copying them (a copy could drift).
 */
const TABLES = ['voucher_document', 'voucher_report_file'] as const
const COPIES = ['file_name', 'media_type', 'size_bytes', 'sha256'] as const

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    let alter = db.schema.alterTable(table).dropColumn(COPIES[0])
    for (const column of COPIES.slice(1)) alter = alter.dropColumn(column)
    await alter.execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table)
      .addColumn('file_name', 'text').addColumn('media_type', 'text').addColumn('size_bytes', 'bigint').addColumn('sha256', 'text')
      .execute()
    await sql`UPDATE ${sql.table(table)} t SET file_name = f.file_name, media_type = f.media_type, size_bytes = f.size_bytes, sha256 = f.sha256
      FROM stored_file f WHERE f.id = t.file_id`.execute(db)
    for (const column of COPIES) await db.schema.alterTable(table).alterColumn(column, (c) => c.setNotNull()).execute()
  }
}
