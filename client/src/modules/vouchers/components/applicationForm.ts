import type { ApplicationContact, Declarations, Expense, PublicCall, VoucherApplication } from '@pid/shared'
import { centsToInput, parseEuroCents } from '../composables/euroInput'

/**
 * The application form's model: what the inputs hold (amounts as typed), converted to the API's
 * shapes. Field errors are keyed by the API's JSON pointer without its leading '/', so the server's
 * answer to a submission ('/expenses/0/amountCents', '/documents/quotes', '/contact') lands on the
 * same fields as the form's own checks.
 */
/** What the form needs of its call: the firm's view (PublicCall) and staff's (VoucherCall) both give it. */
export type FormCall = Pick<PublicCall, 'id' | 'code' | 'title' | 'phase' | 'grantRule' | 'eligibility' | 'deMinimis' | 'documents' | 'reserveCount'>

export interface ExpenseRow { category: string; supplierName: string; supplierVat: string; description: string; amount: string }
export interface ApplicationFormState {
  contact: { name: string; email: string; phone: string }
  expenses: ExpenseRow[]
  declarations: { truthful: boolean; annualFeePaid: boolean; legalityRating: boolean; notInDifficulty: boolean; noDoubleFunding: boolean; deMinimisAid: string }
}

export const emptyExpense = (category = ''): ExpenseRow => ({ category, supplierName: '', supplierVat: '', description: '', amount: '' })

export function toFormState(a: VoucherApplication, locale: string): ApplicationFormState {
  const d = a.declarations
  return {
    contact: { name: a.contact?.name ?? '', email: a.contact?.email ?? '', phone: a.contact?.phone ?? '' },
    expenses: a.expenses.length
      ? a.expenses.map((e) => ({ category: e.category, supplierName: e.supplierName, supplierVat: e.supplierVat ?? '', description: e.description,
        amount: centsToInput(e.amountCents, locale) }))
      : [emptyExpense()],
    declarations: { truthful: d.truthful === true, annualFeePaid: d.annualFeePaid === true, legalityRating: d.legalityRating === true,
      notInDifficulty: d.notInDifficulty === true, noDoubleFunding: d.noDoubleFunding === true, deMinimisAid: centsToInput(d.deMinimisAidCents ?? 0, locale) },
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const PHONE = /^\+?[0-9 ]{6,20}$/
const VAT = /^[A-Z]{0,2}[0-9A-Z]{8,13}$/
const MAX_EXPENSE_CENTS = 10_000_000_000

export interface FormMessages { required: string; email: string; phone: string; vat: string; amount: string; declare: string; document: string }

function expenseErrors(e: ExpenseRow, i: number, categories: ReadonlySet<string>, m: FormMessages): Record<string, string> {
  const out: Record<string, string> = {}
  if (!categories.has(e.category)) out[`expenses/${i}/category`] = m.required
  if (!e.supplierName.trim()) out[`expenses/${i}/supplierName`] = m.required
  if (e.supplierVat.trim() && !VAT.test(e.supplierVat.trim().toUpperCase().replace(/\s/g, ''))) out[`expenses/${i}/supplierVat`] = m.vat
  if (!e.description.trim()) out[`expenses/${i}/description`] = m.required
  const cents = parseEuroCents(e.amount)
  if (cents === null || cents < 1 || cents > MAX_EXPENSE_CENTS) out[`expenses/${i}/amountCents`] = e.amount.trim() ? m.amount : m.required
  return out
}

function toExpense(e: ExpenseRow): Expense {
  const vat = e.supplierVat.trim().toUpperCase().replace(/\s/g, '')
  return { category: e.category, supplierName: e.supplierName.trim(), ...(vat ? { supplierVat: vat } : {}), description: e.description.trim(),
    amountCents: parseEuroCents(e.amount)! }
}

/** The rows that are complete, as the API takes them (for the live preview and for saving). */
export function completeExpenses(s: ApplicationFormState, call: FormCall): Expense[] {
  const categories = new Set(call.grantRule.categories.map((c) => c.code))
  return s.expenses.filter((e, i) => !Object.keys(expenseErrors(e, i, categories, { required: '', email: '', phone: '', vat: '', amount: '', declare: '', document: '' })).length)
    .map(toExpense)
}

export function toDeclarations(s: ApplicationFormState): Declarations {
  const d = s.declarations
  return { truthful: d.truthful, annualFeePaid: d.annualFeePaid, legalityRating: d.legalityRating, notInDifficulty: d.notInDifficulty,
    noDoubleFunding: d.noDoubleFunding, deMinimisAidCents: parseEuroCents(d.deMinimisAid) ?? 0 }
}

export function toContact(s: ApplicationFormState): ApplicationContact {
  const phone = s.contact.phone.trim()
  return { name: s.contact.name.trim(), email: s.contact.email.trim(), ...(phone ? { phone } : {}) }
}

/** Every problem the form can see before sending; `forSubmission` adds what only submitting requires. */
export function checkApplication(s: ApplicationFormState, call: FormCall, uploadedTypes: ReadonlySet<string>, m: FormMessages,
  forSubmission: boolean): Record<string, string> {
  const out: Record<string, string> = {}
  const c = s.contact
  if (forSubmission && !c.name.trim()) out['contact/name'] = m.required
  if (c.email.trim() ? !EMAIL.test(c.email.trim()) : forSubmission) out['contact/email'] = c.email.trim() ? m.email : m.required
  if (c.phone.trim() && !PHONE.test(c.phone.trim())) out['contact/phone'] = m.phone
  const categories = new Set(call.grantRule.categories.map((k) => k.code))
  s.expenses.forEach((e, i) => {
    const blank = !e.category && !e.supplierName.trim() && !e.description.trim() && !e.amount.trim() && !e.supplierVat.trim()
    if (!blank || forSubmission) Object.assign(out, expenseErrors(e, i, categories, m))
  })
  if (s.declarations.deMinimisAid.trim() && parseEuroCents(s.declarations.deMinimisAid) === null) out['declarations/deMinimisAidCents'] = m.amount
  if (forSubmission) {
    if (!s.declarations.truthful) out['declarations/truthful'] = m.declare
    if (call.eligibility.annualFeePaid && !s.declarations.annualFeePaid) out['declarations/annualFeePaid'] = m.declare
    for (const d of call.documents) if (d.required && !uploadedTypes.has(d.code)) out[`documents/${d.code}`] = m.document
  }
  return out
}

/** What may be saved now: each part only when it is valid on its own (a half-typed row waits). */
export function savableParts(s: ApplicationFormState, call: FormCall, m: FormMessages): { contact?: ApplicationContact; expenses?: Expense[]; declarations?: Declarations } {
  const errors = checkApplication(s, call, new Set(), m, false)
  const has = (prefix: string) => Object.keys(errors).some((k) => k.startsWith(prefix))
  const rows = s.expenses.filter((e) => e.category || e.supplierName.trim() || e.description.trim() || e.amount.trim() || e.supplierVat.trim())
  const contactOk = !has('contact/') && !!s.contact.name.trim() && !!s.contact.email.trim()
  return {
    ...(contactOk ? { contact: toContact(s) } : {}),
    ...(!has('expenses/') ? { expenses: rows.map(toExpense) } : {}),
    ...(!has('declarations/') ? { declarations: toDeclarations(s) } : {}),
  }
}
