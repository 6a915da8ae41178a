import { Type, type Static } from 'typebox'
import { Nullable } from '../common.ts'

/**
 * De minimis aid, Reg. (EU) 2023/2831: at most 300,000 EUR per single undertaking over any rolling
 * period of three years (art. 3(2)). Both figures are configurable per call. What counts: the aid the
 * firm declares from other sources plus the aid granted (or held for it) through this platform in
 * the period. A grant that would pass the ceiling is reduced to the room left, or refused when no
 * room is left, and the reason is kept with the application.
 */
export const DE_MINIMIS_CEILING_CENTS = 30_000_000
export const DE_MINIMIS_YEARS = 3

export const DeMinimisRule = Type.Object({
  ceilingCents: Type.Integer({ minimum: 1, maximum: 100_000_000_000 }),
  years: Type.Integer({ minimum: 1, maximum: 10 }),
}, { additionalProperties: false })
export type DeMinimisRule = Static<typeof DeMinimisRule>
export const DEFAULT_DE_MINIMIS: DeMinimisRule = { ceilingCents: DE_MINIMIS_CEILING_CENTS, years: DE_MINIMIS_YEARS }

export const DE_MINIMIS_OUTCOMES = ['within', 'reduced', 'refused'] as const
export type DeMinimisOutcome = (typeof DE_MINIMIS_OUTCOMES)[number]

export const DeMinimisResult = Type.Object({
  ceilingCents: Type.Integer(),
  declaredCents: Type.Integer({ description: 'declared by the firm, other sources' }),
  platformCents: Type.Integer({ description: 'granted or held through this platform in the period' }),
  roomCents: Type.Integer({ description: 'what was left under the ceiling' }),
  requestedCents: Type.Integer({ description: 'the grant the call rule gives' }),
  grantCents: Type.Integer({ description: 'after the de minimis check' }),
  outcome: Type.Enum(DE_MINIMIS_OUTCOMES),
  reason: Nullable(Type.String()),
})
export type DeMinimisResult = Static<typeof DeMinimisResult>

/** Start of the rolling period ending at `at`: the same instant `years` years earlier. */
export function deMinimisPeriodStart(at: Date, years: number): Date {
  const d = new Date(at)
  d.setUTCFullYear(d.getUTCFullYear() - years)
  return d
}

const eur = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')} EUR`

export function applyDeMinimis(rule: DeMinimisRule, declaredCents: number, platformCents: number, requestedCents: number): DeMinimisResult {
  const roomCents = Math.max(0, rule.ceilingCents - declaredCents - platformCents)
  const base = { ceilingCents: rule.ceilingCents, declaredCents, platformCents, roomCents, requestedCents }
  if (requestedCents <= roomCents) return { ...base, grantCents: requestedCents, outcome: 'within', reason: null }
  const used = `${eur(declaredCents)} declared + ${eur(platformCents)} through this platform in the last ${rule.years} years`
  if (roomCents === 0) {
    return { ...base, grantCents: 0, outcome: 'refused', reason: `de minimis ceiling of ${eur(rule.ceilingCents)} reached (${used})` }
  }
  return { ...base, grantCents: roomCents, outcome: 'reduced',
    reason: `reduced from ${eur(requestedCents)} to ${eur(roomCents)}: de minimis ceiling of ${eur(rule.ceilingCents)} (${used})` }
}
