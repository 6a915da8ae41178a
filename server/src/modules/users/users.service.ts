import { sql } from 'kysely'
import { CHAMBER_ROLES, type ChamberUser, type InviteBody, type Role, type UpdateChamberUserBody } from '@pid/shared'
import type { Db, DbOrTx } from '../../db/database.ts'
import type { Mailer } from '../../core/mail.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { badRequest, conflict, notFound } from '../../core/errors.ts'
import { newOpaqueToken } from '../../core/auth/tokens.ts'
import { Service } from '../../core/service.ts'

const INVITATION_DAYS = 7
const isChamberRole = (r: Role) => (CHAMBER_ROLES as readonly Role[]).includes(r)

export async function listChamberUsers(db: DbOrTx, chamberId: number, userId?: number): Promise<ChamberUser[]> {
  let q = db.selectFrom('app_user as u')
    .innerJoin('role_assignment as ra', 'ra.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.name', 'u.status', 'u.last_login_at',
      sql<Role[]>`array_agg(ra.role order by ra.role)`.as('roles')])
    .where('ra.chamber_id', '=', chamberId)
    .groupBy('u.id')
    .orderBy('u.name')
  if (userId !== undefined) q = q.where('u.id', '=', userId)
  const rows = await q.execute()
  return rows.map((r) => ({
    id: r.id, email: r.email, name: r.name, status: r.status, roles: r.roles,
    lastLoginAt: r.last_login_at ? r.last_login_at.toISOString() : null,
  }))
}

/** The digital leader's administration of the chamber's users. */
export class UsersService extends Service<{ db: Db; mailer: Mailer; publicUrl: string }> {
  /**
   * Invites someone into the chamber with a role. A new person gets an account to activate through
   * a link valid for a week; someone who already has an account simply gains the role.
   */
  async invite(chamberId: number, body: InviteBody, ctx: AuditContext): Promise<ChamberUser> {
    if (!isChamberRole(body.role)) throw badRequest('this role is not held in a chamber', [{ path: '/role', message: 'not a chamber role' }])
    return this.deps.db.transaction().execute(async (tx) => {
      const chamber = await tx.selectFrom('chamber').select(['name', 'merged_into_id']).where('id', '=', chamberId).executeTakeFirst()
      if (!chamber) throw notFound('chamber')
      if (chamber.merged_into_id !== null) throw conflict('this chamber has merged into another: invite people there')
      let user = await tx.selectFrom('app_user').select(['id', 'status'])
        .where(sql`lower(email)`, '=', body.email.toLowerCase()).executeTakeFirst()
      if (user) {
        const member = await tx.selectFrom('role_assignment').select('id')
          .where('user_id', '=', user.id).where('chamber_id', '=', chamberId).executeTakeFirst()
        if (member) throw conflict('this person is already a user of the chamber')
      } else {
        user = await tx.insertInto('app_user')
          .values({ email: body.email, name: body.name, locale: body.locale ?? 'it', status: 'invited' })
          .returning(['id', 'status']).executeTakeFirstOrThrow()
      }
      await tx.insertInto('role_assignment').values({ user_id: user.id, role: body.role, chamber_id: chamberId }).execute()
      const link = await this.mailFor(tx, user, chamberId, chamber.name, body, ctx)
      const [created] = await listChamberUsers(tx, chamberId, user.id)
      await audit(tx, ctx, { chamberId, action: 'user.invited', entity: 'user', entityId: user.id, after: { ...created, link: link ? '(sent by mail)' : null } })
      return created!
    })
  }

  private async mailFor(tx: DbOrTx, user: { id: number; status: string }, chamberId: number, chamberName: string,
    body: InviteBody, ctx: AuditContext): Promise<boolean> {
    if (user.status === 'active') {
      await this.deps.mailer.queue(tx, {
        chamberId, to: body.email, subject: `Nuovo ruolo presso ${chamberName}`,
        text: `Gentile ${body.name},\n\nle è stato assegnato un nuovo ruolo presso ${chamberName} sulla piattaforma Punto Impresa Digitale.\nAcceda con le sue credenziali: ${this.deps.publicUrl}/login\n`,
      })
      return false
    }
    const { token, hash } = newOpaqueToken()
    await tx.insertInto('invitation').values({
      user_id: user.id, chamber_id: chamberId, token_hash: hash, created_by: ctx.actorId,
      expires_at: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    }).execute()
    await this.deps.mailer.queue(tx, {
      chamberId, to: body.email, subject: `Invito alla piattaforma Punto Impresa Digitale - ${chamberName}`,
      // Every chamber's name starts with 'Camera': the sentence needs its article.
      text: `Gentile ${body.name},\n\nla ${chamberName} la invita a usare la piattaforma Punto Impresa Digitale.\n` +
        `Per attivare il suo account e scegliere la password apra questo collegamento entro ${INVITATION_DAYS} giorni:\n` +
        `${this.deps.publicUrl}/invito?token=${token}\n\nSe non attendeva questo messaggio, lo ignori.\n`,
    })
    return true
  }

  async update(chamberId: number, userId: number, body: UpdateChamberUserBody, ctx: AuditContext): Promise<ChamberUser | null> {
    if (body.roles?.some((r) => !isChamberRole(r))) {
      throw badRequest('only chamber roles can be given here', [{ path: '/roles', message: 'not a chamber role' }])
    }
    if (userId === ctx.actorId && body.status === 'disabled') {
      throw badRequest('you cannot disable your own account', [{ path: '/status', message: 'own account' }])
    }
    return this.deps.db.transaction().execute(async (tx) => {
      const [before] = await listChamberUsers(tx, chamberId, userId)
      if (!before) throw notFound('user')
      if (body.status) {
        const elsewhere = await tx.selectFrom('role_assignment').select('id').where('user_id', '=', userId)
          .where((w) => w.or([w('chamber_id', 'is', null), w('chamber_id', '!=', chamberId)])).executeTakeFirst()
        if (elsewhere) throw conflict('this person also works for other chambers: change their roles here instead')
        if (before.status === 'invited' && body.status === 'active') throw conflict('an invited user becomes active by accepting the invitation')
        await tx.updateTable('app_user').set({ status: body.status, updated_at: sql`now()` }).where('id', '=', userId).execute()
        if (body.status === 'disabled') {
          await tx.updateTable('refresh_token').set({ revoked_at: sql`now()` }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute()
        }
      }
      if (body.roles) {
        await tx.deleteFrom('role_assignment').where('user_id', '=', userId).where('chamber_id', '=', chamberId).execute()
        if (body.roles.length) {
          await tx.insertInto('role_assignment').values(body.roles.map((role) => ({ user_id: userId, role, chamber_id: chamberId }))).execute()
        }
      }
      const [after] = await listChamberUsers(tx, chamberId, userId)
      await audit(tx, ctx, { chamberId, action: 'user.updated', entity: 'user', entityId: userId, before, after: after ?? null })
      return after ?? null
    })
  }
}
