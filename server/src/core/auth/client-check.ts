import type pg from 'pg'

/** How long an active client is taken as still active before the database is asked again. */
export const CLIENT_RECHECK_MS = 2000

/**
 * Whether an API client's token may still be used: the client is not revoked. Like SessionCheck,
 * an active client is remembered for CLIENT_RECHECK_MS, so a busy client costs one query every two
 * seconds rather than one per call; a revocation in this process is seen at once (`forget`),
 * another instance sees it within CLIENT_RECHECK_MS.
 */
export class ClientCheck {
  private readonly active = new Map<number, number>()
  private readonly pool: pg.Pool

  constructor(pool: pg.Pool) {
    this.pool = pool
  }

  async isActive(apiClientId: number, serviceUserId: number): Promise<boolean> {
    const now = Date.now()
    const until = this.active.get(apiClientId)
    if (until !== undefined && until > now) return true
    const { rowCount } = await this.pool.query({
      name: 'api_client_active', values: [apiClientId, serviceUserId],
      text: `SELECT 1 FROM api_client c JOIN app_user u ON u.id = c.service_user_id
        WHERE c.id = $1 AND c.service_user_id = $2 AND c.status = 'active' AND u.status = 'active'`,
    })
    if (!rowCount) {
      this.active.delete(apiClientId)
      return false
    }
    if (this.active.size > 10_000) this.active.clear()
    this.active.set(apiClientId, now + CLIENT_RECHECK_MS)
    return true
  }

  /** The client was revoked here: ask again next time. */
  forget(apiClientId: number): void {
    this.active.delete(apiClientId)
  }
}
