import {
  ALLOCATION_METHODS, DEFAULT_DE_MINIMIS, DOCUMENT_MAX_BYTES, grantRuleProblems, type AllocationMethod, type CallDocument, type CreateCallBody,
  type DocumentMediaType, type LocalText, type SizeClass, type UpdateCallBody, type VoucherCall,
} from '@pid/shared'
import { fromRomeLocal, toRomeLocal } from '../../../app/composables/romeTime'

/**
 * The call editor's model: what the inputs hold (euros, percentages, Rome wall-clock times, comma
 * lists), converted once to the API's cents, per mille and instants. Field errors are keyed by the
 * API's JSON pointer without its leading '/', so server and client errors land on the same field.
 */
export interface TextModel { it: string; en: string }
export interface CategoryModel { code: string; label: TextModel; capPct: number | null }
export interface QuotaModel { code: string; label: TextModel; sharePct: number | null; sizeClasses: SizeClass[]; ateco: string }
export interface CriterionModel { code: string; label: TextModel; weight: number | null; maxScore: number | null }
export interface DocumentModel { code: string; label: TextModel; required: boolean; mediaTypes: DocumentMediaType[]; maxMb: number | null }

export interface CallFormModel {
  code: string
  title: TextModel
  summary: TextModel
  body: TextModel
  opensAt: string
  closesAt: string
  budgetYear: number | null
  envelope: number | null
  allocation: AllocationMethod
  allowRemainder: boolean
  reserveLimit: number | null
  maxGrant: number | null
  ratePct: number | null
  minSpend: number | null
  categories: CategoryModel[]
  /** The legality-rating bonus in euros; null: none. */
  legalityBonus: number | null
  sizeClasses: SizeClass[]
  seatInChamber: boolean
  activeInRegister: boolean
  annualFeePaid: boolean
  atecoExclusions: string
  assessmentRequired: boolean
  assessmentMonths: number | null
  deMinimisCeiling: number | null
  deMinimisYears: number | null
  quotas: QuotaModel[]
  criteria: CriterionModel[]
  documents: DocumentModel[]
  reportingDeadline: string
  /** Reporting must show a self-assessment completed after the grant. */
  reportingAssessment: boolean
  rnaCarCode: string
  cup: string
}

const text = (it = '', en = ''): TextModel => ({ it, en })
const fromText = (t: LocalText | null | undefined): TextModel => text(t?.it ?? '', t?.en ?? '')
const toText = (t: TextModel): LocalText => ({ it: t.it.trim(), ...(t.en.trim() ? { en: t.en.trim() } : {}) })
const cents = (euro: number | null) => (euro === null ? NaN : Math.round(euro * 100))
const pm = (pct: number | null) => (pct === null ? NaN : Math.round(pct * 10))
const list = (s: string) => s.split(/[,;\s]+/).map((x) => x.trim()).filter(Boolean)

/** A new call with the terms most chamber calls of 2021-2025 used: 50% up to 10,000 EUR, consultancy up to 30%. */
export function emptyCallForm(year: number): CallFormModel {
  return {
    code: `VD-${year}-01`, title: text(), summary: text(), body: text(), opensAt: '', closesAt: '',
    budgetYear: year, envelope: null, allocation: 'fcfs', allowRemainder: true, reserveLimit: null,
    maxGrant: 10_000, ratePct: 50, minSpend: 3_000,
    categories: [
      { code: 'consulenza', label: text('Consulenza', 'Consulting'), capPct: 30 },
      { code: 'formazione', label: text('Formazione', 'Training'), capPct: null },
      { code: 'tecnologie', label: text('Tecnologie I4.0', 'I4.0 technologies'), capPct: null },
    ],
    legalityBonus: 250, sizeClasses: ['micro', 'small', 'medium'], seatInChamber: true, activeInRegister: true, annualFeePaid: true,
    atecoExclusions: '', assessmentRequired: false, assessmentMonths: null,
    deMinimisCeiling: DEFAULT_DE_MINIMIS.ceilingCents / 100, deMinimisYears: DEFAULT_DE_MINIMIS.years,
    quotas: [], criteria: [],
    documents: [{ code: 'preventivi', label: text('Preventivi dei fornitori', 'Suppliers\' quotes'), required: true,
      mediaTypes: ['application/pdf', 'application/pkcs7-mime'], maxMb: 5 }],
    reportingDeadline: `${year + 1}-06-30`, reportingAssessment: false, rnaCarCode: '', cup: '',
  }
}

