import { once } from 'node:events'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { sql } from 'kysely'
import type { DbOrTx } from '../../../db/database.ts'
import { STAGED_COLUMNS, type StagedRow, type StagedValue } from './columns.ts'

/**
 * The staging table a run fills with its valid rows before the one set-based upsert. Temporary and
 * dropped at commit (or rollback): nothing of a run outlives its transaction.
 */
export async function createStaging(tx: DbOrTx): Promise<void> {
  await sql`CREATE TEMP TABLE import_staging (
    row_number integer NOT NULL, tax_code text NOT NULL, name text NOT NULL, vat_number text,
    rea_province char(2), rea_number integer, legal_form text NOT NULL, ateco_code text, ateco_section char(1),
    secondary_ateco_codes text[] NOT NULL, employees integer, turnover_cents bigint, balance_sheet_cents bigint,
    size_class text, founded_on date, address text, postal_code text, municipality_code char(6),
    province_code char(2) NOT NULL, pec text, website text, status text NOT NULL
  ) ON COMMIT DROP`.execute(tx)
}

export interface StagingLoader {
  /** Returns a promise only when the caller must wait (a flush): a million rows, a million awaits saved. */
  add(row: StagedRow): Promise<void> | undefined
  /** Flushes what is buffered; the rows are in the table when it resolves. */
  finish(): Promise<void>
}

// COPY text format: backslash escapes for the four characters that would end a field or a line.
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }
function copyField(v: StagedValue): string {
  if (v === null) return '\\N'
  if (typeof v === 'number') return String(v)
  // Array elements are ATECO codes (digits and dots): no quoting needed inside the literal.
  if (Array.isArray(v)) return `{${v.join(',')}}`
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : v
}
export const copyLine = (row: StagedRow) => `${row.map(copyField).join('\t')}\n`

const FLUSH_BYTES = 256 * 1024

/** Waits for 'drain' (or 'error', or 'close'), then takes its listeners off: thousands of waits must not pile them up. */
export function drainedOrFailed(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const e of ['drain', 'error', 'close']) stream.off(e, done)
      resolve()
    }
    for (const e of ['drain', 'error', 'close']) stream.on(e, done)
  })
}

/** Streams rows through COPY FROM STDIN on the transaction's own client (PostgreSQL server). */
export function copyLoader(client: pg.Client): StagingLoader {
  const stream = client.query(copyFrom(`COPY import_staging (${STAGED_COLUMNS.join(', ')}) FROM STDIN`))
  let failure: Error | null = null
  stream.on('error', (err: Error) => { failure = err })
  let buffer = ''
  const flush = async () => {
    if (failure) throw failure
    if (!buffer) return
    const ok = stream.write(buffer)
    buffer = ''
    if (!ok) await drainedOrFailed(stream)
    if (failure) throw failure
  }
  return {
    add(row) {
      buffer += copyLine(row)
      return buffer.length >= FLUSH_BYTES ? flush() : undefined
    },
    async finish() {
      await flush()
      const done = once(stream, 'finish')
      stream.end()
      await Promise.race([done, once(stream, 'error').then(([err]) => { throw err })])
      if (failure) throw failure
    },
  }
}

const BATCH = 500

/**
 * The embedded database (PGlite behind pglite-socket) drops the connection on COPY FROM STDIN
 * (protocol synchronisation lost), so there rows go in by multi-row INSERTs of BATCH rows.
 */
export function insertLoader(tx: DbOrTx): StagingLoader {
  let batch: StagedRow[] = []
  const flush = async () => {
    if (!batch.length) return
    const rows = batch
    batch = []
    await sql`INSERT INTO import_staging (${sql.raw(STAGED_COLUMNS.join(', '))}) VALUES ${sql.join(
      rows.map((r) => sql`(${sql.join(r.map((v) => sql.val(v)))})`))}`.execute(tx)
  }
  return {
    add(row) {
      batch.push(row)
      return batch.length >= BATCH ? flush() : undefined
    },
    finish: flush,
  }
}

/** PGlite says so in version(); COPY must not even be tried there (it kills the session). */
export async function isEmbedded(db: DbOrTx): Promise<boolean> {
  const { rows } = await sql<{ v: string }>`select version() as v`.execute(db)
  return /PGlite|emscripten/i.test(rows[0]?.v ?? '')
}
