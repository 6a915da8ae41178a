/**
 * The click day's floor: bare Fastify and a plain pg.Pool of 10, no auth, no validation, no
 * response schema, no logger, no batching. Each submission is one transaction doing the same writes
 * as ours: replay the idempotency key or lock the call's row, decide funded / reserve against what
 * is left, give the next protocol, write the application, the idempotency record, the timeline event
 * and the audit row, commit. Holding the call's row lock across the commit, submissions serialize
 * at one commit (one fsync) each: the design the batching queue exists to beat.
 * Run as a child process by the scenario (DATABASE_URL, CALL_ID, GRANT_CENTS, PORT).
 */
import Fastify from 'fastify'
import pg from 'pg'
import '../../src/db/database.ts' // the same int8 -> number type parsers as ours

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
pool.on('error', () => {})
const callId = Number(process.env.CALL_ID)
const grant = Number(process.env.GRANT_CENTS)
const app = Fastify()

app.post<{ Params: { id: string } }>('/submit/:id', async (req, reply) => {
  const id = Number(req.params.id)
  const key = String(req.headers['idempotency-key'] ?? '')
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const call = await client.query<{ free: number; reserve_count: number; last_protocol: number; chamber_id: number }>(
      `SELECT envelope_cents - reserved_cents - granted_cents AS free, reserve_count, last_protocol, chamber_id FROM voucher_call WHERE id = $1 FOR UPDATE`, [callId])
    const seen = await client.query<{ status_code: number; response: unknown }>(`SELECT status_code, response FROM voucher_idempotency WHERE scope = 'baseline' AND key = $1`, [key])
    if (seen.rows[0]) {
      await client.query('COMMIT')
      return reply.code(seen.rows[0].status_code).send(seen.rows[0].response)
    }
    const app = await client.query<{ firm_id: number; status: string }>(`SELECT firm_id, status FROM voucher_application WHERE id = $1 AND call_id = $2 FOR UPDATE`, [id, callId])
    const row = app.rows[0]
    if (!row || row.status !== 'draft') {
      await client.query('ROLLBACK')
      return reply.code(409).send({ error: 'not a draft' })
    }
    const c = call.rows[0]!
    const funded = c.reserve_count === 0 && c.free >= grant
    const protocol = c.last_protocol + 1
    const updated = await client.query<{ at: Date }>(`UPDATE voucher_call SET last_protocol = $2, last_submitted_at = clock_timestamp(),
        reserved_cents = reserved_cents + $3, reserve_count = reserve_count + $4 WHERE id = $1 AND last_protocol = $5 RETURNING last_submitted_at AS at`,
    [callId, protocol, funded ? grant : 0, funded ? 0 : 1, c.last_protocol])
    const at = updated.rows[0]!.at
    const status = funded ? 'funded' : 'reserve'
    await client.query(`UPDATE voucher_application SET status = $2, protocol_number = $3, submitted_at = $4, requested_cents = $5, held_cents = $6,
        held_pool = $7, updated_at = now() WHERE id = $1`, [id, status, protocol, at, grant, funded ? grant : 0, funded ? '*' : null])
    const body = { id, protocolNumber: protocol, status, submittedAt: at.toISOString(), heldCents: funded ? grant : 0 }
    await client.query(`INSERT INTO voucher_idempotency (scope, key, fingerprint, application_id, status_code, response) VALUES ('baseline', $1, $2, $3, 200, $4)`,
      [key, `submit:${id}`, id, JSON.stringify(body)])
    await client.query(`INSERT INTO timeline_event (firm_id, chamber_id, type, occurred_at, summary, source_module) VALUES ($1, $2, 'voucher_submitted', $3, $4, 'vouchers')`,
      [row.firm_id, c.chamber_id, at, `Domanda ${protocol} presentata`])
    await client.query(`INSERT INTO audit_log (chamber_id, action, entity, entity_id, after) VALUES ($1, 'vouchers.application.submitted', 'voucher_application', $2, $3)`,
      [c.chamber_id, String(id), JSON.stringify({ protocolNumber: protocol, status })])
    await client.query('COMMIT')
    return reply.send(body)
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
})
app.get('/api/ready', async () => ({ status: 'ready' }))

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) })
process.on('SIGTERM', () => { void app.close().then(() => pool.end()).then(() => process.exit(0)) })
