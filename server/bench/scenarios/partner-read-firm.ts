import Fastify from 'fastify'
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely'
import pg from 'pg'
import { vatCheckDigit, type Grant } from '@pid/shared'
import type { Database } from '../../src/db/schema.ts'
import type { Actor } from '../../src/core/auth/guard.ts'
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/demo/seed.ts'
import { firmAccess } from '../../src/modules/crm/access.ts'
import { loadFirm } from '../../src/modules/crm/firms/firm-rows.ts'
import { buildOurs } from '../ours.ts'
import type { BenchContext, Prepared, Scenario, Side } from '../types.ts'

const LEADER = DEMO_USERS.find((u) => u.role === 'digital_leader')!.email
/**
 * The highest limit a client may have: each round runs on a fresh app (in-memory counters, no
 * REDIS_URL here) for warm-up plus BENCH_DURATION, far below a minute at this rate. The limiter
 * counts every call; it never refuses one.
 */
const LIMIT = 100_000

/**
 * A partner organisation with an agreement with the leader's chamber, a firm it registered and an
 * API client of scope firms:read. The client is created through the staff route; the partner, its
 * agreement and the firm are inserted (the CRM routes for them need forms this bench has no use for).
 */
async function setUp(ctx: BenchContext): Promise<{ chamberId: number; firmId: number; clientId: string; clientSecret: string }> {
  const ours = await buildOurs(ctx.databaseUrl, 2)
  try {
    const session = await ours.login(LEADER, DEMO_PASSWORD)
    const chamberId = session.user.roles[0]!.chamberId!
    const { id: partnerId } = await ctx.db.insertInto('partner').values({ name: 'Bench partner', kind: 'trade_association', competences: ['e-commerce'] })
      .returning('id').executeTakeFirstOrThrow()
    await ctx.db.insertInto('partner_agreement').values({ partner_id: partnerId, chamber_id: chamberId, title: 'Convenzione PID', signed_on: '2024-01-10', valid_from: '2024-01-10' }).execute()
    const province = (await ctx.db.selectFrom('chamber_province').select('province_code').where('chamber_id', '=', chamberId).executeTakeFirstOrThrow()).province_code
    const vat = '0999999001'
    const taxCode = vat + vatCheckDigit(vat)
    const { id: firmId } = await ctx.db.insertInto('firm').values({
      name: 'Impresa del partner S.r.l.', tax_code: taxCode, vat_number: taxCode, legal_form: 'srl', ateco_code: '62.10.00',
      ateco_section: 'K', employees: 5, size_class: 'micro', province_code: province, chamber_id: chamberId, registered_by_partner_id: partnerId,
    }).returning('id').executeTakeFirstOrThrow()
    const res = await ours.app.inject({ method: 'POST', url: `/api/v1/chambers/${chamberId}/api-clients`,
      headers: { authorization: `Bearer ${session.accessToken}` }, payload: { partnerId, name: 'Bench client', scopes: ['firms:read'], rateLimitPerMinute: LIMIT } })
    if (res.statusCode !== 201) throw new Error(`client not created: ${res.statusCode} ${res.body}`)
    const created = res.json<{ client: { id: number; clientId: string }; clientSecret: string }>()
    return { chamberId, firmId, clientId: created.client.clientId, clientSecret: created.clientSecret }
  } finally {
    await ours.close()
  }
}

/** Every query our handler sends for the request (the partner's access check, then the firm), from Kysely's query log. */
async function captureSql(databaseUrl: string, token: string, chamberId: number, firmId: number): Promise<CompiledQuery[]> {
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; g: Grant[] }
  const actor: Actor = { userId: Number(claims.sub), grants: claims.g }
  const seen: CompiledQuery[] = []
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }),
    log: (e) => { if (e.level === 'query') seen.push(e.query) },
  })
  try {
    await loadFirm(db, await firmAccess(db, actor, chamberId, 'crm.firms.read'), firmId)
  } finally {
    await db.destroy()
  }
  return seen
}

/**
 * The floor: bare Fastify and a plain pg.Pool of 10 sending the same queries in the same order
 * (each waits for the one before, as ours does), answering the firm's row as JSON. No auth, no
 * rate limit, no validation, no call log. The revocation check (ClientCheck, one query per client
 * every two seconds) is left out: under load it is noise.
 */
async function startBaseline(databaseUrl: string, queries: CompiledQuery[], firmId: number): Promise<Side> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
  pool.on('error', () => {})
  const app = Fastify({ logger: false })
  app.get<{ Params: { chamberId: string; firmId: string } }>('/chambers/:chamberId/firms/:firmId', async (_req, reply) => {
    let rows: unknown[] = []
    for (const q of queries) rows = (await pool.query(q.sql, q.parameters as unknown[])).rows
    return rows[0] ? rows[0] : reply.code(404).send({ error: 'not found' })
  })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  return { url: `${address}/chambers/0/firms/${firmId}`, async close() { await app.close(); await pool.end() } }
}

export const partnerReadFirm: Scenario = {
  name: 'partner-read-firm',
  description: 'GET /api/v1/chambers/:chamberId/firms/:firmId with a partner API client token (firms:read), a firm its organisation registered',
  goal: { minRatio: 0.75, text: 'ours >= 75% of baseline req/s' },
  connections: 20,
  async prepare(ctx): Promise<Prepared> {
    const { chamberId, firmId, clientId, clientSecret } = await setUp(ctx)
    const startOurs = async () => {
      const ours = await buildOurs(ctx.databaseUrl, 10)
      const res = await ours.app.inject({ method: 'POST', url: '/api/v1/oauth/token',
        payload: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } })
      if (res.statusCode !== 200) {
        await ours.close()
        throw new Error(`no token: ${res.statusCode} ${res.body}`)
      }
      return { ours, token: res.json<{ access_token: string }>().access_token }
    }
    const first = await startOurs()
    await first.ours.close()
    const queries = await captureSql(ctx.databaseUrl, first.token, chamberId, firmId)
    return {
      notes: { chamberId, firmId, sql: queries.map((q) => q.sql) },
      ours: async () => {
        const { ours, token } = await startOurs()
        return ours.listen(`/api/v1/chambers/${chamberId}/firms/${firmId}`, { authorization: `Bearer ${token}` })
      },
      baseline: () => startBaseline(ctx.databaseUrl, queries, firmId),
    }
  },
}
