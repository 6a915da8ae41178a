import type { FastifyInstance, FastifyRequest } from 'fastify'
import { sql } from 'kysely'
import { FIRM_PURPOSES, type FirmLink, type FirmPurpose } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import { HttpError } from '../errors.ts'
import { hashToken, newOpaqueToken } from './tokens.ts'
import { idCursor, pageById } from '../paging.ts'

/**
 * Firm access: a firm reaches its own forms with a personal link, never with a staff login.
 * The link's token (stored hashed) is exchanged for a short-lived firm session: a JWT signed with
 * the app's key but for a distinct audience, so a firm session is useless on staff routes and a
 * staff token useless on firm routes. Every firm request re-checks that its link is still in force,
 * so revoking a link ends its sessions at once.
 *
 * A firm_user account linked to the firm (modules/firm-access, table firm_user_account) opens the same
 * session from its home: its claims name the account and its staff session instead of a link, and
 * every request checks that the account is still linked and its session still open.
 */
export interface FirmPrincipal {
  firmId: number
  chamberId: number
  /** The personal link the session came from; null for a session opened by a linked account. */
  linkId: number | null
  /** The firm_user account the session was opened by; null for a personal link's session. */
  accountUserId: number | null
  purposes: FirmPurpose[]
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on routes guarded `{ firm: purpose }`: the firm the session acts for. */
    firm: FirmPrincipal | null
  }
}

export const FIRM_AUDIENCE = 'pid-firm'
/** Long enough to fill a questionnaire in one sitting; the link itself can start a new session. */
export const FIRM_SESSION_TTL_SECONDS = 4 * 3600

/** `sub` is `link:<id>` or `account:<user id>`; an account's session also carries its staff session (`sid`). */
interface FirmClaims { sub: string; fid: number; cid: number; p: FirmPurpose[]; sid?: string }

export function signFirmSession(app: FastifyInstance, link: { id: number; firmId: number; chamberId: number; purposes: FirmPurpose[] }): string {
  const claims: FirmClaims = { sub: `link:${link.id}`, fid: link.firmId, cid: link.chamberId, p: link.purposes }
  return app.jwt.sign(claims, { aud: FIRM_AUDIENCE, expiresIn: FIRM_SESSION_TTL_SECONDS })
}

/**
 * A firm session for a linked account: every purpose, bound to the account's own signed-in session,
 * so signing out, a password change or a disabled account ends it as unlinking does.
 */
export function signAccountFirmSession(app: FastifyInstance, a: { userId: number; sessionId: string; firmId: number; chamberId: number }): string {
  const claims: FirmClaims = { sub: `account:${a.userId}`, fid: a.firmId, cid: a.chamberId, p: [...FIRM_PURPOSES], sid: a.sessionId }
  return app.jwt.sign(claims, { aud: FIRM_AUDIENCE, expiresIn: FIRM_SESSION_TTL_SECONDS })
}

/** The SQL an account's firm session is checked with: still linked, and still a firm user of the firm's chamber. */
const ACCOUNT_IN_FORCE = `SELECT a.chamber_id FROM firm_user_account a
  WHERE a.user_id = $1 AND a.firm_id = $2 AND EXISTS (SELECT 1 FROM role_assignment r
    WHERE r.user_id = a.user_id AND r.role = 'firm_user' AND r.chamber_id = a.chamber_id)`

async function authenticateAccount(app: FastifyInstance, claims: FirmClaims, userId: number): Promise<FirmPrincipal> {
  const gone = 'this account is no longer linked to the firm, or has signed out'
  if (typeof claims.sid !== 'string' || !Number.isSafeInteger(claims.fid)) throw new HttpError(401, 'unauthorized', 'this is not a valid firm session')
  if (!(await app.sessions.isOpen(claims.sid, userId))) throw new HttpError(401, 'unauthorized', gone)
  const { rows: [row] } = await app.pgPool.query<{ chamber_id: number }>({ name: 'firm_user_account_in_force', values: [userId, claims.fid], text: ACCOUNT_IN_FORCE })
  if (!row) throw new HttpError(401, 'unauthorized', gone)
  return { firmId: claims.fid, chamberId: row.chamber_id, linkId: null, accountUserId: userId, purposes: [...FIRM_PURPOSES] }
}

