import { sql } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import { notFound } from '../../core/errors.ts'
import type { CrmService, FirmAccess } from '../crm/index.ts'

/**
 * Row-level scope of assessments: those of the chamber of the path; for a partner user, only those
 * of firms its organisation is related to (the CRM's rule, crm/access.ts). Anything else is 404.
 */
export function assessmentScope(db: DbOrTx, crm: CrmService, access: FirmAccess) {
  return (q: ReturnType<typeof base>) => {
    const scoped = q.where('a.chamber_id', '=', access.chamberId)
    return access.partnerId === null ? scoped : scoped.where('a.firm_id', 'in', crm.visibleFirmIds(db, access))
  }
}

const base = (db: DbOrTx) => db.selectFrom('assessment as a')

export async function assessmentIn(db: DbOrTx, crm: CrmService, access: FirmAccess, id: number,
  opts: { submitted?: boolean; forUpdate?: boolean } = {}) {
  let q = assessmentScope(db, crm, access)(base(db)).selectAll('a').where('a.id', '=', id)
  if (opts.submitted) q = q.where('a.status', '=', 'submitted')
  if (opts.forUpdate) q = q.forUpdate()
  const row = await q.executeTakeFirst()
  if (!row) throw notFound(opts.submitted ? 'submitted assessment' : 'assessment')
  return row
}

/** Keyset cursor over id (newest first). */
export const encodeCursor = (id: number) => Buffer.from(String(id)).toString('base64url')
export const decodeCursor = (c: string | undefined): number | null => {
  if (!c) return null
  const n = Number(Buffer.from(c, 'base64url').toString())
  return Number.isSafeInteger(n) && n > 0 ? n : null
}
export const reviewed = sql<boolean>`exists (select 1 from assessment_review r where r.assessment_id = a.id)`