export function callToForm(c: VoucherCall): CallFormModel {
  const legality = c.grantRule.bonuses.find((b) => b.kind === 'legality_rating')
  return {
    code: c.code, title: fromText(c.title), summary: fromText(c.summary), body: fromText(c.body),
    opensAt: toRomeLocal(c.opensAt), closesAt: toRomeLocal(c.closesAt), budgetYear: c.budgetYear, envelope: c.envelopeCents / 100,
    allocation: c.allocation, allowRemainder: c.allowRemainder, reserveLimit: c.reserveLimit,
    maxGrant: c.grantRule.maxGrantCents / 100, ratePct: c.grantRule.ratePm / 10, minSpend: c.grantRule.minSpendCents / 100,
    categories: c.grantRule.categories.map((k) => ({ code: k.code, label: fromText(k.label), capPct: k.capPm === undefined ? null : k.capPm / 10 })),
    legalityBonus: legality ? legality.amountCents / 100 : null,
    sizeClasses: [...c.eligibility.sizeClasses], seatInChamber: c.eligibility.seatInChamber, activeInRegister: c.eligibility.activeInRegister,
    annualFeePaid: c.eligibility.annualFeePaid, atecoExclusions: c.eligibility.atecoExclusions.join(', '),
    assessmentRequired: c.eligibility.assessment !== null, assessmentMonths: c.eligibility.assessment?.withinMonths ?? null,
    deMinimisCeiling: c.deMinimis.ceilingCents / 100, deMinimisYears: c.deMinimis.years,
    quotas: c.quotas.map((q) => ({ code: q.code, label: fromText(q.label), sharePct: q.sharePm / 10, sizeClasses: [...q.sizeClasses], ateco: q.atecoPrefixes.join(', ') })),
    criteria: c.rankingCriteria.map((r) => ({ code: r.code, label: fromText(r.label), weight: r.weight, maxScore: r.maxScore })),
    documents: c.documents.map((d) => ({ code: d.code, label: fromText(d.label), required: d.required, mediaTypes: [...d.mediaTypes],
      maxMb: Math.round((d.maxBytes / 1024 / 1024) * 10) / 10 })),
    reportingDeadline: c.reportingDeadline, reportingAssessment: c.reportingAssessment, rnaCarCode: c.rnaCarCode ?? '', cup: c.cup ?? '',
  }
}

