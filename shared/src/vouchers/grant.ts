import { Type, type Static } from 'typebox'

/**
 * The grant rule of a voucher call and the one function that turns a firm's planned expenses into
 * the grant it asks for. The server computes the authoritative amount with it at submission; the
 * firm's form runs the same function for its live preview.
 *
 * Money is integer euro cents. ONE rounding rule: every share (category caps, the grant rate) is
 * rounded DOWN to the cent, so a grant never exceeds the percentage the call states.
 */
export const Cents = Type.Integer({ minimum: 0, maximum: 9_000_000_000_000, description: 'euro cents' })
/** Tenths of a percent: 500 = 50.0%. */
export const Permille = Type.Integer({ minimum: 0, maximum: 1000, description: 'per mille: 300 = 30.0%' })
/** A code inside a call (category, document type, quota, criterion): lower case, digits, '_'. */
export const CallCode = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })
/** A text shown to firms: Italian always, English optional. */
export const LocalText = (maxLength = 500) => Type.Object(
  { it: Type.String({ minLength: 1, maxLength }), en: Type.Optional(Type.String({ minLength: 1, maxLength })) },
  { additionalProperties: false },
)
export type LocalText = { it: string; en?: string }

/** Largest single expense line, and how many lines: keeps every product below 2^53 with plain numbers. */
export const MAX_EXPENSE_CENTS = 10_000_000_000
export const MAX_EXPENSES = 50

export const BONUS_KINDS = ['legality_rating'] as const
export type BonusKind = (typeof BONUS_KINDS)[number]

export const ExpenseCategory = Type.Object({
  code: CallCode,
  label: LocalText(200),
  /** At most this share of the project (the planned total over all eligible categories). */
  capPm: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
}, { additionalProperties: false })
export type ExpenseCategory = Static<typeof ExpenseCategory>

export const Bonus = Type.Object({
  kind: Type.Enum(BONUS_KINDS),
  amountCents: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
}, { additionalProperties: false })
export type Bonus = Static<typeof Bonus>

export const GrantRule = Type.Object({
  /** The voucher's ceiling before bonuses, e.g. 1,000,000 = 10,000 EUR. */
  maxGrantCents: Type.Integer({ minimum: 1, maximum: 100_000_000_000 }),
  /** Share of eligible costs granted, per mille: 500 = 50%. */
  ratePm: Type.Integer({ minimum: 1, maximum: 1000 }),
  /** The eligible total must reach it (0: no minimum). */
  minSpendCents: Cents,
  categories: Type.Array(ExpenseCategory, { minItems: 1, maxItems: 20 }),
  /** Added after the ceiling (e.g. +250 EUR with a legality rating), never beyond the eligible costs. */
  bonuses: Type.Array(Bonus, { maxItems: 5 }),
}, { additionalProperties: false })
export type GrantRule = Static<typeof GrantRule>

/** Who an expense or an invoice is from. */
export const SupplierFields = {
  supplierName: Type.String({ minLength: 1, maxLength: 200 }),
  /** Partita IVA (11 digits) or a foreign VAT number. */
  supplierVat: Type.Optional(Type.String({ pattern: '^[A-Z]{0,2}[0-9A-Z]{8,13}$' })),
}

export const Expense = Type.Object({
  category: CallCode,
  ...SupplierFields,
  description: Type.String({ minLength: 1, maxLength: 500 }),
  amountCents: Type.Integer({ minimum: 1, maximum: MAX_EXPENSE_CENTS }),
}, { additionalProperties: false })
export type Expense = Static<typeof Expense>

/** Declarations a firm makes when applying (dichiarazioni sostitutive, DPR 445/2000). */
export const Declarations = Type.Object({
  /** Everything declared is true, aware of the penalties for false statements: required to submit. */
  truthful: Type.Optional(Type.Boolean()),
  /** The chamber's annual fee (diritto annuale) is paid: checked at admissibility, we hold no payment data. */
  annualFeePaid: Type.Optional(Type.Boolean()),
  /** A legality rating (rating di legalità, AGCM): gives the call's bonus. */
  legalityRating: Type.Optional(Type.Boolean()),
  /** De minimis aid received by the single undertaking in the rolling period, from other sources. */
  deMinimisAidCents: Type.Optional(Cents),
  /** Not a firm in difficulty, not in insolvency proceedings. */
  notInDifficulty: Type.Optional(Type.Boolean()),
  /** The same costs get no other public funding. */
  noDoubleFunding: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })
export type Declarations = Static<typeof Declarations>

export interface CategoryFigures {
  code: string
  plannedCents: number
  /** What the category's cap lets count, or null without a cap. */
  capCents: number | null
  eligibleCents: number
}

export interface GrantProblem { path: string; code: 'unknown_category' | 'below_min_spend' | 'no_expenses'; message: string; params?: { eligibleCents: number; minSpendCents: number } }

