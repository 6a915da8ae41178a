import type { FastifyInstance } from 'fastify'
import eventsPart from './events/index.ts'
import doorPart from './door/index.ts'
import mediaPart from './media/index.ts'
import demoPart from './demo/index.ts'
import { experienceFigures } from './figures.ts'
import type { DbOrTx } from '../../db/database.ts'

/** An event of the chamber of kind 'matchmaking_day' (mentoring ties a speed-mentoring day to it), or null. */
export async function matchmakingEventOf(db: DbOrTx, chamberId: number, eventId: number): Promise<{ id: number; title: string } | null> {
  const e = await db.selectFrom('ec_event').select(['id', 'title']).where('id', '=', eventId).where('chamber_id', '=', chamberId)
    .where('kind', '=', 'matchmaking_day').executeTakeFirst()
  return e ?? null
}

/** Events' titles by id (mentoring shows the event a speed-mentoring day belongs to). */
export async function eventTitles(db: DbOrTx, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('ec_event').select(['id', 'title']).where('id', 'in', [...new Set(ids)]).execute()
  return new Map(rows.map((r) => [r.id, r.title]))
}

/**
 * The experience centre, in four parts: events with public registration and a waitlist (events/);
 * the door and after it: check-in, walk-ins, attendance, certificates, the survey, costs and
 * figures (door/); the library of videos, case studies and guides (media/); the demo area's lent
 * equipment and its bookings (demo/). Attendance lands on the firm's timeline through `app.crm`;
 * event costs are spent on the budget's communication line through `app.budget`.
 */
export default async function experienceCenterModule(app: FastifyInstance) {
  app.figures.register(experienceFigures)
  await app.register(eventsPart)
  await app.register(doorPart)
  await app.register(mediaPart)
  await app.register(demoPart)
}
