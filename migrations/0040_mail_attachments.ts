import type { Kysely } from 'kysely'

/**
 * What a mail carries beside its text, described rather than rendered (e.g. a QR code: its kind,
 * file name, the text it encodes and its content id). The sender renders it at send time, so the
 * path that writes the mail (a registration rush) never spends time drawing images. Null: none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_outbox').addColumn('attachments', 'jsonb').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_outbox').dropColumn('attachments').execute()
}
