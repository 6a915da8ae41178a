import type { WorkSources } from '../../../core/work.ts'

/** Mentors' expense claims the chamber pays, waiting for a decision. */
export function registerExpensesWork(work: WorkSources): void {
  work.register({
    kind: 'mentor_expenses_to_approve', action: 'mentoring.expenses.approve', route: 'mentoring-expenses',
    count: async (db, chamberId) => Number((await db.selectFrom('mentor_expense')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('chamber_id', '=', chamberId).where('status', '=', 'claimed')
      .executeTakeFirstOrThrow()).n),
  })
}
