import type { Formula } from './money.ts'
import type { StatedFigures } from './reconcile.ts'

/**
 * The seed's yearly plan for the 12 Lombardy PIDs, 2017-2019 (DOMAIN.md, "Numbers"), as lines with
 * the drivers the seed gives, and the totals and shares it states. Amounts in cents.
 */
export interface SeedLine {
  category: string
  label: string
  nature: 'internal' | 'services'
  startUp: boolean
  formula: Formula
  quantityMilli: number
  unitCents: number
  extraCents: number
}

export const SEED_PIDS = 12

export const SEED_NETWORK_LINES: SeedLine[] = [
  // 26.4 FTE (2.2 per PID) at the cost of a D3 official, 45,000 a year, plus the training (one-off).
  { category: 'staff', label: 'Personale camerale dedicato e formazione', nature: 'internal', startUp: false, formula: 'fte', quantityMilli: 26_400, unitCents: 4_500_000, extraCents: 12_280_000 },
  // 2 promoters per PID at 15,000 a year plus 2,000 training each.
  { category: 'promoters', label: 'Digital promoter (selezione, formazione, retribuzioni)', nature: 'services', startUp: false, formula: 'people', quantityMilli: 24_000, unitCents: 1_500_000, extraCents: 200_000 },
  { category: 'mentoring', label: 'Servizio di mentoring', nature: 'services', startUp: false, formula: 'amount', quantityMilli: 0, unitCents: 0, extraCents: 18_600_000 },
  // About 30,000 per PID: half shared platforms and material, half software and databases.
  { category: 'platforms', label: 'Piattaforme software, materiale multimediale, banche dati, servizi', nature: 'services', startUp: true, formula: 'per_pid', quantityMilli: 12_000, unitCents: 3_000_000, extraCents: 0 },
  // 5 events per PID at 2,000 each, plus 15,000 local advertising and 5,000 national campaigns per PID.
  { category: 'communication', label: 'Comunicazione e marketing', nature: 'services', startUp: false, formula: 'events', quantityMilli: 60_000, unitCents: 200_000, extraCents: 24_000_000 },
  { category: 'support', label: 'Servizi di supporto', nature: 'services', startUp: false, formula: 'amount', quantityMilli: 0, unitCents: 0, extraCents: 78_570_000 },
  { category: 'location', label: 'Location ed attrezzature', nature: 'internal', startUp: true, formula: 'amount', quantityMilli: 0, unitCents: 0, extraCents: 35_000_000 },
  { category: 'vouchers', label: 'Voucher alle imprese', nature: 'services', startUp: false, formula: 'amount', quantityMilli: 0, unitCents: 0, extraCents: 463_592_000 },
]

/** The seed's table as printed: 3,760,500 without vouchers, 8,396,420 in all, shares with one decimal. */
export const SEED_NETWORK_STATED: StatedFigures = {
  subtotalCents: 376_050_000,
  totalCents: 839_642_000,
  sharesPm: {
    staff: 156, promoters: 49, mentoring: 22, platforms: 43, communication: 43, support: 93, location: 42,
    subtotal: 448, vouchers: 552, total: 1000,
  },
}

/** Brescia's allocation as the seed states it, slip included: 218,055 + 872,233 = 1,090,288, not 1,090,279. */
export const SEED_BRESCIA = {
  lines: [
    { category: 'internal_costs', label: 'Oneri organizzativi interni', nature: 'internal', startUp: false, formula: 'amount', quantityMilli: 0, unitCents: 0, extraCents: 21_805_500 },
    { category: 'services_to_firms', label: 'Servizi e contributi alle imprese', nature: 'services', startUp: false, formula: 'amount', quantityMilli: 0, unitCents: 0, extraCents: 87_223_300 },
  ] satisfies SeedLine[],
  stated: { totalCents: 109_027_900, internalCents: 21_805_500, servicesCents: 87_223_300, sharesPm: { internal: 200, services: 800 } } satisfies StatedFigures,
}

/** Splits an amount of cents into n parts that add up exactly: the first (amount mod n) get one cent more. */
export function splitCents(amount: number, n: number): number[] {
  const base = Math.floor(amount / n)
  const rest = amount - base * n
  return Array.from({ length: n }, (_, k) => base + (k < rest ? 1 : 0))
}

/**
 * The network plan as n PIDs' plans whose sum is exactly the network's: quantities are per PID
 * (26.4 FTE / 12 = 2.2), per-unit amounts stay, fixed amounts are split to the cent.
 */
export function splitAcrossPids(lines: readonly SeedLine[], n: number): SeedLine[][] {
  const extras = lines.map((l) => (l.formula === 'people' ? null : splitCents(l.extraCents, n)))
  return Array.from({ length: n }, (_, k) => lines.map((l, i) => {
    if (l.quantityMilli % n !== 0) throw new Error(`${l.category}: quantity not divisible by ${n}`)
    return { ...l, quantityMilli: l.quantityMilli / n, extraCents: extras[i]?.[k] ?? l.extraCents }
  }))
}
