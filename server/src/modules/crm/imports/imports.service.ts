import { safeCsv } from '../../../core/spreadsheet.ts'
import type { Selectable } from 'kysely'
import type { ImportRun } from '@pid/shared'
import type { Db } from '../../../db/database.ts'
import type { ImportRunTable } from '../tables.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, notFound } from '../../../core/errors.ts'
import type { JobQueue } from '../../../core/jobs.ts'
import { Service } from '../../../core/service.ts'

export const IMPORT_JOB = 'crm.import'
/** An upload is stored in parts of this size (migration 0014). */
export const FILE_PART_BYTES = 4 * 1024 * 1024

function toRun(r: Selectable<ImportRunTable>): ImportRun {
  return {
    id: r.id, chamberId: r.chamber_id, fileName: r.file_name, status: r.status as ImportRun['status'],
    totalRows: r.total_rows, processedRows: r.processed_rows, inserted: r.inserted, updated: r.updated,
    unchanged: r.unchanged, errorRows: r.error_rows, failure: r.failure, createdBy: r.created_by,
    createdAt: r.created_at.toISOString(), startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
  }
}

/** Register imports of a chamber: upload (stored, queued), runs and their error reports. */
export class ImportsService extends Service<{ db: Db; jobs: JobQueue }> {
  /** Stores the file, creates the queued run and its job in one transaction: no run without its job. */
  async create(chamberId: number, fileName: string, content: Buffer, ctx: AuditContext): Promise<ImportRun> {
    if (content.length === 0) throw badRequest('the file is empty', [{ path: '/body', message: 'empty' }])
    return this.deps.db.transaction().execute(async (tx) => {
      const run = await tx.insertInto('import_run')
        .values({ chamber_id: chamberId, file_name: fileName, created_by: ctx.actorId })
        .returningAll().executeTakeFirstOrThrow()
      // In parts (migration 0014): subarray() shares the upload's memory, nothing is copied here.
      for (let part = 0; part * FILE_PART_BYTES < content.length; part++) {
        await tx.insertInto('import_file')
          .values({ import_id: run.id, part, content: content.subarray(part * FILE_PART_BYTES, (part + 1) * FILE_PART_BYTES) }).execute()
      }
      await this.deps.jobs.enqueue(tx, IMPORT_JOB, { importId: run.id })
      await audit(tx, ctx, { chamberId, action: 'crm.import.queued', entity: 'import_run', entityId: run.id, after: { fileName, bytes: content.length } })
      return toRun(run)
    })
  }

  async list(chamberId: number, limit: number): Promise<ImportRun[]> {
    const rows = await this.deps.db.selectFrom('import_run').selectAll().where('chamber_id', '=', chamberId)
      .orderBy('id', 'desc').limit(limit).execute()
    return rows.map(toRun)
  }

  async get(chamberId: number, importId: number): Promise<ImportRun> {
    const row = await this.deps.db.selectFrom('import_run').selectAll()
      .where('id', '=', importId).where('chamber_id', '=', chamberId).executeTakeFirst()
    if (!row) throw notFound('import')
    return toRun(row)
  }

  /** The run's row errors as CSV (riga, colonna, messaggio), in file order. */
  async errorsCsv(chamberId: number, importId: number): Promise<Buffer> {
    await this.get(chamberId, importId)
    const rows = await this.deps.db.selectFrom('import_error').select(['row_number', 'column_name', 'message'])
      .where('import_id', '=', importId).orderBy('row_number').orderBy('column_name').execute()
    // A BOM so that Excel (the staff's usual reader) opens it as UTF-8.
    return Buffer.from(`\uFEFF${safeCsv(rows.map((r) => [r.row_number, r.column_name ?? '', r.message]), { header: true, columns: ['riga', 'colonna', 'messaggio'] })}`)
  }
}
