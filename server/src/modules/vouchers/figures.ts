import { sql } from 'kysely'
import { dateMonth, rangeEnd, rangeEndDay, rangeStart, romeMonth, toFacts, type FigureSource } from '../../core/figures.ts'

/**
 * What the vouchers module feeds network monitoring: applications submitted (month of the
 * protocol), grants decided (granted, paid since, or revoked later: the decision happened) with
 * their amount, and payments made (month of the payment's day). Not split by the firm's section or
 * size class (''): the application keeps no copy of them.
 */
const GRANTED = ['granted', 'paid', 'revoked']

export const voucherFigures: FigureSource = {
  module: 'vouchers',
  metrics: ['voucher_applications', 'voucher_grants', 'voucher_granted_cents', 'voucher_paid_cents'],
  async monthly(db, range) {
    const start = rangeStart(range)
    const end = rangeEnd(range)
    const { rows } = await sql<{ chamber_id: number; month: string; metric: string; section: string; size_class: string; value: string }>`
      SELECT chamber_id, month, metric, '' AS section, '' AS size_class, sum(value) AS value FROM (
        SELECT 'voucher_applications' AS metric, a.chamber_id, ${romeMonth(sql.ref('a.submitted_at'))} AS month, 1::bigint AS value
        FROM voucher_application a WHERE a.submitted_at >= ${start} AND a.submitted_at < ${end}
        UNION ALL SELECT 'voucher_grants', a.chamber_id, ${romeMonth(sql.ref('a.decided_at'))}, 1
        FROM voucher_application a WHERE a.status = ANY(${sql.val(GRANTED)}::text[]) AND a.decided_at >= ${start} AND a.decided_at < ${end}
        UNION ALL SELECT 'voucher_granted_cents', a.chamber_id, ${romeMonth(sql.ref('a.decided_at'))}, coalesce(a.granted_cents, 0)
        FROM voucher_application a WHERE a.status = ANY(${sql.val(GRANTED)}::text[]) AND a.decided_at >= ${start} AND a.decided_at < ${end}
        UNION ALL SELECT 'voucher_paid_cents', a.chamber_id, ${dateMonth(sql.ref('p.paid_on'))}, p.amount_cents
        FROM voucher_payment p JOIN voucher_application a ON a.id = p.application_id
        WHERE p.paid_on >= ${range.from}::date AND p.paid_on < ${rangeEndDay(range)}
      ) x GROUP BY 1, 2, 3`.execute(db)
    return toFacts(rows)
  },
}
