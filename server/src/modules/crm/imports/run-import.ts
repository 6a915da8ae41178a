import { sql } from 'kysely'
import type pg from 'pg'
import type { ImportColumn } from '@pid/shared'
import { withClient, type Db, type DbOrTx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { checkRow, headerIndex, type RowError } from './columns.ts'
import { loadReference } from './reference.ts'
import { copyLoader, createStaging, insertLoader, isEmbedded, type StagingLoader } from './staging.ts'
import { openCsv, storedSize } from './csv-reader.ts'
import { rejectConflicts, upsertFirms } from './upsert.ts'
import { requestScan } from './duplicate-scan.ts'
import type { JobQueue } from '../../../core/jobs.ts'

/** Row errors kept for errors.csv; beyond this a run still counts them (error_rows) but stores no more. */
export const MAX_STORED_ERRORS = 100_000
const PROGRESS_EVERY_MS = 500
/** Rows changed by one run beyond which the firm table is analysed right after the commit. */
const ANALYZE_AFTER = 50_000

/** Advisory-lock namespace of import runs (the second key is the run id). */
const IMPORT_LOCK = 0x1a70
class AlreadyRunning extends Error {}

/** One import run, and the queue its duplicate scan request goes to. */
interface Run { id: number; chamberId: number; fileName: string; actorId: number | null; jobs: JobQueue }
interface Outcome { total: number; inserted: number; updated: number; unchanged: number; errorRows: number }
interface StoredError { row: number; column: ImportColumn | null; message: string }

/**
 * The 'crm.import' job: one run from 'queued' to 'completed' (counts and row errors) or 'failed'
 * (a message, nothing applied). Parsing, checking, loading the staging table and the upsert share
 * ONE transaction; progress is written meanwhile through another connection so the SPA can poll it
 * (not on the embedded database: one session only, the transaction holds it).
 */
export async function runImport(db: Db, pool: pg.Pool, jobs: JobQueue, importId: number): Promise<void> {
  const row = await db.selectFrom('import_run').select(['id', 'chamber_id', 'file_name', 'status', 'created_by'])
    .where('id', '=', importId).executeTakeFirst()
  // A retried job whose run already ended has nothing left to do.
  if (!row || row.status === 'completed' || row.status === 'failed') return
  const run: Run = { id: row.id, chamberId: row.chamber_id, fileName: row.file_name, actorId: row.created_by, jobs }
  const ctx: AuditContext = { actorId: run.actorId, requestId: `import:${run.id}`, ip: null }
  const embedded = await isEmbedded(db)
  let outcome: Outcome | null
  try {
    if (embedded) outcome = await db.transaction().execute((tx) => load(tx, tx, null, run, ctx))
    else outcome = await withClient(pool, (conn, client) => conn.transaction().execute((tx) => load(tx, db, client, run, ctx)))
  } catch (err) {
    if (err instanceof AlreadyRunning) return
    const failure = failureMessage(err)
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('import_run').set({
        status: 'failed', failure, finished_at: sql`now()`, inserted: 0, updated: 0, unchanged: 0, error_rows: 0,
      }).where('id', '=', run.id).execute()
      await audit(tx, ctx, { chamberId: run.chamberId, action: 'crm.import.failed', entity: 'import_run', entityId: run.id, after: { failure } })
    })
    return
  }
  // A large load changes the firm table's statistics at once; autovacuum would notice later, the
  // firm list's plans should not wait for it.
  if (!embedded && outcome && outcome.inserted + outcome.updated >= ANALYZE_AFTER) await sql`ANALYZE firm`.execute(db)
}

function failureMessage(err: unknown): string {
  const e = err as { message?: string; code?: string }
  // csv-parse errors say what and where ("Invalid Closing Quote ... at line 3"); SQL errors keep their text only.
  const text = e.code?.startsWith('CSV_') ? `the file is not a readable CSV: ${e.message}` : (e.message ?? String(err))
  return text.slice(0, 1000)
}

