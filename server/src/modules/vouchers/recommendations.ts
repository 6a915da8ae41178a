import { sql } from 'kysely'
import { centsToDecimal, elideArticles, italianDay, type Recommendation } from '@pid/shared'
import type { RecommendationSource } from '../assessment/index.ts'
import type { CrmService } from '../crm/index.ts'

const romeDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' })

/** What a report says of a call: its summary, the maximum grant, the closing day in Rome ("domande entro l'8 gennaio 2027"). */
export function callDescription(summary: { it: string; en?: string | null }, maxGrantCents: number, closesAt: Date): { it: string; en: string } {
  const digits = maxGrantCents % 100 ? 2 : 0
  const euro = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR', minimumFractionDigits: digits, maximumFractionDigits: digits,
    useGrouping: 'always' }).format(maxGrantCents / 100)
  const day = romeDay.format(closesAt)
  return { it: elideArticles(`${summary.it} Fino a ${euro}; domande entro il ${italianDay(day)}.`),
    en: `${summary.en ?? summary.it} Up to ${centsToDecimal(maxGrantCents).replace(/\.00$/, '')} EUR; apply by ${day}.` }
}

/**
 * Voucher calls as recommendations of an assessment report: the chamber's calls open now (or opening
 * soon), not exhausted, whose eligibility admits the firm's size class and to which the firm has not
 * applied yet. Each call is proposed once, for the worst dimension to act on: a voucher funds
 * consultancy, training and technology for any of them.
 */
export const voucherCallsSource = (crm: CrmService): RecommendationSource => ({
  name: 'vouchers',
  async recommend(db, input) {
    const worst = input.focus[0]
    if (!worst) return []
    const calls = await db.selectFrom('voucher_call as v')
      .select(['v.id', 'v.code', 'v.title', 'v.summary', 'v.opens_at', 'v.closes_at', 'v.grant_rule', 'v.eligibility'])
      .where('v.chamber_id', '=', input.chamberId).where('v.status', '=', 'published').where('v.closes_at', '>', sql<Date>`now()`)
      .where('v.opens_at', '<', sql<Date>`now() + interval '60 days'`)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('voucher_application as a').select(sql`1`.as('one'))
        .whereRef('a.call_id', '=', 'v.id').where('a.firm_id', '=', input.firmId))))
      .orderBy('v.closes_at').limit(5).execute()
    if (!calls.length) return []
    const firm = await crm.firmProfile(db, input.firmId)
    const short = (t: string) => (t.length > 880 ? `${t.slice(0, 879)}…` : t)
    return calls.filter((c) => {
      const sizes = (c.eligibility as { sizeClasses: string[] }).sizeClasses
      return !firm?.sizeClass || sizes.includes(firm.sizeClass)
    }).map((c): Recommendation => {
      return {
        source: 'vouchers', dimension: worst.dimension.key, url: `/api/v1/public/vouchers/calls/${c.id}`,
        title: { it: `Bando voucher ${c.code}: ${c.title.it}`, en: `Voucher call ${c.code}: ${c.title.en ?? c.title.it}` },
        description: callDescription({ it: short(c.summary.it), en: c.summary.en ? short(c.summary.en) : null },
          (c.grant_rule as { maxGrantCents: number }).maxGrantCents, c.closes_at),
        ref: { callId: c.id, code: c.code },
      }
    })
  },
})
