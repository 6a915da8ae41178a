import type pg from 'pg'

/** How long an open session is taken as still open before the database is asked again. */
export const SESSION_RECHECK_MS = 2000
const MAX_REMEMBERED = 10_000

/**
 * Whether an access token's session is still open and its user active: a logout, a password change
 * or a disabled account ends access before the token's 15 minutes are over. Every staff request
 * asks. An open session is remembered for SESSION_RECHECK_MS, so a busy user costs one query every
 * two seconds instead of one per request (the read path's bench bar is 50% of a bare server, and a
 * second query per request is most of that). Sessions ended in this process are forgotten at once
 * (`endUser`); another instance sees the end within SESSION_RECHECK_MS.
 */
export class SessionCheck {
  private readonly open = new Map<string, { userId: number; until: number }>()
  private readonly pool: pg.Pool

  constructor(pool: pg.Pool) {
    this.pool = pool
  }

  async isOpen(sessionId: string, userId: number): Promise<boolean> {
    const now = Date.now()
    const known = this.open.get(sessionId)
    if (known && known.userId === userId && known.until > now) return true
    // A named statement, parsed once per connection.
    const { rowCount } = await this.pool.query({
      name: 'auth_session_in_force', values: [sessionId, userId],
      text: `SELECT 1 FROM refresh_token t JOIN app_user u ON u.id = t.user_id
        WHERE t.family_id = $1 AND t.user_id = $2 AND t.revoked_at IS NULL AND t.expires_at > now() AND u.status = 'active' LIMIT 1`,
    })
    if (!rowCount) {
      this.open.delete(sessionId)
      return false
    }
    if (this.open.size >= MAX_REMEMBERED) this.forgetExpired(now)
    this.open.set(sessionId, { userId, until: now + SESSION_RECHECK_MS })
    return true
  }

  /** The user's sessions ended here (logout, password change, account disabled): ask again next time. */
  endUser(userId: number): void {
    for (const [sid, s] of this.open) if (s.userId === userId) this.open.delete(sid)
  }

  private forgetExpired(now: number): void {
    for (const [sid, s] of this.open) if (s.until <= now) this.open.delete(sid)
    if (this.open.size >= MAX_REMEMBERED) this.open.clear()
  }
}
