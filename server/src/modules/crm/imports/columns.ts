import {
  IMPORT_COLUMNS, checkRea, checkTaxCode, checkVatNumber, sizeClass, vatCheckDigit, type IdentifierResult, type ImportColumn, type LegalForm,
} from '@pid/shared'

/**
 * The check of one row of a register extract (its columns, IMPORT_COLUMNS, are in @pid/shared:
 * the SPA explains them) against the real rules. Pure: the reference sets come from the database
 * once per run (reference.ts), so a million rows cost no query each.
 */

/** What the run checks rows against. */
export interface ImportReference {
  /** Plate codes the importing chamber covers today: rows of other provinces are errors. */
  chamberProvinces: Set<string>
  /** Every plate code (the REA may be kept in another province's register). */
  provinces: Set<string>
  /** ISTAT municipality code -> plate code of its province. */
  municipalityProvince: Map<string, string>
  /** ATECO code (division and below) -> section letter. */
  atecoSection: Map<string, string>
}

/** The staged firm, in the staging table's column order (staging.ts). */
export const STAGED_COLUMNS = [
  'row_number', 'tax_code', 'name', 'vat_number', 'rea_province', 'rea_number', 'legal_form', 'ateco_code',
  'ateco_section', 'secondary_ateco_codes', 'employees', 'turnover_cents', 'balance_sheet_cents', 'size_class',
  'founded_on', 'address', 'postal_code', 'municipality_code', 'province_code', 'pec', 'website', 'status',
] as const
export type StagedValue = string | number | string[] | null
export type StagedRow = StagedValue[]

export interface RowError { column: ImportColumn | null; message: string }
export type RowResult = { ok: true; row: StagedRow; taxCode: string; rea: string | null } | { ok: false; errors: RowError[] }

/** Header -> position in the record; throws a readable message when a column is missing. */
export function headerIndex(header: string[]): Record<ImportColumn, number> {
  const names = header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim().toLowerCase())
  const missing = IMPORT_COLUMNS.filter((c) => !names.includes(c))
  if (missing.length === IMPORT_COLUMNS.length) {
    throw new Error('the first line is not the register header: no known column (see FORMAT.md)')
  }
  if (missing.length) throw new Error(`the header lacks the column(s) ${missing.join(', ')} (see FORMAT.md)`)
  return Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<ImportColumn, number>
}

const STATUS: Record<string, string> = { attiva: 'active', inattiva: 'inactive', cessata: 'ceased' }

/** Our legal forms, and the abbreviations a register extract uses for them. */
const LEGAL_FORM_ALIASES: Record<string, LegalForm> = {
  ditta_individuale: 'ditta_individuale', di: 'ditta_individuale', 'impresa individuale': 'ditta_individuale', 'ditta individuale': 'ditta_individuale',
  libero_professionista: 'libero_professionista', 'libero professionista': 'libero_professionista',
  snc: 'snc', sas: 'sas', srl: 'srl', srls: 'srls', spa: 'spa', sapa: 'sapa', 'srl semplificata': 'srls',
  cooperativa: 'cooperativa', 'societa cooperativa': 'cooperativa', sc: 'cooperativa', consorzio: 'consorzio',
  societa_semplice: 'societa_semplice', ss: 'societa_semplice', 'societa semplice': 'societa_semplice', altro: 'altro',
}
/** Forms whose codice fiscale is the owner's personal one (16 characters). */
const PERSONAL_FORMS = new Set<LegalForm>(['ditta_individuale', 'libero_professionista', 'altro'])

const AMOUNT = /^\d{1,13}(?:[.,]\d{1,2})?$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const PEC = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/
const SITE = /^(https?:\/\/)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?(\/\S*)?$/i
// Per-row costs add up over a million rows: today's date and legal-form spellings are worked out
// once, not per row.
let today = { value: '', until: 0 }
function todayIso(): string {
  const now = Date.now()
  if (now >= today.until) today = { value: new Date(now).toISOString().slice(0, 10), until: now - (now % 86_400_000) + 86_400_000 }
  return today.value
}

function validDate(v: string): boolean {
  const m = DATE.exec(v)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo - 1]!) return false
  return mo !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))
}

function cents(v: string): number {
  const [whole, frac = ''] = v.replace(',', '.').split('.')
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'))
}

