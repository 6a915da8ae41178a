import type { FastifyInstance } from 'fastify'
import eventsPart from './events/index.ts'
import mediaPart from './media/index.ts'
import demoPart from './demo/index.ts'

/**
 * The experience centre: events with public registration, a waitlist and check-in at the door
 * (events/), the library of videos, case studies and guides (media/), and the demo area's lent
 * equipment and its bookings (demo/). Attendance lands on the firm's timeline through `app.crm`;
 * event costs are spent on the budget's communication line through `app.budget`.
 */
export default async function experienceCenterModule(app: FastifyInstance) {
  await app.register(eventsPart)
  await app.register(mediaPart)
  await app.register(demoPart)
}
