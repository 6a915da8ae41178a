import { randomBytes } from 'node:crypto'
import type { Insertable } from 'kysely'
import type { Db } from '../src/db/database.ts'
import type { MentorTable } from '../src/modules/mentoring/mentors/tables.ts'
import { makeFirm } from './crm-factories.ts'
import { login, makeUser, type TestContext } from './helpers.ts'

/** The code of conduct's current version, publishing version 1 when there is none. */
export async function currentCodeVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('mentoring_code_version').select((e) => e.fn.max('version').as('v')).executeTakeFirst()
  if (row?.v) return Number(row.v)
  await db.insertInto('mentoring_code_version').values({ version: 1, text: 'Codice di condotta del mentor digitale: gratuità, riservatezza, assenza di conflitti di interesse.' }).execute()
  return 1
}

/**
 * An active mentor of the chamber who accepted the code's current version (or as given: pass
 * `status` and `acceptCode: false` for the gates), in person and on the web, expert in strategy,
 * data and e-commerce, in Italian and English, in Milano's province.
 */
export async function makeMentor(db: Db, chamberId: number, overrides: Partial<Insertable<MentorTable>> = {},
  options: { acceptCode?: boolean } = {}): Promise<{ id: number; email: string }> {
  const email = overrides.email ?? `mentor.${randomBytes(3).toString('hex')}@example.it`
  const mentor = await db.insertInto('mentor').values({
    chamber_id: chamberId, full_name: 'Laura Verdi', email, bio: 'Consulente di trasformazione digitale.',
    expertise: ['strategy', 'data', 'ecommerce'], sectors: ['C', 'G'], languages: ['it', 'en'], provinces: ['MI'],
    modes: ['in_person', 'web'], max_mentees: 3, hours_per_month: 8, status: 'active', ...overrides,
  }).returning('id').executeTakeFirstOrThrow()
  if (options.acceptCode !== false) {
    await db.insertInto('mentor_code_acceptance').values({ mentor_id: mentor.id, version: await currentCodeVersion(db) }).execute()
  }
  return { id: mentor.id, email }
}

/** A signed-in mentor: a user with the mentor role in the chamber, its mentor record, and its token. */
export async function makeMentorUser(ctx: TestContext, chamberId: number, overrides: Partial<Insertable<MentorTable>> = {},
  options: { acceptCode?: boolean } = {}): Promise<{ id: number; userId: number; token: string; auth: { authorization: string } }> {
  const user = await makeUser(ctx.db, 'mentor', { chamberId })
  const mentor = await makeMentor(ctx.db, chamberId, { user_id: user.id, email: user.email, ...overrides }, options)
  const { token } = await login(ctx, user.email)
  return { id: mentor.id, userId: user.id, token, auth: { authorization: `Bearer ${token}` } }
}

/**
 * A request of a firm of the chamber (a new firm unless given) and its match with the mentor,
 * accepted by default (the pair is working), as staff would have proposed it.
 */
export async function makeMatch(db: Db, chamberId: number, mentorId: number,
  options: { firmId?: number; status?: 'proposed' | 'accepted' | 'declined' | 'closed'; area?: string } = {})
  : Promise<{ id: number; requestId: number; firmId: number }> {
  const firmId = options.firmId ?? (await makeFirm(db, { chamber_id: chamberId })).id
  const status = options.status ?? 'accepted'
  const request = await db.insertInto('mentoring_request').values({
    chamber_id: chamberId, firm_id: firmId, source: 'staff', need: 'Vendere online i propri prodotti', area: options.area ?? 'ecommerce',
    status: status === 'accepted' ? 'matched' : status === 'closed' ? 'closed' : 'open',
    matched_at: status === 'accepted' || status === 'closed' ? new Date() : null,
  }).returning('id').executeTakeFirstOrThrow()
  const match = await db.insertInto('mentoring_match').values({
    request_id: request.id, chamber_id: chamberId, firm_id: firmId, mentor_id: mentorId, status,
    explanation: JSON.stringify([]), responded_at: status === 'proposed' ? null : new Date(),
    closed_at: status === 'closed' ? new Date() : null, outcome: status === 'closed' ? 'goals_met' : null,
  }).returning('id').executeTakeFirstOrThrow()
  return { id: match.id, requestId: request.id, firmId }
}
