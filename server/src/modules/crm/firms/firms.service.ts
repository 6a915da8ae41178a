import { sql, type Insertable } from 'kysely'
import type { CreateFirmBody, Firm, UpdateFirmBody } from '@pid/shared'
import type { Db } from '../../../db/database.ts'
import type { FirmTable } from '../tables.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { forbidden, notFound } from '../../../core/errors.ts'
import type { CrmService } from '../crm.service.ts'
import { visibleFirms, type FirmAccess } from '../access.ts'
import { firmColumns } from './firm-rules.ts'
import { loadFirm } from './firm-rows.ts'
import { atVersion, preconditionFailed, versionOf, type Version } from '../../../core/etag.ts'
import { requestScan } from '../imports/duplicate-scan.ts'
import type { JobQueue } from '../../../core/jobs.ts'
import { Service } from '../../../core/service.ts'

/** Registering and editing firms: every write validated, audited, and (registration) on the timeline. */
export class FirmsService extends Service<{ db: Db; crm: CrmService; jobs: JobQueue }> {
  async create(access: FirmAccess, body: CreateFirmBody, ctx: AuditContext): Promise<Firm> {
    return this.deps.db.transaction().execute(async (tx) => {
      const columns = await firmColumns(tx, access.chamberId, body, undefined)
      const { id } = await tx.insertInto('firm').values({
        ...(columns as Insertable<FirmTable>),
        chamber_id: access.chamberId,
        // A partner's user registers firms for its organisation: that is what lets it see them later.
        registered_by_partner_id: access.partnerId,
      }).returning('id').executeTakeFirstOrThrow()
      await this.deps.crm.recordEvent(tx, ctx, {
        firmId: id, type: 'registry_update', summary: 'Impresa registrata',
        ...(access.partnerId !== null ? { partnerId: access.partnerId } : {}),
      })
      const firm = await loadFirm(tx, access, id)
      // A firm registered by hand is the classic duplicate of one already in the register.
      await requestScan(tx, this.deps.jobs, access.chamberId)
      await audit(tx, ctx, { chamberId: access.chamberId, action: 'crm.firm.created', entity: 'firm', entityId: id, after: firm })
      return firm
    })
  }

  /** `expected`: the versions If-Match named (null: unconditional); a firm at another version is a 412 and nothing is written. */
  async update(access: FirmAccess, firmId: number, body: UpdateFirmBody, ctx: AuditContext,
    expected: Version[] | null = null): Promise<{ body: Firm; version: Version }> {
    // Assignment is the chamber's work planning: a partner's user may correct data, not assign staff.
    if (access.partnerId !== null && body.assignedTo !== undefined) throw forbidden('partner users cannot assign firms to staff')
    return this.deps.db.transaction().execute(async (tx) => {
      const current = await tx.selectFrom('firm as f').where(visibleFirms(access)).where('f.id', '=', firmId)
        .selectAll('f').forUpdate().executeTakeFirst()
      if (!current) throw notFound('firm')
      const before = await loadFirm(tx, access, firmId)
      const columns = await firmColumns(tx, access.chamberId, body, current)
      const updated = await tx.updateTable('firm').set({ ...columns, updated_at: sql`now()` }).where('id', '=', firmId)
        .$if(expected !== null, (q) => q.where(atVersion('updated_at', expected!)))
        .returning(versionOf('updated_at').as('version')).executeTakeFirst()
      if (!updated) throw preconditionFailed()
      const after = await loadFirm(tx, access, firmId)
      const changed = (Object.keys(after) as (keyof Firm)[])
        .filter((k) => k !== 'updatedAt' && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      await audit(tx, ctx, {
        chamberId: access.chamberId, action: 'crm.firm.updated', entity: 'firm', entityId: firmId,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      })
      return { body: after, version: updated.version }
    })
  }
}
