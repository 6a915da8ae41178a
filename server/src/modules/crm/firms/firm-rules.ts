import type { Selectable, Updateable } from 'kysely'
import {
  CHAMBER_ROLES, checkRea, checkTaxCode, checkVatNumber, roleAllows, sizeClass, type UpdateFirmBody,
} from '@pid/shared'
import type { FirmTable } from '../tables.ts'
import type { DbOrTx } from '../../../db/database.ts'
import { badRequest, conflict } from '../../../core/errors.ts'
import { chamberForProvince } from '../access.ts'

type FieldError = { path: string; message: string }
// A creation body is an update of every field from nothing.
type Body = Partial<UpdateFirmBody>
type Current = Selectable<FirmTable> | undefined

/** Forms whose codice fiscale is the owner's personal code; every other form is a company with 11 digits. */
const PERSONAL_FORMS = new Set(['ditta_individuale', 'libero_professionista', 'altro'])
/** Who may be assigned a firm: chamber staff who work the CRM (not partners, mentors or firm users). */
const ASSIGNABLE_ROLES = CHAMBER_ROLES.filter((r) => r !== 'partner_user' && roleAllows(r, 'crm.firms.write'))

export const normaliseTags = (tags: string[]) => [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort()

/**
 * Turns a create or update body into the columns to write, checking every rule the database
 * cannot: identifiers (check digits, office codes), the province covered by the chamber, the
 * municipality inside the province, ATECO codes that exist, the assignee. Every field error is
 * reported at once with its path; then duplicates are a 409 naming the existing firm.
 */
export async function firmColumns(db: DbOrTx, chamberId: number, body: Body, current: Current): Promise<Updateable<FirmTable>> {
  const errors: FieldError[] = []
  const fail = (path: string, message: string) => { errors.push({ path, message }) }
  const out: Updateable<FirmTable> = {}

  if (body.name !== undefined) {
    if (body.name.trim() === '') fail('/name', 'the name is empty')
    out.name = body.name.trim()
  }
  const legalForm = body.legalForm ?? current?.legal_form ?? 'altro'
  if (body.legalForm !== undefined) out.legal_form = body.legalForm
  if (body.taxCode !== undefined || (body.legalForm !== undefined && current)) {
    const r = checkTaxCode(body.taxCode ?? current!.tax_code)
    if (!r.ok) fail('/taxCode', r.reason)
    else if (r.value.length === 16 && !PERSONAL_FORMS.has(legalForm)) fail(body.taxCode !== undefined ? '/taxCode' : '/legalForm', 'a company\'s codice fiscale has 11 digits')
    else out.tax_code = r.value
  }
  if (body.vatNumber !== undefined) {
    const r = body.vatNumber === null ? null : checkVatNumber(body.vatNumber)
    if (r && !r.ok) fail('/vatNumber', r.reason)
    else out.vat_number = r ? r.value : null
  }

  const province = body.provinceCode ?? current?.province_code
  if (body.provinceCode !== undefined && body.provinceCode !== current?.province_code &&
    (await chamberForProvince(db, body.provinceCode)) !== chamberId) {
    fail('/provinceCode', `the chamber does not cover province ${body.provinceCode}`)
  } else if (body.provinceCode !== undefined) out.province_code = body.provinceCode

  const municipality = body.municipalityCode !== undefined ? body.municipalityCode : current?.municipality_code ?? null
  if (body.municipalityCode !== undefined) out.municipality_code = body.municipalityCode
  if (municipality !== null && (body.municipalityCode !== undefined || body.provinceCode !== undefined)) {
    const m = await db.selectFrom('municipality').select('province_code').where('istat_code', '=', municipality).executeTakeFirst()
    if (!m) fail('/municipalityCode', 'no municipality has this ISTAT code')
    else if (m.province_code !== province) fail('/municipalityCode', `the municipality is not in province ${province}`)
  }

  await checkRegister(db, body, current, province, fail, out)
  await checkAteco(db, body, fail, out)

  for (const [key, column] of [['employees', 'employees'], ['turnoverCents', 'turnover_cents'], ['balanceSheetCents', 'balance_sheet_cents'],
    ['foundedOn', 'founded_on'], ['address', 'address'], ['postalCode', 'postal_code'], ['pec', 'pec'], ['website', 'website'],
    ['email', 'email'], ['phone', 'phone'], ['status', 'status']] as const) {
    if (body[key] !== undefined) (out as Record<string, unknown>)[column] = body[key]
  }
  if (body.employees !== undefined || body.turnoverCents !== undefined || body.balanceSheetCents !== undefined || !current) {
    const pick = <K extends 'employees' | 'turnoverCents' | 'balanceSheetCents'>(k: K, col: keyof FirmTable) =>
      body[k] !== undefined ? body[k] : (current?.[col] as number | null | undefined) ?? null
    out.size_class = sizeClass(pick('employees', 'employees'), pick('turnoverCents', 'turnover_cents'), pick('balanceSheetCents', 'balance_sheet_cents'))
  }
  if (body.tags !== undefined) out.tags = normaliseTags(body.tags)
  if (body.assignedTo !== undefined) {
    if (body.assignedTo !== null && !(await isAssignable(db, chamberId, body.assignedTo))) {
      fail('/assignedTo', 'not a staff member of this chamber')
    }
    out.assigned_to = body.assignedTo
  }

  if (errors.length) throw badRequest('the firm data are not valid', errors)
  await checkDuplicates(db, out, current)
  return out
}

/** REA: province (defaults to the firm's) and number go together; the province must exist. */
async function checkRegister(db: DbOrTx, body: Body, current: Current, province: string | undefined,
  fail: (p: string, m: string) => void, out: Updateable<FirmTable>): Promise<void> {
  if (body.reaNumber === undefined && body.reaProvince === undefined) return
  const number = body.reaNumber !== undefined ? body.reaNumber : current?.rea_number ?? null
  if (number === null) {
    if (body.reaProvince) fail('/reaNumber', 'give the REA number with its province')
    else { out.rea_number = null; out.rea_province = null }
    return
  }
  const reaProvince = body.reaProvince ?? current?.rea_province ?? province ?? ''
  const r = checkRea(reaProvince, number)
  if (!r.ok) { fail(body.reaProvince ? '/reaProvince' : '/reaNumber', r.reason); return }
  const known = await db.selectFrom('province').select('code').where('code', '=', reaProvince).executeTakeFirst()
  if (!known) { fail('/reaProvince', `no province has plate code ${reaProvince}`); return }
  out.rea_province = reaProvince
  out.rea_number = number
}

async function checkAteco(db: DbOrTx, body: Body, fail: (p: string, m: string) => void, out: Updateable<FirmTable>): Promise<void> {
  const wanted = [...(body.atecoCode ? [body.atecoCode] : []), ...(body.secondaryAtecoCodes ?? [])]
  const known = wanted.length
    ? new Map((await db.selectFrom('ateco').select(['code', 'section']).where('code', 'in', wanted).execute()).map((r) => [r.code, r.section]))
    : new Map<string, string>()
  if (body.atecoCode === null) { out.ateco_code = null; out.ateco_section = null }
  if (body.atecoCode) {
    const section = known.get(body.atecoCode)
    if (section === undefined) fail('/atecoCode', 'no ATECO 2025 code is ' + body.atecoCode)
    else { out.ateco_code = body.atecoCode; out.ateco_section = section }
  }
  if (body.secondaryAtecoCodes) {
    body.secondaryAtecoCodes.forEach((c, i) => { if (!known.has(c)) fail(`/secondaryAtecoCodes/${i}`, 'no ATECO 2025 code is ' + c) })
    out.secondary_ateco_codes = body.secondaryAtecoCodes
  }
}

async function isAssignable(db: DbOrTx, chamberId: number, userId: number): Promise<boolean> {
  const row = await db.selectFrom('role_assignment as ra').innerJoin('app_user as u', 'u.id', 'ra.user_id')
    .select('ra.id').where('ra.user_id', '=', userId).where('ra.chamber_id', '=', chamberId)
    .where('ra.role', 'in', ASSIGNABLE_ROLES).where('u.status', '!=', 'disabled').executeTakeFirst()
  return row !== undefined
}

/** One firm per codice fiscale and per REA number: a 409 that names the firm already registered. */
async function checkDuplicates(db: DbOrTx, out: Updateable<FirmTable>, current: Current): Promise<void> {
  const taxCode = out.tax_code as string | undefined
  if (taxCode !== undefined && taxCode !== current?.tax_code) {
    const other = await db.selectFrom('firm').select(['id', 'name']).where('tax_code', '=', taxCode).executeTakeFirst()
    if (other) throw conflict(`a firm with codice fiscale ${taxCode} is already registered: ${other.name} (id ${other.id})`)
  }
  const reaNumber = out.rea_number as number | null | undefined
  if (reaNumber != null && (reaNumber !== current?.rea_number || out.rea_province !== current?.rea_province)) {
    const other = await db.selectFrom('firm').select(['id', 'name']).where('rea_province', '=', out.rea_province as string)
      .where('rea_number', '=', reaNumber).executeTakeFirst()
    if (other && other.id !== current?.id) throw conflict(`REA ${String(out.rea_province)}-${reaNumber} is already registered: ${other.name} (id ${other.id})`)
  }
}
