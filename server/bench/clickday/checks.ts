import type { Db } from '../../src/db/database.ts'
import type { Reply } from './http.ts'

/**
 * What a click day must leave behind, checked in the database against what the clients were told:
 * every application submitted exactly once, protocols 1..n without a gap, exactly
 * min(applications, capacity) funded and they are the first by protocol, the money held equal to
 * the call's counter and within the envelope to the cent, and every 2xx answered has its row, with
 * the protocol and status the answer gave.
 */
export async function verify(db: Db, callId: number, capacity: number, expected: number, first: Map<number, Reply>): Promise<string[]> {
  const problems: string[] = []
  const rows = await db.selectFrom('voucher_application').select(['id', 'firm_id', 'status', 'protocol_number', 'held_cents'])
    .where('call_id', '=', callId).where('status', '<>', 'draft').orderBy('protocol_number').execute()
  const call = await db.selectFrom('voucher_call').select(['envelope_cents', 'reserved_cents', 'granted_cents', 'last_protocol', 'reserve_count', 'status'])
    .where('id', '=', callId).executeTakeFirstOrThrow()
  if (rows.length !== expected) problems.push(`${rows.length} applications submitted, expected ${expected}`)
  if (new Set(rows.map((r) => r.firm_id)).size !== rows.length) problems.push('a firm has more than one application')
  const gaps = rows.findIndex((r, i) => r.protocol_number !== i + 1)
  if (gaps >= 0) problems.push(`protocol numbers are not 1..${rows.length}: position ${gaps + 1} has ${rows[gaps]!.protocol_number}`)
  if (call.last_protocol !== rows.length) problems.push(`the call's last protocol is ${call.last_protocol}, ${rows.length} applications`)
  const funded = rows.filter((r) => r.status === 'funded')
  const want = Math.min(rows.length, capacity)
  if (funded.length !== want) problems.push(`${funded.length} funded, expected exactly ${want}`)
  if (funded.some((r, i) => r.protocol_number !== i + 1)) problems.push('the funded applications are not the first by protocol')
  const held = funded.reduce((s, r) => s + r.held_cents, 0)
  if (held !== call.reserved_cents) problems.push(`held ${held} cents but the call counts ${call.reserved_cents}`)
  if (call.reserved_cents + call.granted_cents > call.envelope_cents) problems.push(`over-committed: ${call.reserved_cents} > ${call.envelope_cents}`)
  if (call.reserve_count !== rows.length - funded.length) problems.push(`reserve list counts ${call.reserve_count}, ${rows.length - funded.length} waiting`)
  const byId = new Map(rows.map((r) => [r.id, r]))
  let unanswered = 0
  for (const [id, reply] of first) {
    if (reply.status < 200 || reply.status > 299) { unanswered++; continue }
    const body = JSON.parse(reply.text) as { protocolNumber: number; status: string }
    const row = byId.get(id)
    if (!row) problems.push(`application ${id} was answered ${reply.status} but has no submitted row`)
    else if (row.protocol_number !== body.protocolNumber || row.status !== body.status) {
      problems.push(`application ${id} was answered protocol ${body.protocolNumber} ${body.status}, the row says ${row.protocol_number} ${row.status}`)
    }
  }
  if (unanswered) problems.push(`${unanswered} submissions got no 2xx`)
  return problems.slice(0, 20)
}
