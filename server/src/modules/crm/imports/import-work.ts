import { sql } from 'kysely'
import type { Db } from '../../../db/database.ts'
import type { WorkSources } from '../../../core/work.ts'

const finishedThisWeek = (db: Db, chamberId: number, status: 'completed' | 'failed') => db.selectFrom('import_run')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('chamber_id', '=', chamberId).where('status', '=', status)
  .where('finished_at', '>', sql<Date>`now() - interval '7 days'`)

/** Register imports that ended in the last week: the ones to look at, and the ones to redo. */
export function registerImportWork(work: WorkSources): void {
  for (const [kind, status] of [['imports_finished', 'completed'], ['imports_failed', 'failed']] as const) {
    work.register({
      kind, action: 'crm.firms.import', route: 'imports',
      count: async (db, chamberId) => Number((await finishedThisWeek(db, chamberId, status).executeTakeFirstOrThrow()).n),
    })
  }
}
