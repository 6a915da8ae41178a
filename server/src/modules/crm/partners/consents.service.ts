import { sql } from 'kysely'
import type { CreateFirmPartnerConsentBody, FirmPartnerConsent } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, notFound } from '../../../core/errors.ts'
import type { FirmAccess } from '../access.ts'
import { staffOnly } from './staff-only.ts'
import { visibleFirm } from '../access.ts'
import { Service } from '../../../core/service.ts'

function consentQuery(db: DbOrTx, firmId: number) {
  return db.selectFrom('firm_partner_consent as c').innerJoin('partner as p', 'p.id', 'c.partner_id')
    .select(['c.firm_id', 'c.partner_id', 'p.name', 'c.source', 'c.granted_at', 'c.withdrawn_at'])
    .where('c.firm_id', '=', firmId)
}
type ConsentRow = Awaited<ReturnType<ReturnType<typeof consentQuery>['executeTakeFirstOrThrow']>>

const toConsent = (r: ConsentRow): FirmPartnerConsent => ({
  firmId: r.firm_id, partnerId: r.partner_id, partnerName: r.name, source: r.source, grantedAt: r.granted_at.toISOString(),
  withdrawnAt: r.withdrawn_at ? r.withdrawn_at.toISOString() : null, active: r.withdrawn_at === null,
})

/**
 * A firm's consent that a partner organisation sees its record (besides the firms the partner
 * registered or was referred). The chamber's staff record and withdraw it as the firm tells them.
 */
export class ConsentsService extends Service<{ db: Db }> {
  /** The firm's consents; a partner user sees only whether its own organisation has one. */
  async list(access: FirmAccess, firmId: number): Promise<FirmPartnerConsent[]> {
    await visibleFirm(this.deps.db, access, firmId)
    let q = consentQuery(this.deps.db, firmId).orderBy('p.name')
    if (access.partnerId !== null) q = q.where('c.partner_id', '=', access.partnerId)
    return (await q.execute()).map(toConsent)
  }

  /** Grants (or grants again, after a withdrawal) the consent: 409 while one is in force. */
  async grant(access: FirmAccess, firmId: number, body: CreateFirmPartnerConsentBody, ctx: AuditContext): Promise<FirmPartnerConsent> {
    return this.deps.db.transaction().execute(async (tx) => {
      await visibleFirm(tx, access, firmId)
      staffOnly(access, 'record a firm\'s consent')
      const partner = await tx.selectFrom('partner').select('id').where('id', '=', body.partnerId).executeTakeFirst()
      if (!partner) throw badRequest('no such partner', [{ path: '/partnerId', message: 'no such partner' }])
      const saved = await tx.insertInto('firm_partner_consent')
        .values({ firm_id: firmId, partner_id: body.partnerId, source: body.source })
        .onConflict((oc) => oc.columns(['firm_id', 'partner_id'])
          .doUpdateSet({ source: body.source, granted_at: sql`now()`, withdrawn_at: null })
          .where('firm_partner_consent.withdrawn_at', 'is not', null))
        .returning('firm_id').executeTakeFirst()
      if (!saved) throw conflict('the firm\'s consent for this partner is already in force')
      const consent = toConsent(await consentQuery(tx, firmId).where('c.partner_id', '=', body.partnerId).executeTakeFirstOrThrow())
      await audit(tx, ctx, { chamberId: access.chamberId, action: 'crm.partner_consent.granted', entity: 'firm', entityId: firmId, after: consent })
      return consent
    })
  }

  async withdraw(access: FirmAccess, firmId: number, partnerId: number, ctx: AuditContext): Promise<FirmPartnerConsent> {
    return this.deps.db.transaction().execute(async (tx) => {
      await visibleFirm(tx, access, firmId)
      staffOnly(access, 'record a firm\'s consent')
      const withdrawn = await tx.updateTable('firm_partner_consent').set({ withdrawn_at: sql`now()` })
        .where('firm_id', '=', firmId).where('partner_id', '=', partnerId).where('withdrawn_at', 'is', null)
        .returning('firm_id').executeTakeFirst()
      if (!withdrawn) {
        const exists = await consentQuery(tx, firmId).where('c.partner_id', '=', partnerId).executeTakeFirst()
        if (!exists) throw notFound('consent')
        throw conflict('the consent has already been withdrawn')
      }
      const consent = toConsent(await consentQuery(tx, firmId).where('c.partner_id', '=', partnerId).executeTakeFirstOrThrow())
      await audit(tx, ctx, { chamberId: access.chamberId, action: 'crm.partner_consent.withdrawn', entity: 'firm', entityId: firmId, after: consent })
      return consent
    })
  }
}
