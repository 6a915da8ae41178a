import type { WorkSources } from '../../core/work.ts'

/** Applications submitted without their admissibility checklist, and reports sent for verification. */
export function registerVoucherWork(work: WorkSources): void {
  work.register({
    kind: 'applications_to_check', action: 'vouchers.evaluate', route: 'voucher-calls',
    count: async (db, chamberId) => Number((await db.selectFrom('voucher_application as a')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('a.chamber_id', '=', chamberId).where('a.status', 'in', ['submitted', 'funded', 'reserve'])
      .where((eb) => eb.not(eb.exists(eb.selectFrom('voucher_admissibility as c').select('c.application_id').whereRef('c.application_id', '=', 'a.id'))))
      .executeTakeFirstOrThrow()).n),
  })
  work.register({
    kind: 'reports_to_verify', action: 'vouchers.evaluate', route: 'voucher-calls',
    count: async (db, chamberId) => Number((await db.selectFrom('voucher_report as r')
      .innerJoin('voucher_application as a', 'a.id', 'r.application_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('a.chamber_id', '=', chamberId).where('r.status', '=', 'submitted')
      .executeTakeFirstOrThrow()).n),
  })
}
