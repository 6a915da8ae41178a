import type { PartnerMember } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, notFound } from '../../../core/errors.ts'
import { agreementNotEnded } from './agreement-sql.ts'
import { Service } from '../../../core/service.ts'

/** The chamber's partner users, each with the organisation it acts for (null: not linked yet). */
function memberQuery(db: DbOrTx, chamberId: number) {
  return db.selectFrom('role_assignment as ra')
    .innerJoin('app_user as u', 'u.id', 'ra.user_id')
    .leftJoin('partner_member as m', 'm.user_id', 'u.id')
    .leftJoin('partner as p', 'p.id', 'm.partner_id')
    .select(['u.id', 'u.email', 'u.name', 'u.status', 'm.partner_id', 'p.name as partner_name'])
    .where('ra.chamber_id', '=', chamberId).where('ra.role', '=', 'partner_user')
}
type MemberRow = Awaited<ReturnType<ReturnType<typeof memberQuery>['executeTakeFirstOrThrow']>>

const toMember = (r: MemberRow): PartnerMember => ({
  userId: r.id, email: r.email, name: r.name, status: r.status, partnerId: r.partner_id, partnerName: r.partner_name,
})

/** Links partner users to the organisation they act for: one organisation per user. */
export class MembersService extends Service<{ db: Db }> {
  async list(chamberId: number): Promise<PartnerMember[]> {
    return (await memberQuery(this.deps.db, chamberId).orderBy('u.name').orderBy('u.id').execute()).map(toMember)
  }

  /**
   * Links a partner user of the chamber to an organisation that has an agreement with the chamber
   * (in force or about to start). Linking again to the same organisation changes nothing; a user
   * already acting for another organisation must be unlinked first, so nobody switches sides silently.
   */
  async link(chamberId: number, userId: number, partnerId: number, ctx: AuditContext): Promise<PartnerMember> {
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await memberQuery(tx, chamberId).where('u.id', '=', userId).executeTakeFirst()
      if (!row) throw notFound('partner user')
      const agreement = await tx.selectFrom('partner_agreement as a').select('a.id')
        .where('a.partner_id', '=', partnerId).where('a.chamber_id', '=', chamberId).where(agreementNotEnded('a'))
        .executeTakeFirst()
      if (!agreement) {
        throw badRequest('the organisation has no agreement with this chamber', [{ path: '/partnerId', message: 'no agreement with this chamber' }])
      }
      if (row.partner_id === partnerId) return toMember(row)
      if (row.partner_id !== null) throw conflict(`this user already acts for ${row.partner_name}: unlink them first`)
      const inserted = await tx.insertInto('partner_member').values({ user_id: userId, partner_id: partnerId })
        .onConflict((oc) => oc.column('user_id').doNothing()).returning('user_id').executeTakeFirst()
      if (!inserted) throw conflict('this user was linked to an organisation meanwhile')
      const after = toMember((await memberQuery(tx, chamberId).where('u.id', '=', userId).executeTakeFirst())!)
      await audit(tx, ctx, { chamberId, action: 'crm.partner_member.linked', entity: 'user', entityId: userId, after })
      return after
    })
  }

  async unlink(chamberId: number, userId: number, ctx: AuditContext): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const row = await memberQuery(tx, chamberId).where('u.id', '=', userId).executeTakeFirst()
      if (!row) throw notFound('partner user')
      const removed = await tx.deleteFrom('partner_member').where('user_id', '=', userId).returning('partner_id').executeTakeFirst()
      if (!removed) throw notFound('link to an organisation')
      await audit(tx, ctx, { chamberId, action: 'crm.partner_member.unlinked', entity: 'user', entityId: userId, before: toMember(row) })
    })
  }
}
