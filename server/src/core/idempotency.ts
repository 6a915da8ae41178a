import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import { sql } from 'kysely'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../db/database.ts'
import { HttpError } from './errors.ts'
import { declaresStatus, documentProblem, documentRequestHeader } from './route-docs.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Idempotency-Key handling. On by default for every POST whose schema declares a 201 answer;
     * `true` turns it on for a creating POST that answers 200 or 202, `false` turns it off (a route
     * that keeps its own keys, as voucher submission does).
     */
    idempotency?: boolean
  }
}

/**
 * Idempotency-Key on creating POSTs (Stripe's semantics). The key is scoped to the principal (a
 * person `user:<id>`, an API client `client:<id>`, a firm session `firm:<firm id>`); anonymous
 * requests (public routes) have no principal to scope a key to, so their header is ignored.
 *
 * The key is claimed (a row `in_flight`, INSERT ... ON CONFLICT) after authentication and
 * validation, right before the handler runs. A request that fails validation (400) never started,
 * so it claims nothing and the key can be sent again with a corrected body, as at Stripe. Once the
 * handler answered, the answer is kept: 2xx and 4xx (a 404 or a business-rule 422 is the answer to
 * that request), except 409 and 429, which say "not now" and are worth retrying; after a 5xx the
 * claim is dropped too. A key is kept 24 hours (a daily job prunes; an older key is free again).
 *
 * With the same key: another request (method, path and query, body) -> 422 idempotency_key_reused;
 * the same one still running -> 409 idempotency_key_in_flight with Retry-After; the same one done
 * -> the stored status, Content-Type, Location and body, with `Idempotent-Replayed: true`.
 */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key'
export const IDEMPOTENCY_PRUNE_QUEUE = 'core.idempotency-prune'
const KEY = /^[\x20-\x7e]{1,255}$/
const KEPT = '24 hours'
/** A claim older than this is taken for abandoned (its process died mid-request) and may be taken over. */
const LEASE = '5 minutes'
const RETRY_AFTER_SECONDS = '1'

const HEADER_SCHEMA = {
  type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7E]+$',
  description: 'Optional, recommended: a unique key (a UUID) for this operation. Retrying with the same key and body returns the first ' +
    'answer (header `Idempotent-Replayed: true`) instead of creating twice; the same key with another request is a 422, while the first is ' +
    'still running a 409. Keys are per client and kept 24 hours. A 400 validation error keeps nothing: fix the body and resend with the same key.',
  examples: ['5f0c8e54-3b1f-4c1e-9a43-2d7f1c9b8e11'],
}

interface Claim { principal: string; key: string; claimedAt: string }
interface Stored { fingerprint: string; state: 'in_flight' | 'done'; status_code: number | null; content_type: string | null; response_body: string | null; location: string | null }

const claims = new WeakMap<FastifyRequest, Claim>()

