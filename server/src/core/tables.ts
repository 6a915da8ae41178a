import type { ColumnType, Generated } from 'kysely'
import type { NullableTimestamp, Timestamp } from '../db/column-types.ts'

/** The tables of the core pieces every module uses: audit (audit.ts), mail (mail.ts), files (storage.ts), idempotency (idempotency.ts). */
export interface AuditLogTable {
  id: Generated<number>
  at: Timestamp
  actor_id: number | null
  chamber_id: number | null
  action: string
  entity: string
  entity_id: string | null
  before: ColumnType<unknown, string | null, string | null>
  after: ColumnType<unknown, string | null, string | null>
  request_id: string | null
  ip: string | null
}

/** An attachment described in the outbox, drawn by the sender: a QR code of `text`, inline as `cid`. */
export interface MailAttachmentJson {
  kind: 'qr'
  filename: string
  text: string
  cid: string
}

export interface MailOutboxTable {
  id: Generated<number>
  chamber_id: number | null
  to_address: string
  subject: string
  text_body: string
  status: 'pending' | 'sent' | 'held' | 'failed'
  created_at: Timestamp
  sent_at: NullableTimestamp
  last_error: string | null
  /** Migration 0040: attachments to render at send time (core/mail.ts MailAttachment[]), or null. */
  attachments: ColumnType<MailAttachmentJson[] | null, string | null | undefined, string | null>
  /** Migration 0048: a mail whose address and text are blanked once sent, or at this time if still held (a verification link). */
  forget_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}

/** Uploaded files (migration 0020): name, type, size, SHA-256 and, with PgStorage, the bytes. */
export interface StoredFileTable {
  id: Generated<number>
  sha256: string
  media_type: string
  size_bytes: number
  file_name: string
  content: Buffer | null
  object_key: string | null
  created_at: Timestamp
}

/** Idempotency keys of creating POSTs (migration 0045, idempotency.ts). */
export interface IdempotencyRecordTable {
  principal: string
  key: string
  fingerprint: string
  state: ColumnType<'in_flight' | 'done', 'in_flight' | 'done' | undefined, 'in_flight' | 'done'>
  status_code: number | null
  content_type: string | null
  response_body: string | null
  location: string | null
  created_at: Timestamp
  completed_at: NullableTimestamp
}

export interface CoreTables {
  audit_log: AuditLogTable
  idempotency_record: IdempotencyRecordTable
  mail_outbox: MailOutboxTable
  stored_file: StoredFileTable
}
