import { isDeepStrictEqual } from 'node:util'
import Fastify from 'fastify'
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely'
import pg from 'pg'
import type { Database } from '../../src/db/schema.ts'
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/demo/seed.ts'
import { findChamber } from '../../src/modules/network/network.repository.ts'
import { buildOurs } from '../ours.ts'
import type { Prepared, Scenario, Side } from '../types.ts'

const LEADER = DEMO_USERS.find((u) => u.role === 'digital_leader')!.email

/**
 * The SQL text our repository sends for findChamber, captured from Kysely's query log rather than
 * copied by hand: if the repository's query changes, the baseline follows, and the ratio keeps
 * measuring only what lies around the query (HTTP, auth, validation, serialization, Kysely).
 */
async function captureFindChamberSql(databaseUrl: string, chamberId: number): Promise<CompiledQuery> {
  const seen: CompiledQuery[] = []
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }),
    log: (e) => { if (e.level === 'query') seen.push(e.query) },
  })
  try {
    await findChamber(db, chamberId)
  } finally {
    await db.destroy()
  }
  const [q] = seen
  if (seen.length !== 1 || !q) throw new Error(`findChamber ran ${seen.length} queries; the baseline expects exactly one`)
  // The baseline substitutes the path's id for the only parameter: anything else would be a different query.
  if (!isDeepStrictEqual(q.parameters, [chamberId])) throw new Error(`unexpected parameters ${JSON.stringify(q.parameters)}`)
  return q
}

interface ChamberRow {
  id: number; name: string; short_name: string; region_code: string; pid_name: string; active_from: string
  active_to: string | null; merged_into_id: number | null; provinces: string[]; predecessor_ids: string[]
}

/**
 * The floor: bare Fastify, a plain pg.Pool of 10, the same SQL, the same row-to-JSON mapping as
 * the repository (so the bodies match), and nothing else: no auth, no validation, no response
 * schema, no logger, no hooks. It runs in this process with the pg type parsers database.ts
 * installs (int8 -> number), exactly as ours does.
 */
async function startBaseline(databaseUrl: string, sqlText: string, chamberId: number): Promise<Side> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
  // As in createDb: pool.end() resolves before the backends have gone, so the final DROP DATABASE
  // ... WITH (FORCE) can still reach an ending client; its error must not crash the bench.
  pool.on('error', () => {})
  const app = Fastify({ logger: false })
  app.get<{ Params: { id: string } }>('/chambers/:id', async (req, reply) => {
    const { rows } = await pool.query<ChamberRow>(sqlText, [req.params.id])
    const r = rows[0]
    if (!r) return reply.code(404).send({ error: 'not found' })
    return {
      id: r.id, name: r.name, shortName: r.short_name, regionCode: r.region_code, provinces: r.provinces,
      pidName: r.pid_name, activeFrom: r.active_from, activeTo: r.active_to, mergedIntoId: r.merged_into_id,
      predecessorIds: r.predecessor_ids.map(Number),
    }
  })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    url: `${address}/chambers/${chamberId}`,
    async close() {
      await app.close()
      await pool.end()
    },
  }
}

export const readOneById: Scenario = {
  name: 'read-one-by-id',
  description: 'GET /api/v1/chambers/:chamberId as the demo digital leader (Milano)',
  goal: { minRatio: 0.5, text: 'ours >= 50% of baseline req/s' },
  connections: 20,
  sameBody: true,
  async prepare(ctx): Promise<Prepared> {
    // Each round starts a fresh app (a closed Fastify cannot listen again) and signs in anew.
    const startOurs = async () => {
      const ours = await buildOurs(ctx.databaseUrl, 10)
      try {
        const session = await ours.login(LEADER, DEMO_PASSWORD)
        const chamberId = session.user.roles[0]?.chamberId
        if (typeof chamberId !== 'number') throw new Error(`the leader has no chamber role: ${JSON.stringify(session.user.roles)}`)
        return { ours, session, chamberId }
      } catch (err) {
        await ours.close()
        throw err
      }
    }
    const first = await startOurs()
    const chamberId = first.chamberId
    await first.ours.close()
    const query = await captureFindChamberSql(ctx.databaseUrl, chamberId)
    return {
      notes: { chamberId, sql: query.sql },
      ours: async () => {
        const { ours, session } = await startOurs()
        return ours.listen(`/api/v1/chambers/${chamberId}`, { authorization: `Bearer ${session.accessToken}` })
      },
      baseline: () => startBaseline(ctx.databaseUrl, query.sql, chamberId),
    }
  },
}