export interface GrantResult {
  /** Sum of planned expenses in the call's categories (the "project"). */
  projectCents: number
  categories: CategoryFigures[]
  /** After category caps. */
  eligibleCents: number
  /** eligible x rate, rounded down to the cent. */
  rateCents: number
  /** min(rate amount, ceiling). */
  cappedCents: number
  bonusCents: number
  /** What the firm asks for: capped + bonuses, at most the eligible costs; 0 when there are problems. */
  grantCents: number
  problems: GrantProblem[]
}

/** a x b / 1000 rounded down; operands are bounded (MAX_EXPENSES x MAX_EXPENSE_CENTS x 1000 < 2^53). */
const perMille = (amount: number, pm: number) => Math.floor((amount * pm) / 1000)

/**
 * The requested grant for planned expenses:
 * 1. project = the planned expenses in the call's categories (an unknown category is a problem);
 * 2. each capped category counts up to capPm of the project, rounded down;
 * 3. eligible = the sum per category after caps; below minSpend it is a problem;
 * 4. grant = min(eligible x rate rounded down, maxGrant) + bonuses declared, never above eligible.
 */
export function computeGrant(rule: GrantRule, expenses: readonly Expense[], declarations: Declarations = {}): GrantResult {
  const problems: GrantProblem[] = []
  const known = new Map(rule.categories.map((c) => [c.code, c]))
  const planned = new Map<string, number>(rule.categories.map((c) => [c.code, 0]))
  expenses.forEach((e, i) => {
    if (!known.has(e.category)) {
      problems.push({ path: `/expenses/${i}/category`, code: 'unknown_category', message: `'${e.category}' is not an expense category of this call` })
      return
    }
    planned.set(e.category, planned.get(e.category)! + e.amountCents)
  })
  const projectCents = [...planned.values()].reduce((s, v) => s + v, 0)
  const categories: CategoryFigures[] = rule.categories.map((c) => {
    const p = planned.get(c.code)!
    const capCents = c.capPm === undefined ? null : perMille(projectCents, c.capPm)
    return { code: c.code, plannedCents: p, capCents, eligibleCents: capCents === null ? p : Math.min(p, capCents) }
  })
  const eligibleCents = categories.reduce((s, c) => s + c.eligibleCents, 0)
  if (expenses.length === 0) problems.push({ path: '/expenses', code: 'no_expenses', message: 'plan at least one expense' })
  else if (eligibleCents < rule.minSpendCents) {
    problems.push({ path: '/expenses', code: 'below_min_spend',
      message: `eligible costs of ${eligibleCents} cents are below the minimum spend of ${rule.minSpendCents} cents`,
      params: { eligibleCents, minSpendCents: rule.minSpendCents } })
  }
  const rateCents = perMille(eligibleCents, rule.ratePm)
  const cappedCents = Math.min(rateCents, rule.maxGrantCents)
  const bonusCents = rule.bonuses.filter((b) => bonusApplies(b.kind, declarations)).reduce((s, b) => s + b.amountCents, 0)
  const grantCents = problems.length ? 0 : Math.min(cappedCents + bonusCents, eligibleCents)
  return { projectCents, categories, eligibleCents, rateCents, cappedCents, bonusCents: problems.length ? 0 : grantCents - cappedCents, grantCents, problems }
}

function bonusApplies(kind: BonusKind, d: Declarations): boolean {
  switch (kind) {
    case 'legality_rating': return d.legalityRating === true
  }
}

/** A rule a call's terms break: its field, English for API consumers, the code the client words (CALL_RULE_CODES) and its values. */
export interface RuleProblem { path: string; message: string; code: string; params?: Record<string, string | number> }

/** What a rule cannot say in its schema: unique category codes, at most one bonus per kind. */
export function grantRuleProblems(rule: GrantRule, base = '/grantRule'): RuleProblem[] {
  const out: RuleProblem[] = []
  const seen = new Set<string>()
  rule.categories.forEach((c, i) => {
    if (seen.has(c.code)) out.push({ path: `${base}/categories/${i}/code`, message: `category '${c.code}' appears twice`, code: 'code_twice', params: { code: c.code } })
    seen.add(c.code)
  })
  const kinds = new Set<string>()
  rule.bonuses.forEach((b, i) => {
    if (kinds.has(b.kind)) out.push({ path: `${base}/bonuses/${i}/kind`, message: `bonus '${b.kind}' appears twice`, code: 'bonus_twice', params: { bonus: b.kind } })
    kinds.add(b.kind)
  })
  if (rule.categories.every((c) => c.capPm !== undefined) && rule.categories.reduce((s, c) => s + c.capPm!, 0) < 1000) {
    out.push({ path: `${base}/categories`, message: 'the caps of all categories add up to less than 100%: no project could be eligible in full', code: 'caps_below_full' })
  }
  return out
}