const legalFormCache = new Map<string, LegalForm | undefined>()
function legalFormOf(v: string): LegalForm | undefined {
  if (legalFormCache.has(v)) return legalFormCache.get(v)
  const form = legalFormLookup(v)
  if (legalFormCache.size < 1000) legalFormCache.set(v, form)
  return form
}
function legalFormLookup(v: string): LegalForm | undefined {
  const key = v.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[.']/g, '').replace(/\s+/g, ' ').trim()
  return LEGAL_FORM_ALIASES[key] ?? LEGAL_FORM_ALIASES[key.replace(/ /g, '')]
}

function normaliseAteco(v: string): string {
  // "621000" (as some extracts write it) -> "62.10.00"
  return /^\d{6}$/.test(v) ? `${v.slice(0, 2)}.${v.slice(2, 4)}.${v.slice(4)}` : v
}

// Module-level helpers rather than closures: checkRow runs a million times per big file.
function cellOf(raw: string | undefined): string {
  const v = raw ?? ''
  // Most cells carry no spaces at the ends: skip the copy trim() would make.
  return v.length && (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32) ? v.trim() : v
}

function fail(errors: RowError[], column: ImportColumn, message: string): void {
  errors.push({ column, message })
}

function amount(errors: RowError[], column: 'fatturato_euro' | 'attivo_euro', v: string): number | null {
  if (!v) return null
  if (AMOUNT.test(v)) return cents(v)
  fail(errors, column, 'an amount in euro: digits, optional decimal comma and 2 decimals, no thousands separator')
  return null
}

const ELEVEN_DIGITS = /^\d{11}$/
/**
 * The common case, an 11-digit code already compact, checked here with stdnum's own rules (office
 * code 001-100, 120, 121, 888 or 999; Luhn check digit) without its Unicode clean-up, which is most
 * of its cost. Anything else - or any failure, for the reason - goes to the shared checks.
 */
function isCompactCompanyCode(v: string): boolean {
  if (!ELEVEN_DIGITS.test(v)) return false
  const office = Number(v.slice(7, 10))
  return ((office >= 1 && office <= 100) || office === 120 || office === 121 || office === 888 || office === 999) &&
    vatCheckDigit(v.slice(0, 10)) === v[10]
}
const taxCodeOf = (v: string): IdentifierResult => (isCompactCompanyCode(v) ? { ok: true, value: v } : checkTaxCode(v))
const vatOf = (v: string): IdentifierResult => (isCompactCompanyCode(v) ? { ok: true, value: v } : checkVatNumber(v))

/** Checks one record and maps it to firm columns. `rowNumber` is the line's number in the file (header = 1). */
export function checkRow(record: string[], at: Record<ImportColumn, number>, ref: ImportReference, rowNumber: number): RowResult {
  const errors: RowError[] = []

  const taxCode = taxCodeOf(cellOf(record[at.codice_fiscale]))
  if (!taxCode.ok) fail(errors, 'codice_fiscale', cellOf(record[at.codice_fiscale]) ? taxCode.reason : 'required')
  let vat: string | null = null
  if (cellOf(record[at.partita_iva])) {
    const r = vatOf(cellOf(record[at.partita_iva]))
    if (r.ok) vat = r.value
    else fail(errors, 'partita_iva', r.reason)
  }
  const rawName = cellOf(record[at.denominazione])
  const name = /\s\s|[\t\n\r]/.test(rawName) ? rawName.replace(/\s+/g, ' ') : rawName
  if (!name) fail(errors, 'denominazione', 'required')
  else if (name.length > 300) fail(errors, 'denominazione', 'longer than 300 characters')

  const formCell = cellOf(record[at.forma_giuridica])
  const legalForm = formCell ? legalFormOf(formCell) : 'altro'
  if (!legalForm) fail(errors, 'forma_giuridica', `unknown legal form "${formCell.slice(0, 40)}"`)
  else if (taxCode.ok && taxCode.value.length === 16 && !PERSONAL_FORMS.has(legalForm)) {
    fail(errors, 'codice_fiscale', 'a company has an 11-digit codice fiscale, not a personal one')
  }

  let reaProvince: string | null = null
  let reaNumber: number | null = null
  if (cellOf(record[at.rea_provincia]) || cellOf(record[at.rea_numero])) {
    const r = checkRea(cellOf(record[at.rea_provincia]), cellOf(record[at.rea_numero]))
    if (!r.ok) fail(errors, /province/.test(r.reason) ? 'rea_provincia' : 'rea_numero', r.reason)
    else if (!ref.provinces.has(cellOf(record[at.rea_provincia]).toUpperCase())) fail(errors, 'rea_provincia', 'not an Italian province')
    else { reaProvince = cellOf(record[at.rea_provincia]).toUpperCase(); reaNumber = Number(cellOf(record[at.rea_numero])) }
  }

  let ateco: string | null = null
  let section: string | null = null
  if (cellOf(record[at.ateco])) {
    ateco = normaliseAteco(cellOf(record[at.ateco]))
    section = ref.atecoSection.get(ateco) ?? null
    if (!section) fail(errors, 'ateco', `ATECO 2025 has no code ${ateco.slice(0, 20)}`)
  }
  const secondary: string[] = []
  const secondaryCell = cellOf(record[at.ateco_secondari])
  for (const raw of secondaryCell ? secondaryCell.split(/[;|]/) : []) {
    const code = normaliseAteco(raw.trim())
    if (!code) continue
    if (!ref.atecoSection.has(code)) fail(errors, 'ateco_secondari', `ATECO 2025 has no code ${code.slice(0, 20)}`)
    else if (!secondary.includes(code) && code !== ateco) secondary.push(code)
  }
  if (secondary.length > 20) fail(errors, 'ateco_secondari', 'more than 20 secondary codes')

  let employees: number | null = null
  const employeesCell = cellOf(record[at.addetti])
  if (employeesCell) {
    if (/^\d{1,7}$/.test(employeesCell)) employees = Number(employeesCell)
    else fail(errors, 'addetti', 'a whole number of employees')
  }
  const turnover = amount(errors, 'fatturato_euro', cellOf(record[at.fatturato_euro]))
  const balance = amount(errors, 'attivo_euro', cellOf(record[at.attivo_euro]))

  let founded: string | null = null
  const foundedCell = cellOf(record[at.data_costituzione])
  if (foundedCell) {
    if (!validDate(foundedCell)) fail(errors, 'data_costituzione', 'a date as YYYY-MM-DD')
    else if (foundedCell < '1800-01-01' || foundedCell > todayIso()) fail(errors, 'data_costituzione', 'outside 1800 to today')
    else founded = foundedCell
  }

  const address = cellOf(record[at.indirizzo]) || null
  if (address && address.length > 300) fail(errors, 'indirizzo', 'longer than 300 characters')
  const postalCode = cellOf(record[at.cap]) || null
  if (postalCode && !/^\d{5}$/.test(postalCode)) fail(errors, 'cap', 'a CAP has 5 digits')

  const province = cellOf(record[at.provincia]).toUpperCase()
  if (!province) fail(errors, 'provincia', 'required')
  else if (!ref.chamberProvinces.has(province)) fail(errors, 'provincia', `the chamber does not cover the province ${province.slice(0, 10)}`)
  const municipality = cellOf(record[at.comune_istat]) || null
  if (municipality) {
    const of = /^\d{6}$/.test(municipality) ? ref.municipalityProvince.get(municipality) : undefined
    if (!of) fail(errors, 'comune_istat', 'not an ISTAT municipality code')
    else if (province && of !== province) fail(errors, 'comune_istat', `the municipality lies in ${of}, not in ${province.slice(0, 10)}`)
  }

  const pec = cellOf(record[at.pec]).toLowerCase() || null
  if (pec && (pec.length > 254 || !PEC.test(pec))) fail(errors, 'pec', 'not an e-mail address')
  let website = cellOf(record[at.sito_web]) || null
  if (website) {
    if (website.length > 290 || !SITE.test(website)) fail(errors, 'sito_web', 'not a web address')
    else if (!/^https?:\/\//i.test(website)) website = `https://${website}`
  }
  const status = STATUS[cellOf(record[at.stato]).toLowerCase()]
  if (!status) fail(errors, 'stato', 'attiva, inattiva or cessata')

  if (errors.length || !taxCode.ok) return { ok: false, errors }
  return {
    ok: true,
    taxCode: taxCode.value,
    rea: reaProvince ? `${reaProvince}-${reaNumber}` : null,
    row: [
      rowNumber, taxCode.value, name, vat, reaProvince, reaNumber, legalForm!, ateco, section, secondary, employees,
      turnover, balance, sizeClass(employees, turnover, balance), founded, address, postalCode, municipality, province,
      pec, website, status!,
    ],
  }
}
