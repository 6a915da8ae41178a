import { parse, type Parser } from 'csv-parse'
import { sql } from 'kysely'
import type { DbOrTx } from '../../../db/database.ts'
import { drainedOrFailed } from './staging.ts'

/**
 * Reads a stored file back in slices (import_file.content is stored uncompressed, so substring()
 * reads only the slice's TOAST chunks) and feeds them to a streaming csv-parse. The whole file is
 * never one string: a 300 MB extract stays a few MB at a time in memory.
 */
const SLICE = 4 * 1024 * 1024

export async function storedSize(db: DbOrTx, importId: number): Promise<number> {
  const row = await db.selectFrom('import_file').select(sql<number>`octet_length(content)`.as('size'))
    .where('import_id', '=', importId).executeTakeFirst()
  if (!row) throw new Error('the uploaded file is gone')
  return Number(row.size)
}

async function slice(db: DbOrTx, importId: number, from: number, length: number): Promise<Buffer> {
  const { rows } = await sql<{ part: Buffer }>`select substring(content from ${from + 1} for ${length}) as part
    from import_file where import_id = ${importId}`.execute(db)
  return rows[0]!.part
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
  const first = await slice(db, importId, 0, Math.min(SLICE, size))
  const lines = first.reduce((n, b) => (b === 10 ? n + 1 : n), 0)
  const estimatedRows = Math.max(0, Math.round(lines > 1 ? (lines * size) / first.length : 1) - 1)
  // relax_column_count: a short row is a row error (reported), not the end of the whole file.
  const parser = parse({ delimiter: delimiterOf(first), bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 64 * 1024 })
  // Parse errors reach the reader through the async iterator; this keeps a late duplicate from
  // being an unhandled 'error' event once the iterator has let go.
  parser.on('error', () => {})
  const feeding = (async () => {
    let chunk: Buffer = first
    for (let at = first.length; ; at += chunk.length) {
      if (!parser.write(chunk)) await drainedOrFailed(parser)
      if (parser.destroyed) return
      if (at >= size) break
      chunk = await slice(db, importId, at, Math.min(SLICE, size - at))
    }
    parser.end()
  })().catch((err: unknown) => { if (!parser.destroyed) parser.destroy(err as Error) })
  return { parser, estimatedRows, feeding }
}
