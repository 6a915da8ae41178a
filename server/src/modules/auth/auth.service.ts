import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Me, Session } from '@pid/shared'
import type { Db, DbOrTx } from '../../db/database.ts'
import type { Config } from '../../config.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { HttpError } from '../../core/errors.ts'
import { loadGrants } from '../../core/auth/grants.ts'
import { hashPassword, verifyPassword } from '../../core/auth/passwords.ts'
import { hashToken, newOpaqueToken } from '../../core/auth/tokens.ts'
import type { SessionCheck } from '../../core/auth/sessions.ts'
import { Service } from '../../core/service.ts'

export interface IssuedSession {
  session: Session
  refreshToken: string
}

type Sign = (userId: number, grants: Me['grants'], sessionId: string) => string

const invalidCredentials = () => new HttpError(401, 'invalid_credentials', 'email or password is not correct')

export class AuthService extends Service<{ db: Db; config: Config; sign: Sign; sessions: SessionCheck }> {
  async me(userId: number): Promise<Me> {
    const user = await this.deps.db.selectFrom('app_user').select(['id', 'email', 'name', 'locale'])
      .where('id', '=', userId).where('status', '=', 'active').executeTakeFirst()
    if (!user) throw new HttpError(401, 'unauthorized', 'the account is no longer active')
    const { grants, roles } = await loadGrants(this.deps.db, userId)
    return { ...user, roles, grants }
  }

  async login(email: string, password: string, ctx: AuditContext, userAgent: string | null): Promise<IssuedSession> {
    const user = await this.deps.db.selectFrom('app_user')
      .select(['id', 'password_hash', 'status', 'locked_until'])
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst()
    const now = new Date()
    if (user?.locked_until && user.locked_until > now) {
      await audit(this.deps.db, ctx, { chamberId: null, action: 'auth.login_locked', entity: 'user', entityId: user.id })
      throw new HttpError(423, 'account_locked', 'too many failed attempts: the account is locked for a while')
    }
    const ok = await verifyPassword(user?.password_hash ?? null, password)
    if (!user || !ok || user.status !== 'active') {
      await this.recordFailure(user?.id ?? null, email, ctx)
      throw invalidCredentials()
    }
    return this.deps.db.transaction().execute(async (tx) => {
      await tx.updateTable('app_user')
        .set({ failed_logins: 0, locked_until: null, last_login_at: sql`now()` })
        .where('id', '=', user.id).execute()
      await audit(tx, { ...ctx, actorId: user.id }, { chamberId: null, action: 'auth.login', entity: 'user', entityId: user.id })
      return this.issue(tx, user.id, randomUUID(), userAgent)
    })
  }

