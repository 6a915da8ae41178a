import { parse, type Parser } from 'csv-parse'
import { sql } from 'kysely'
import type { DbOrTx } from '../../../db/database.ts'
import { drainedOrFailed } from './staging.ts'

/**
 * Reads a stored file back part by part (import_file holds 4 MB parts, migration 0014; content is
 * stored uncompressed, so substring() of a larger, older single-part file reads only its slice's
 * TOAST chunks) and feeds them to a streaming csv-parse. The whole file is never one string: a
 * 300 MB extract stays a few MB at a time in memory.
 */
const SLICE = 4 * 1024 * 1024

interface StoredPart { part: number; size: number }

async function storedParts(db: DbOrTx, importId: number): Promise<StoredPart[]> {
  const rows = await db.selectFrom('import_file').select(['part', sql<number>`octet_length(content)`.as('size')])
    .where('import_id', '=', importId).orderBy('part').execute()
  return rows.map((r) => ({ part: r.part, size: Number(r.size) }))
}

export async function storedSize(db: DbOrTx, importId: number): Promise<number> {
  const parts = await storedParts(db, importId)
  if (!parts.length) throw new Error('the uploaded file is gone')
  return parts.reduce((n, p) => n + p.size, 0)
}

async function slice(db: DbOrTx, importId: number, part: number, from: number, length: number): Promise<Buffer> {
  const { rows } = await sql<{ piece: Buffer }>`select substring(content from ${from + 1} for ${length}) as piece
    from import_file where import_id = ${importId} and part = ${part}`.execute(db)
  return rows[0]!.piece
}

/** Every slice of the file in order: each part, in slices of at most SLICE bytes. */
async function* slices(db: DbOrTx, importId: number, parts: StoredPart[]): AsyncGenerator<Buffer> {
  for (const p of parts) {
    for (let at = 0; at < p.size; at += SLICE) yield await slice(db, importId, p.part, at, Math.min(SLICE, p.size - at))
  }
}

/** The field separator, guessed from the header line: comma as documented, semicolon as Excel writes it in Italy. */
function delimiterOf(head: Buffer): string {
  const line = head.subarray(0, Math.max(0, head.indexOf(10)) || head.length).toString('utf8')
  const count = (c: string) => line.split(c).length - 1
  return count(';') > count(',') ? ';' : count('\t') > count(',') ? '\t' : ','
}

export interface CsvStream {
  parser: Parser
  /** Data rows estimated from the first slice's line lengths (the exact count comes at the end). */
  estimatedRows: number
  /** Resolves when every slice has been handed to the parser; rejects when reading fails. */
  feeding: Promise<void>
}

export async function openCsv(db: DbOrTx, importId: number, size: number): Promise<CsvStream> {
  const source = slices(db, importId, await storedParts(db, importId))
  const first: Buffer = (await source.next()).value ?? Buffer.alloc(0)
  const lines = first.reduce((n, b) => (b === 10 ? n + 1 : n), 0)
  const estimatedRows = Math.max(0, Math.round(lines > 1 ? (lines * size) / first.length : 1) - 1)
  // relax_column_count: a short row is a row error (reported), not the end of the whole file.
  const parser = parse({ delimiter: delimiterOf(first), bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 64 * 1024 })
  // Parse errors reach the reader through the async iterator; this keeps a late duplicate from
  // being an unhandled 'error' event once the iterator has let go.
  parser.on('error', () => {})
  const feeding = (async () => {
    let chunk: Buffer | undefined = first
    while (chunk) {
      if (!parser.write(chunk)) await drainedOrFailed(parser)
      if (parser.destroyed) return
      chunk = (await source.next()).value ?? undefined
    }
    parser.end()
  })().catch((err: unknown) => { if (!parser.destroyed) parser.destroy(err as Error) })
  return { parser, estimatedRows, feeding }
}
