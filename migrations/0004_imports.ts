import { sql, type Kysely } from 'kysely'

/**
 * Register imports: the uploaded file is stored uncompressed (STORAGE EXTERNAL) so that the import
 * job can read it back in slices with substring() - each slice then reads only its own TOAST
 * chunks - instead of one value that would be decoded whole (a 300 MB bytea is a 600 MB hex string,
 * beyond V8's string limit). CSV compresses well, but the file is kept only for the run's lifetime
 * of interest and compressing hundreds of MB would slow the upload.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE import_file ALTER COLUMN content SET STORAGE EXTERNAL`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE import_file ALTER COLUMN content SET STORAGE EXTENDED`.execute(db)
}
