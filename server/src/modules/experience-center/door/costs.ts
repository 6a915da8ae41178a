import type { FastifyInstance } from 'fastify'
import type { EventCost, EventCostBody, EventCostList } from '@pid/shared'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { doorEvent, romeYear } from './entries.ts'

/** The budget line events are spent on: the plan's 'communication' line (shared/src/budget/seed-plan.ts, formula 'events'). */
export const COMMUNICATION_LINE = 'communication'

const toCost = (r: { id: number; description: string; amount_cents: number; spent_on: string; created_at: Date }): EventCost => ({
  id: r.id, description: r.description, amountCents: Number(r.amount_cents), spentOn: r.spent_on, createdAt: r.created_at.toISOString(),
})

export async function listCosts(app: FastifyInstance, chamberId: number, eventId: number): Promise<EventCostList> {
  const event = await doorEvent(app.db, chamberId, eventId)
  const rows = await app.db.selectFrom('ec_event_cost').select(['id', 'description', 'amount_cents', 'spent_on', 'created_at'])
    .where('event_id', '=', eventId).orderBy('spent_on').orderBy('id').execute()
  const items = rows.map(toCost)
  return { items, totalCents: items.reduce((s, c) => s + c.amountCents, 0), budgetYear: romeYear(event.starts_at), category: COMMUNICATION_LINE }
}

/**
 * A cost line of the event, spent at once on the chamber's communication line of the event's year
 * (Rome time) in the same transaction: the budget's 409 budget_exceeded (no plan, no line, not
 * enough left) refuses the whole and nothing is written. Cost lines are not removed: the budget
 * records spending only forward (it has no negative spend), so a line entered by mistake is set
 * right on the budget by its keepers (a reallocation or a correcting posting), where the ledger
 * keeps both; the event's list shows what was spent in its name.
 */
export async function addCost(app: FastifyInstance, ctx: AuditContext, chamberId: number, eventId: number, b: EventCostBody): Promise<EventCost> {
  return app.db.transaction().execute(async (tx) => {
    const event = await doorEvent(tx, chamberId, eventId)
    const row = await tx.insertInto('ec_event_cost').values({
      event_id: eventId, description: b.description.trim(), amount_cents: b.amountCents, spent_on: b.spentOn, created_by: ctx.actorId,
    }).returning(['id', 'description', 'amount_cents', 'spent_on', 'created_at']).executeTakeFirstOrThrow()
    await app.budget.spend(tx, ctx, {
      chamberId, year: romeYear(event.starts_at), category: COMMUNICATION_LINE, amountCents: b.amountCents, fromCommitment: false,
      source: { module: 'experience', ref: `event:${eventId}:cost:${row.id}` }, description: `${event.title}: ${b.description.trim()}`,
      bookedOn: b.spentOn,
    })
    await audit(tx, ctx, { chamberId, action: 'experience.door.cost_added', entity: 'ec_event_cost', entityId: row.id,
      after: { eventId, amountCents: b.amountCents, spentOn: b.spentOn, description: b.description.trim() } })
    return toCost(row)
  })
}
