import { sql } from 'kysely'
import type { CreatePartnerAgreementBody, PartnerAgreement, PartnerAgreementQuery, UpdatePartnerAgreementBody } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, notFound } from '../../../core/errors.ts'
import { agreementInForce } from './agreement-sql.ts'
import { Service } from '../../../core/service.ts'

function agreementQuery(db: DbOrTx, chamberId: number) {
  return db.selectFrom('partner_agreement as a').innerJoin('partner as p', 'p.id', 'a.partner_id')
    .select(['a.id', 'a.partner_id', 'p.name as partner_name', 'a.chamber_id', 'a.title', 'a.signed_on', 'a.valid_from',
      'a.valid_to', 'a.notes', 'a.created_at', agreementInForce('a').as('in_force')])
    .where('a.chamber_id', '=', chamberId)
}
type AgreementRow = Awaited<ReturnType<ReturnType<typeof agreementQuery>['executeTakeFirstOrThrow']>>

const toAgreement = (r: AgreementRow): PartnerAgreement => ({
  id: r.id, partnerId: r.partner_id, partnerName: r.partner_name, chamberId: r.chamber_id, title: r.title,
  signedOn: r.signed_on, validFrom: r.valid_from, validTo: r.valid_to, notes: r.notes, inForce: Boolean(r.in_force),
  createdAt: r.created_at.toISOString(),
})

/** validTo before validFrom is a 400 on /validTo (the table's CHECK would otherwise make it a 500). */
function checkRange(validFrom: string, validTo: string | null): void {
  if (validTo !== null && validTo < validFrom) {
    throw badRequest('the agreement ends before it starts', [{ path: '/validTo', message: 'must not be before validFrom' }])
  }
}

/** Agreements (convenzioni) between partner organisations and a chamber. */
export class AgreementsService extends Service<{ db: Db }> {
  async list(chamberId: number, query: PartnerAgreementQuery): Promise<PartnerAgreement[]> {
    let q = agreementQuery(this.deps.db, chamberId).orderBy('a.valid_from', 'desc').orderBy('a.id', 'desc')
    if (query.partnerId !== undefined) q = q.where('a.partner_id', '=', query.partnerId)
    if (query.inForce !== undefined) q = q.where(query.inForce ? agreementInForce('a') : sql<boolean>`not ${agreementInForce('a')}`)
    return (await q.execute()).map(toAgreement)
  }

  async create(chamberId: number, body: CreatePartnerAgreementBody, ctx: AuditContext): Promise<PartnerAgreement> {
    checkRange(body.validFrom, body.validTo ?? null)
    return this.deps.db.transaction().execute(async (tx) => {
      const chamber = await tx.selectFrom('chamber').select('merged_into_id').where('id', '=', chamberId).executeTakeFirst()
      if (!chamber) throw notFound('chamber')
      if (chamber.merged_into_id !== null) throw conflict('this chamber has merged into another: sign agreements there')
      const partner = await tx.selectFrom('partner').select('id').where('id', '=', body.partnerId).executeTakeFirst()
      if (!partner) throw badRequest('no such partner', [{ path: '/partnerId', message: 'no such partner' }])
      const { id } = await tx.insertInto('partner_agreement').values({
        partner_id: body.partnerId, chamber_id: chamberId, title: body.title, signed_on: body.signedOn,
        valid_from: body.validFrom, valid_to: body.validTo ?? null, notes: body.notes ?? null, created_by: ctx.actorId,
      }).returning('id').executeTakeFirstOrThrow()
      const created = toAgreement(await agreementQuery(tx, chamberId).where('a.id', '=', id).executeTakeFirstOrThrow())
      await audit(tx, ctx, { chamberId, action: 'crm.partner_agreement.created', entity: 'partner_agreement', entityId: id, after: created })
      return created
    })
  }

  /** Amends an agreement, e.g. ends it by setting validTo. */
  async update(chamberId: number, agreementId: number, body: UpdatePartnerAgreementBody, ctx: AuditContext): Promise<PartnerAgreement> {
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await agreementQuery(tx, chamberId).where('a.id', '=', agreementId).forUpdate('a').executeTakeFirst()
      if (!row) throw notFound('agreement')
      const before = toAgreement(row)
      checkRange(body.validFrom ?? before.validFrom, body.validTo !== undefined ? body.validTo : before.validTo)
      await tx.updateTable('partner_agreement').set({
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.signedOn !== undefined ? { signed_on: body.signedOn } : {}),
        ...(body.validFrom !== undefined ? { valid_from: body.validFrom } : {}),
        ...(body.validTo !== undefined ? { valid_to: body.validTo } : {}),
        ...(body.notes !== undefined ? { notes: body.notes } : {}),
      }).where('id', '=', agreementId).execute()
      const after = toAgreement(await agreementQuery(tx, chamberId).where('a.id', '=', agreementId).executeTakeFirstOrThrow())
      await audit(tx, ctx, { chamberId, action: 'crm.partner_agreement.updated', entity: 'partner_agreement', entityId: agreementId, before, after })
      return after
    })
  }
}