export function formToBody(m: CallFormModel): CreateCallBody {
  const body = toText(m.body)
  return {
    code: m.code.trim(), title: toText(m.title), summary: toText(m.summary), ...(body.it ? { body } : {}),
    opensAt: fromRomeLocal(m.opensAt) ?? '', closesAt: fromRomeLocal(m.closesAt) ?? '',
    budgetYear: m.budgetYear ?? NaN, envelopeCents: cents(m.envelope), allocation: m.allocation,
    allowRemainder: m.allocation === 'fcfs' && m.allowRemainder,
    reserveLimit: m.allocation === 'fcfs' ? m.reserveLimit : null,
    grantRule: {
      maxGrantCents: cents(m.maxGrant), ratePm: pm(m.ratePct), minSpendCents: m.minSpend === null ? 0 : cents(m.minSpend),
      categories: m.categories.map((c) => ({ code: c.code.trim(), label: toText(c.label), ...(c.capPct === null ? {} : { capPm: pm(c.capPct) }) })),
      bonuses: m.legalityBonus ? [{ kind: 'legality_rating', amountCents: cents(m.legalityBonus) }] : [],
    },
    eligibility: {
      sizeClasses: m.sizeClasses, seatInChamber: m.seatInChamber, activeInRegister: m.activeInRegister,
      atecoExclusions: [...new Set(list(m.atecoExclusions).map((s) => s.toUpperCase()))], annualFeePaid: m.annualFeePaid,
      assessment: m.assessmentRequired ? (m.assessmentMonths ? { withinMonths: m.assessmentMonths } : {}) : null,
    },
    deMinimis: { ceilingCents: cents(m.deMinimisCeiling), years: m.deMinimisYears ?? NaN },
    quotas: m.quotas.map((q) => ({ code: q.code.trim(), label: toText(q.label), sharePm: pm(q.sharePct), sizeClasses: q.sizeClasses,
      atecoPrefixes: [...new Set(list(q.ateco).map((s) => s.toUpperCase()))] })),
    rankingCriteria: m.allocation === 'ranking'
      ? m.criteria.map((r) => ({ code: r.code.trim(), label: toText(r.label), weight: r.weight ?? NaN, maxScore: r.maxScore ?? NaN }))
      : [],
    documents: m.documents.map((d): CallDocument => ({ code: d.code.trim(), label: toText(d.label), required: d.required, mediaTypes: d.mediaTypes,
      maxBytes: Math.min(DOCUMENT_MAX_BYTES, Math.round((d.maxMb ?? NaN) * 1024 * 1024)) })),
    reportingDeadline: m.reportingDeadline,
    reportingAssessment: m.reportingAssessment,
    rnaCarCode: m.rnaCarCode.trim() || null,
    cup: m.cup.trim().toUpperCase() || null,
  }
}

/** Only the texts, for a published call (its terms are frozen). */
export function formToTexts(m: CallFormModel): UpdateCallBody {
  const body = toText(m.body)
  return { title: toText(m.title), summary: toText(m.summary), ...(body.it ? { body } : {}) }
}

export interface CallFormMessages {
  required: string; code: string; itCode: string; window: string; date: string; amount: string; percent: string; duplicate: string
  sizes: string; types: string; ateco: (v: string) => string; cup: string; car: string; caps: string; criteria: string; integer: string; reporting: string
}

const CALL_CODE = /^[A-Z0-9][A-Z0-9-]{2,29}$/
const ITEM_CODE = /^[a-z][a-z0-9_]{0,39}$/
const ATECO = /^([A-U]|\d{2}(\.\d{1,2})?)$/