  /** Counts a failure; the n-th consecutive one locks the account for a while. */
  private async recordFailure(userId: number | null, email: string, ctx: AuditContext): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      let locked = false
      if (userId !== null) {
        const row = await tx.updateTable('app_user')
          .set({ failed_logins: sql`failed_logins + 1` })
          .where('id', '=', userId)
          .returning('failed_logins')
          .executeTakeFirstOrThrow()
        if (row.failed_logins >= this.deps.config.loginMaxFailures) {
          locked = true
          await tx.updateTable('app_user')
            .set({ failed_logins: 0, locked_until: sql`now() + make_interval(mins => ${this.deps.config.loginLockMinutes})` })
            .where('id', '=', userId).execute()
        }
      }
      await audit(tx, ctx, {
        chamberId: null, action: locked ? 'auth.account_locked' : 'auth.login_failed', entity: 'user',
        entityId: userId, after: { email: email.toLowerCase().slice(0, 254) },
      })
    })
  }

  /**
   * Rotates a refresh token. A token that was already rotated or revoked is being replayed:
   * the whole family (every token descended from that login) is revoked.
   */
  async refresh(token: string | undefined, ctx: AuditContext, userAgent: string | null): Promise<IssuedSession> {
    if (!token) throw new HttpError(401, 'unauthorized', 'no session: sign in')
    const row = await this.deps.db.selectFrom('refresh_token as t')
      .innerJoin('app_user as u', 'u.id', 't.user_id')
      .select(['t.id', 't.user_id', 't.family_id', 't.expires_at', 't.rotated_at', 't.revoked_at', 'u.status'])
      .where('t.token_hash', '=', hashToken(token))
      .executeTakeFirst()
    if (!row) throw new HttpError(401, 'unauthorized', 'the session is not valid: sign in')
    if (row.revoked_at) throw new HttpError(401, 'unauthorized', 'the session has ended: sign in')
    if (row.rotated_at) {
      await this.deps.db.transaction().execute(async (tx) => {
        await tx.updateTable('refresh_token').set({ revoked_at: sql`now()` })
          .where('family_id', '=', row.family_id).where('revoked_at', 'is', null).execute()
        await audit(tx, { ...ctx, actorId: row.user_id }, { chamberId: null, action: 'auth.refresh_reused', entity: 'user', entityId: row.user_id })
      })
      this.deps.sessions.endUser(row.user_id)
      throw new HttpError(401, 'token_reused', 'this session was already used elsewhere: sign in again')
    }
    if (row.expires_at <= new Date() || row.status !== 'active') {
      throw new HttpError(401, 'unauthorized', 'the session has expired: sign in')
    }
    return this.deps.db.transaction().execute(async (tx) => {
      // The conditional update makes two concurrent refreshes of one token count as a reuse.
      const rotated = await tx.updateTable('refresh_token').set({ rotated_at: sql`now()` })
        .where('id', '=', row.id).where('rotated_at', 'is', null).where('revoked_at', 'is', null)
        .executeTakeFirst()
      if (Number(rotated.numUpdatedRows) !== 1) throw new HttpError(401, 'token_reused', 'this session was already used: sign in again')
      await audit(tx, { ...ctx, actorId: row.user_id }, { chamberId: null, action: 'auth.refresh', entity: 'user', entityId: row.user_id })
      return this.issue(tx, row.user_id, row.family_id, userAgent)
    })
  }

  async logout(token: string | undefined, ctx: AuditContext): Promise<void> {
    if (!token) return
    const userId = await this.deps.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('refresh_token').select(['user_id', 'family_id'])
        .where('token_hash', '=', hashToken(token)).executeTakeFirst()
      if (!row) return null
      await tx.updateTable('refresh_token').set({ revoked_at: sql`now()` })
        .where('family_id', '=', row.family_id).where('revoked_at', 'is', null).execute()
      await audit(tx, { ...ctx, actorId: row.user_id }, { chamberId: null, action: 'auth.logout', entity: 'user', entityId: row.user_id })
      return row.user_id
    })
    if (userId !== null) this.deps.sessions.endUser(userId)
  }

  /** Changes the password, ends every session of the user and opens a new one for this client. */
  async changePassword(userId: number, current: string, next: string, ctx: AuditContext, userAgent: string | null): Promise<IssuedSession> {
    const user = await this.deps.db.selectFrom('app_user').select('password_hash').where('id', '=', userId).executeTakeFirst()
    if (!user || !(await verifyPassword(user.password_hash, current))) {
      await audit(this.deps.db, ctx, { chamberId: null, action: 'auth.password_change_failed', entity: 'user', entityId: userId })
      throw invalidCredentials()
    }
    const hashed = await hashPassword(next)
    const issued = await this.deps.db.transaction().execute(async (tx) => {
      await tx.updateTable('app_user').set({ password_hash: hashed, password_changed_at: sql`now()`, updated_at: sql`now()` })
        .where('id', '=', userId).execute()
      await tx.updateTable('refresh_token').set({ revoked_at: sql`now()` })
        .where('user_id', '=', userId).where('revoked_at', 'is', null).execute()
      await audit(tx, ctx, { chamberId: null, action: 'auth.password_changed', entity: 'user', entityId: userId })
      return this.issue(tx, userId, randomUUID(), userAgent)
    })
    this.deps.sessions.endUser(userId)
    return issued
  }

  async acceptInvitation(token: string, password: string, ctx: AuditContext): Promise<void> {
    const hashed = await hashPassword(password)
    await this.deps.db.transaction().execute(async (tx) => {
      const inv = await tx.updateTable('invitation').set({ accepted_at: sql`now()` })
        .where('token_hash', '=', hashToken(token)).where('accepted_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .returning(['user_id', 'chamber_id'])
        .executeTakeFirst()
      if (!inv) throw new HttpError(404, 'not_found', 'the invitation is not valid or has expired')
      const user = await tx.updateTable('app_user')
        .set({ password_hash: hashed, status: 'active', password_changed_at: sql`now()`, updated_at: sql`now()` })
        .where('id', '=', inv.user_id).where('status', '!=', 'disabled')
        .returning('id').executeTakeFirst()
      if (!user) throw new HttpError(404, 'not_found', 'the invitation is not valid or has expired')
      await audit(tx, { ...ctx, actorId: inv.user_id }, { chamberId: inv.chamber_id, action: 'auth.invitation_accepted', entity: 'user', entityId: inv.user_id })
    })
  }

  private async issue(db: DbOrTx, userId: number, familyId: string, userAgent: string | null): Promise<IssuedSession> {
    const { token, hash } = newOpaqueToken()
    await db.insertInto('refresh_token').values({
      user_id: userId, family_id: familyId, token_hash: hash, user_agent: userAgent?.slice(0, 300) ?? null,
      expires_at: new Date(Date.now() + this.deps.config.refreshTokenTtlDays * 86_400_000),
    }).execute()
    const user = await db.selectFrom('app_user').select(['id', 'email', 'name', 'locale']).where('id', '=', userId).executeTakeFirstOrThrow()
    const { grants, roles } = await loadGrants(db, userId)
    return {
      session: { accessToken: this.deps.sign(userId, grants, familyId), expiresIn: this.deps.config.accessTokenTtl, user: { ...user, roles, grants } },
      refreshToken: token,
    }
  }
}