export default fp(
  async function idempotency(app: FastifyInstance) {
    app.jobs.work(IDEMPOTENCY_PRUNE_QUEUE, async (_payload, db) => { await pruneIdempotencyRecords(db) })
    app.jobs.daily(IDEMPOTENCY_PRUNE_QUEUE, 4)

    app.addHook('onRoute', (route) => {
      if (![route.method].flat().includes('POST') || route.config?.guard === 'public') return
      const on = route.config?.idempotency ?? declaresStatus(route, 201)
      if (!on) return
      route.config = { ...route.config, idempotency: true }
      documentRequestHeader(route, IDEMPOTENCY_HEADER, HEADER_SCHEMA)
      documentProblem(route, 400, 409, 422)
      // Route-level hooks run after the app-wide ones: the guard has authenticated, the body is validated.
      route.preHandler = [claimKey, ...[route.preHandler ?? []].flat()]
      route.onSend = [storeAnswer, ...[route.onSend ?? []].flat()]
      route.onResponse = [releaseLeftover, ...[route.onResponse ?? []].flat()]
    })

    async function claimKey(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
      const key = req.headers['idempotency-key']
      const principal = principalOf(req)
      if (key === undefined || principal === null) return undefined
      if (typeof key !== 'string' || !KEY.test(key)) {
        throw new HttpError(400, 'validation', 'Idempotency-Key must be 1 to 255 printable ASCII characters',
          [{ path: '/headers/idempotency-key', message: 'not a valid key' }])
      }
      const fingerprint = fingerprintOf(req)
      // A claim can vanish between our INSERT and SELECT (its request failed): then claim again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const claimedAt = await claim(app.db, principal, key, fingerprint)
        if (claimedAt !== null) {
          claims.set(req, { principal, key, claimedAt })
          return undefined
        }
        const stored = await app.db.selectFrom('idempotency_record').selectAll()
          .where('principal', '=', principal).where('key', '=', key).executeTakeFirst() as Stored | undefined
        if (!stored) continue
        if (stored.fingerprint !== fingerprint) throw new HttpError(422, 'idempotency_key_reused', 'this Idempotency-Key was used for another request')
        if (stored.state === 'in_flight') {
          throw new HttpError(409, 'idempotency_key_in_flight', 'a request with this Idempotency-Key is still running: retry shortly', undefined,
            { headers: { 'retry-after': RETRY_AFTER_SECONDS } })
        }
        reply.code(stored.status_code!).header('idempotent-replayed', 'true')
        if (stored.content_type) reply.header('content-type', stored.content_type)
        if (stored.location) reply.header('location', stored.location)
        return reply.send(stored.response_body ?? undefined)
      }
      throw new HttpError(409, 'idempotency_key_in_flight', 'this Idempotency-Key is contended: retry shortly', undefined,
        { headers: { 'retry-after': RETRY_AFTER_SECONDS } })
    }

    async function storeAnswer(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
      const c = claims.get(req)
      if (!c) return payload
      claims.delete(req)
      const status = reply.statusCode
      const keep = status < 500 && status !== 409 && status !== 429 && (payload === null || payload === undefined || typeof payload === 'string')
      try {
        if (!keep) { await release(app.db, c); return payload }
        const contentType = reply.getHeader('content-type')
        const location = reply.getHeader('location')
        await sql`UPDATE idempotency_record SET state = 'done', status_code = ${status},
            content_type = ${typeof contentType === 'string' ? contentType : null}, location = ${typeof location === 'string' ? location : null},
            response_body = ${(payload as string | null | undefined) ?? null}, completed_at = now()
          WHERE principal = ${c.principal} AND key = ${c.key} AND state = 'in_flight' AND created_at = ${c.claimedAt}::timestamptz`.execute(app.db)
      } catch (err) {
        // The answer stands; only its replay is lost. Drop the claim so that a retry runs rather than waits.
        req.log.error({ err }, 'could not store the idempotent answer')
        await release(app.db, c).catch(() => {})
      }
      return payload
    }

    /** A request that ended without onSend (the client went away mid-answer): its claim must not block retries. */
    async function releaseLeftover(req: FastifyRequest): Promise<void> {
      const c = claims.get(req)
      if (c) { claims.delete(req); await release(app.db, c).catch((err) => req.log.error({ err }, 'could not release an idempotency claim')) }
    }
  },
  { name: 'idempotency', dependencies: ['guard'] },
)

function principalOf(req: FastifyRequest): string | null {
  if (req.actor) return req.actor.client ? `client:${req.actor.client.id}` : `user:${req.actor.userId}`
  if (req.firm) return `firm:${req.firm.firmId}`
  return null
}

/** Method, path with query, and a SHA-256 of the body: raw bytes for uploads, canonical JSON for parsed bodies. */
function fingerprintOf(req: FastifyRequest): string {
  const body = req.body
  const bytes = Buffer.isBuffer(body) ? body : typeof body === 'string' ? body : body === undefined || body === null ? '' : canonicalJson(body)
  return `${req.method} ${req.url} sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

/**
 * Takes the key, or returns null when someone holds it. One statement, so two requests racing for
 * a key cannot both win: a fresh row is inserted; an existing one is taken over only when it has
 * expired (24 h: the key is free again) or is an abandoned claim (past its lease).
 */
async function claim(db: Db, principal: string, key: string, fingerprint: string): Promise<string | null> {
  const { rows } = await sql<{ claimed_at: string }>`
    INSERT INTO idempotency_record AS r (principal, key, fingerprint) VALUES (${principal}, ${key}, ${fingerprint})
    ON CONFLICT (principal, key) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'in_flight', status_code = NULL,
      content_type = NULL, response_body = NULL, location = NULL, created_at = now(), completed_at = NULL
      WHERE r.created_at < now() - ${KEPT}::interval OR (r.state = 'in_flight' AND r.created_at < now() - ${LEASE}::interval)
    RETURNING r.created_at::text AS claimed_at`.execute(db)
  return rows[0]?.claimed_at ?? null
}

/** Drops our own claim (matched by its instant: a claim taken over since is someone else's). */
async function release(db: Db, c: Claim): Promise<void> {
  await sql`DELETE FROM idempotency_record WHERE principal = ${c.principal} AND key = ${c.key}
    AND state = 'in_flight' AND created_at = ${c.claimedAt}::timestamptz`.execute(db)
}

/** The daily job: keys older than 24 hours are forgotten. */
export async function pruneIdempotencyRecords(db: Db): Promise<number> {
  const r = await sql`DELETE FROM idempotency_record WHERE created_at < now() - ${KEPT}::interval`.execute(db)
  return Number(r.numAffectedRows ?? 0)
}

/** JSON with object keys sorted at every depth: the same body however its keys were ordered. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