/** Everything that must land together, in `tx`; `side` reads the file and writes progress. */
async function load(tx: DbOrTx, side: DbOrTx, client: pg.Client | null, run: Run, ctx: AuditContext): Promise<Outcome> {
  // A job that expired (pg-boss took its worker for dead) while still loading may be run again: only one
  // worker loads a run; the lock goes with the transaction (or with a dead worker's session).
  const { rows: [lock] } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${IMPORT_LOCK}, ${run.id}::int) as ok`.execute(tx)
  if (!lock?.ok) throw new AlreadyRunning()
  await side.updateTable('import_run').set({ status: 'running', started_at: sql`now()`, processed_rows: 0, failure: null })
    .where('id', '=', run.id).execute()
  const ref = await loadReference(tx, run.chamberId)
  // The conflict checks sort the staging rows (window functions): in memory, not on disk.
  await sql`SET LOCAL work_mem = '128MB'`.execute(tx)
  await createStaging(tx)
  const size = await storedSize(side, run.id)
  if (size === 0) throw new Error('the file is empty')
  const { parser, estimatedRows, feeding } = await openCsv(side, run.id, size)
  if (side !== tx) await side.updateTable('import_run').set({ total_rows: estimatedRows }).where('id', '=', run.id).execute()
  const loader: StagingLoader = client ? copyLoader(client) : insertLoader(tx)
  // Where the time goes, kept in the audit entry: operators (and the benchmark) read it there.
  const started = Date.now()
  const timings: Record<string, number> = {}
  const lap = (name: string, from: number) => { timings[name] = Date.now() - from; return Date.now() }

  const errors: StoredError[] = []
  let errorRows = 0
  let records = 0
  let at: Record<ImportColumn, number> | null = null
  let lastProgress = Date.now()
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      records++
      if (!at) { at = headerIndex(record); continue }
      const rowNumber = records
      const r = checkRow(record, at, ref, rowNumber)
      if (r.ok) {
        const pending = loader.add(r.row)
        if (pending) await pending
      } else {
        errorRows++
        for (const e of r.errors as RowError[]) if (errors.length < MAX_STORED_ERRORS) errors.push({ row: rowNumber, ...e })
      }
      if (side !== tx && (records & 1023) === 0 && Date.now() - lastProgress > PROGRESS_EVERY_MS) {
        lastProgress = Date.now()
        await side.updateTable('import_run').set({ processed_rows: records - 1 }).where('id', '=', run.id).execute()
      }
    }
    await feeding
    await loader.finish()
  } catch (err) {
    parser.destroy()
    // A COPY cut short must be ended before the transaction can roll back on this client.
    await loader.finish().catch(() => {})
    throw err
  }
  if (!at) throw new Error('the file has no header line')
  const total = records - 1
  if (total === 0) throw new Error('the file has a header but no rows')

  let t = lap('parseCheckLoadMs', started)
  for (let i = 0; i < errors.length; i += 2000) {
    await tx.insertInto('import_error').values(errors.slice(i, i + 2000).map((e) => ({
      import_id: run.id, row_number: e.row, column_name: e.column, message: e.message,
    }))).execute()
  }
  errorRows += await rejectConflicts(tx, run.id, run.chamberId)
  t = lap('conflictsMs', t)
  const { inserted, updated } = await upsertFirms(tx, run)
  lap('upsertMs', t)
  const outcome: Outcome = { total, inserted, updated, unchanged: total - errorRows - inserted - updated, errorRows }
  if (inserted + updated > 0) await requestScan(tx, run.jobs, run.chamberId)
  await tx.updateTable('import_run').set({
    status: 'completed', total_rows: total, processed_rows: total, inserted, updated, unchanged: outcome.unchanged,
    error_rows: errorRows, finished_at: sql`now()`,
  }).where('id', '=', run.id).execute()
  await audit(tx, ctx, { chamberId: run.chamberId, action: 'crm.import.completed', entity: 'import_run', entityId: run.id, after: { ...outcome, timings } })
  return outcome
}