/** What the form can tell before sending: the same rules as the API's schema, in the user's words. */
export function checkCallForm(m: CallFormModel, msg: CallFormMessages): Record<string, string> {
  const e: Record<string, string> = {}
  const need = (key: string, ok: boolean, text = msg.required) => { if (!ok && !e[key]) e[key] = text }
  const money = (key: string, v: number | null, min = 0.01) => need(key, v !== null && v >= min, v === null ? msg.required : msg.amount)
  const percent = (key: string, v: number | null) => need(key, v !== null && v >= 0.1 && v <= 100, v === null ? msg.required : msg.percent)
  const codes = (base: string, items: { code: string }[]) => {
    const seen = new Set<string>()
    items.forEach((x, i) => {
      need(`${base}/${i}/code`, ITEM_CODE.test(x.code.trim()), x.code.trim() ? msg.itCode : msg.required)
      need(`${base}/${i}/code`, !seen.has(x.code.trim()), msg.duplicate)
      seen.add(x.code.trim())
    })
  }
  const labels = (base: string, items: { label: TextModel }[]) => items.forEach((x, i) => need(`${base}/${i}/label`, !!x.label.it.trim()))

  need('code', CALL_CODE.test(m.code.trim()), m.code.trim() ? msg.code : msg.required)
  need('title', !!m.title.it.trim())
  need('summary', !!m.summary.it.trim())
  const opens = fromRomeLocal(m.opensAt)
  const closes = fromRomeLocal(m.closesAt)
  need('opensAt', opens !== null, m.opensAt ? msg.date : msg.required)
  need('closesAt', closes !== null, m.closesAt ? msg.date : msg.required)
  if (opens && closes) need('closesAt', closes > opens, msg.window)
  need('budgetYear', m.budgetYear !== null && Number.isInteger(m.budgetYear) && m.budgetYear >= 2000 && m.budgetYear <= 2100, msg.integer)
  money('envelopeCents', m.envelope, 1)
  money('grantRule/maxGrantCents', m.maxGrant)
  percent('grantRule/ratePm', m.ratePct)
  need('grantRule/minSpendCents', m.minSpend === null || m.minSpend >= 0, msg.amount)
  need('grantRule/categories', m.categories.length > 0)
  codes('grantRule/categories', m.categories)
  labels('grantRule/categories', m.categories)
  m.categories.forEach((c, i) => { if (c.capPct !== null) percent(`grantRule/categories/${i}/capPm`, c.capPct) })
  if (m.legalityBonus !== null && m.legalityBonus !== 0) money('grantRule/bonuses/0/amountCents', m.legalityBonus)
  need('eligibility/sizeClasses', m.sizeClasses.length > 0, msg.sizes)
  const badAteco = list(m.atecoExclusions).find((s) => !ATECO.test(s.toUpperCase()))
  if (badAteco) e['eligibility/atecoExclusions'] = msg.ateco(badAteco)
  if (m.assessmentMonths !== null) need('eligibility/assessment', Number.isInteger(m.assessmentMonths) && m.assessmentMonths >= 1 && m.assessmentMonths <= 60, msg.integer)
  money('deMinimis/ceilingCents', m.deMinimisCeiling)
  need('deMinimis/years', m.deMinimisYears !== null && Number.isInteger(m.deMinimisYears) && m.deMinimisYears >= 1 && m.deMinimisYears <= 10, msg.integer)
  if (m.reserveLimit !== null) need('reserveLimit', Number.isInteger(m.reserveLimit) && m.reserveLimit >= 0, msg.integer)
  codes('quotas', m.quotas)
  labels('quotas', m.quotas)
  m.quotas.forEach((q, i) => {
    percent(`quotas/${i}/sharePm`, q.sharePct)
    const bad = list(q.ateco).find((s) => !ATECO.test(s.toUpperCase()))
    if (bad) e[`quotas/${i}/atecoPrefixes`] = msg.ateco(bad)
  })
  if (m.allocation === 'ranking') {
    need('rankingCriteria', m.criteria.length > 0, msg.criteria)
    codes('rankingCriteria', m.criteria)
    labels('rankingCriteria', m.criteria)
    m.criteria.forEach((r, i) => {
      need(`rankingCriteria/${i}/weight`, r.weight !== null && Number.isInteger(r.weight) && r.weight >= 1 && r.weight <= 100, msg.integer)
      need(`rankingCriteria/${i}/maxScore`, r.maxScore !== null && Number.isInteger(r.maxScore) && r.maxScore >= 1 && r.maxScore <= 100, msg.integer)
    })
  }
  codes('documents', m.documents)
  labels('documents', m.documents)
  m.documents.forEach((d, i) => {
    need(`documents/${i}/mediaTypes`, d.mediaTypes.length > 0, msg.types)
    need(`documents/${i}/maxBytes`, d.maxMb !== null && d.maxMb >= 0.01 && d.maxMb <= DOCUMENT_MAX_BYTES / 1024 / 1024, msg.amount)
  })
  need('reportingDeadline', /^\d{4}-\d{2}-\d{2}$/.test(m.reportingDeadline), m.reportingDeadline ? msg.date : msg.required)
  if (closes) need('reportingDeadline', m.reportingDeadline >= closes.slice(0, 10), msg.reporting)
  need('cup', !m.cup.trim() || /^[A-Z0-9]{15}$/.test(m.cup.trim().toUpperCase()), msg.cup)
  need('rnaCarCode', !m.rnaCarCode.trim() || /^[0-9]{1,12}$/.test(m.rnaCarCode.trim()), msg.car)
  if (!e['grantRule/categories'] && m.categories.every((c) => c.capPct !== null)) {
    const rule = formToBody(m).grantRule
    if (grantRuleProblems(rule).some((p) => p.path === '/grantRule/categories')) e['grantRule/categories'] = msg.caps
  }
  return e
}

export const ALLOCATIONS: readonly AllocationMethod[] = ALLOCATION_METHODS