/** The guard's check for `{ firm: purpose }` routes: a valid firm session whose link is in force. */
export async function authenticateFirm(app: FastifyInstance, req: FastifyRequest, purpose: FirmPurpose | 'any'): Promise<FirmPrincipal> {
  const header = req.headers.authorization
  if (!header?.startsWith('Bearer ')) throw new HttpError(401, 'unauthorized', 'open your personal link first: no firm session')
  let claims: FirmClaims
  try {
    claims = app.jwt.verify<FirmClaims>(header.slice(7), { allowedAud: FIRM_AUDIENCE })
  } catch (err) {
    const expired = (err as { code?: string }).code === 'FAST_JWT_EXPIRED'
    throw new HttpError(401, expired ? 'token_expired' : 'unauthorized',
      expired ? 'the firm session has expired: open your personal link again' : 'this is not a valid firm session')
  }
  const sub = String(claims.sub)
  if (sub.startsWith('account:')) {
    const userId = Number(sub.slice('account:'.length))
    if (!Number.isSafeInteger(userId) || userId < 1) throw new HttpError(401, 'unauthorized', 'this is not a valid firm session')
    return authenticateAccount(app, claims, userId)
  }
  const linkId = Number(sub.replace(/^link:/, ''))
  if (!Number.isSafeInteger(linkId) || !Array.isArray(claims.p)) throw new HttpError(401, 'unauthorized', 'this is not a valid firm session')
  // Every firm request runs this (thousands a second on a click day): a named statement, parsed and
  // planned once per connection, straight on the pool.
  const { rows: [link] } = await app.pgPool.query<{ firm_id: number; chamber_id: number; purpose: string[] }>({
    name: 'firm_access_link_in_force', values: [linkId],
    text: 'SELECT firm_id, chamber_id, purpose FROM firm_access_link WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()',
  })
  if (!link || link.firm_id !== claims.fid) throw new HttpError(401, 'unauthorized', 'the personal link has been revoked or has expired')
  const purposes = link.purpose.filter((p): p is FirmPurpose => (FIRM_PURPOSES as readonly string[]).includes(p))
  if (purpose !== 'any' && !purposes.includes(purpose)) throw new HttpError(403, 'forbidden', `this link does not give access to ${purpose}`)
  return { firmId: link.firm_id, chamberId: link.chamber_id, linkId, accountUserId: null, purposes }
}

const linkColumns = ['l.id', 'l.firm_id', 'l.purpose', 'l.expires_at', 'l.created_at', 'l.revoked_at', 'l.last_used_at', 'u.id as user_id', 'u.name as user_name'] as const

function toFirmLink(r: { id: number; firm_id: number; purpose: string[]; expires_at: Date; created_at: Date; revoked_at: Date | null;
  last_used_at: Date | null; user_id: number | null; user_name: string | null }): FirmLink {
  return {
    id: r.id, firmId: r.firm_id, purposes: r.purpose as FirmPurpose[], expiresAt: r.expires_at.toISOString(),
    createdAt: r.created_at.toISOString(), createdBy: r.user_id ? { id: r.user_id, name: r.user_name ?? '' } : null,
    revokedAt: r.revoked_at?.toISOString() ?? null, lastUsedAt: r.last_used_at?.toISOString() ?? null,
    active: r.revoked_at === null && r.expires_at.getTime() > Date.now(),
  }
}

/** The firm's links, newest first (tokens are never shown again). */
/** The firm's links, newest first: a keyset page after `cursor` (the last id seen). */
export async function listFirmLinks(db: DbOrTx, firmId: number, page: { cursor?: string; limit: number }): Promise<{ items: FirmLink[]; nextCursor: string | null }> {
  const after = idCursor(page.cursor)
  const rows = await db.selectFrom('firm_access_link as l').leftJoin('app_user as u', 'u.id', 'l.created_by')
    .select(linkColumns).where('l.firm_id', '=', firmId).$if(after !== undefined, (q) => q.where('l.id', '<', after!))
    .orderBy('l.id', 'desc').limit(page.limit + 1).execute()
  return pageById(rows.map(toFirmLink), page.limit)
}

export async function findFirmLink(db: DbOrTx, firmId: number, linkId: number): Promise<FirmLink | null> {
  const row = await db.selectFrom('firm_access_link as l').leftJoin('app_user as u', 'u.id', 'l.created_by')
    .select(linkColumns).where('l.firm_id', '=', firmId).where('l.id', '=', linkId).executeTakeFirst()
  return row ? toFirmLink(row) : null
}

/** Stores a new link for the firm and returns its token (the only time it exists in clear). */
export async function insertFirmLink(db: DbOrTx, p: { firmId: number; chamberId: number; purposes: FirmPurpose[];
  validDays: number; createdBy: number | null }): Promise<{ id: number; token: string }> {
  const { token, hash } = newOpaqueToken()
  const { id } = await db.insertInto('firm_access_link').values({
    firm_id: p.firmId, chamber_id: p.chamberId, purpose: p.purposes, token_hash: hash, created_by: p.createdBy,
    expires_at: sql<Date>`now() + make_interval(days => ${p.validDays})`,
  }).returning('id').executeTakeFirstOrThrow()
  return { id, token }
}

/** The link behind a token, if in force; marks it used. */
export async function useFirmLink(db: DbOrTx, token: string): Promise<{ id: number; firmId: number; chamberId: number; purposes: FirmPurpose[] } | null> {
  const row = await db.updateTable('firm_access_link').set({ last_used_at: sql`now()` })
    .where('token_hash', '=', hashToken(token)).where('revoked_at', 'is', null).where('expires_at', '>', sql<Date>`now()`)
    .returning(['id', 'firm_id', 'chamber_id', 'purpose']).executeTakeFirst()
  return row ? { id: row.id, firmId: row.firm_id, chamberId: row.chamber_id, purposes: row.purpose as FirmPurpose[] } : null
}
