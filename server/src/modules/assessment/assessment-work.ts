import type { WorkSources } from '../../core/work.ts'

/** Self-assessments submitted and not yet reviewed with an expert; the plan tasks assigned to the user. */
export function registerAssessmentWork(work: WorkSources): void {
  work.register({
    kind: 'assessments_to_review', action: 'assessment.review', route: 'assessments',
    count: async (db, chamberId) => Number((await db.selectFrom('assessment as a')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('a.chamber_id', '=', chamberId).where('a.status', '=', 'submitted').where('a.is_latest', '=', true)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('assessment_review as r').select('r.assessment_id').whereRef('r.assessment_id', '=', 'a.id'))))
      .executeTakeFirstOrThrow()).n),
  })
  work.register({
    // Plan tasks are assigned to the chamber's staff who follow firms (promoters, coordinators, leaders).
    kind: 'plan_tasks', action: 'crm.stage.write', route: 'assessments',
    count: async (db, chamberId, actor) => Number((await db.selectFrom('assessment_plan_item')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('chamber_id', '=', chamberId).where('assigned_to', '=', actor.userId).where('status', '=', 'open')
      .executeTakeFirstOrThrow()).n),
  })
}
