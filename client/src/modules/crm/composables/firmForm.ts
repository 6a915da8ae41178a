import { checkTaxCode, checkVatNumber, type CreateFirmBody, type Firm, type FirmStatus, type LegalForm, type UpdateFirmBody } from '@pid/shared'

/** What the firm form edits: text boxes and pickers, turned into the API body on submit. */
export interface FirmFormModel {
  name: string
  taxCode: string
  vatNumber: string
  legalForm: LegalForm
  reaProvince: string
  reaNumber: number | null
  atecoCode: string | null
  provinceCode: string | null
  municipalityCode: string | null
  municipalityName: string | null
  address: string
  postalCode: string
  employees: number | null
  /** Euro as typed; the API wants cents. */
  turnoverEuro: number | null
  foundedOn: string
  pec: string
  email: string
  phone: string
  website: string
  status: FirmStatus
  tags: string
}

export function emptyFirmForm(province: string | null): FirmFormModel {
  return {
    name: '', taxCode: '', vatNumber: '', legalForm: 'srl', reaProvince: province ?? '', reaNumber: null, atecoCode: null,
    provinceCode: province, municipalityCode: null, municipalityName: null, address: '', postalCode: '', employees: null,
    turnoverEuro: null, foundedOn: '', pec: '', email: '', phone: '', website: '', status: 'active', tags: '',
  }
}

export function firmToForm(f: Firm): FirmFormModel {
  return {
    name: f.name, taxCode: f.taxCode, vatNumber: f.vatNumber ?? '', legalForm: f.legalForm, reaProvince: f.reaProvince ?? '',
    reaNumber: f.reaNumber, atecoCode: f.atecoCode, provinceCode: f.provinceCode, municipalityCode: f.municipalityCode,
    municipalityName: f.municipalityName, address: f.address ?? '', postalCode: f.postalCode ?? '', employees: f.employees,
    turnoverEuro: f.turnoverCents === null ? null : f.turnoverCents / 100, foundedOn: f.foundedOn ?? '', pec: f.pec ?? '',
    email: f.email ?? '', phone: f.phone ?? '', website: f.website ?? '', status: f.status, tags: f.tags.join(', '),
  }
}

const text = (s: string) => s.trim() || undefined
const tagsOf = (s: string) => [...new Set(s.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean))]

/** Instant feedback with the same checks the server runs; keys are the API's field paths. */
export function checkFirmForm(m: FirmFormModel, messages: { required: string; taxCode: string; vat: string }): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!m.name.trim()) errors.name = messages.required
  if (!m.taxCode.trim()) errors.taxCode = messages.required
  else if (!checkTaxCode(m.taxCode).ok) errors.taxCode = messages.taxCode
  if (m.vatNumber.trim() && !checkVatNumber(m.vatNumber).ok) errors.vatNumber = messages.vat
  if (!m.provinceCode) errors.provinceCode = messages.required
  return errors
}

export function formToCreateBody(m: FirmFormModel): CreateFirmBody {
  const body: CreateFirmBody = {
    name: m.name.trim(), taxCode: m.taxCode.trim().toUpperCase(), provinceCode: m.provinceCode ?? '', legalForm: m.legalForm,
    vatNumber: text(m.vatNumber), reaProvince: text(m.reaProvince)?.toUpperCase(), reaNumber: m.reaNumber ?? undefined,
    atecoCode: m.atecoCode ?? undefined, municipalityCode: m.municipalityCode ?? undefined, address: text(m.address),
    postalCode: text(m.postalCode), employees: m.employees ?? undefined,
    turnoverCents: m.turnoverEuro === null ? undefined : Math.round(m.turnoverEuro * 100),
    foundedOn: text(m.foundedOn), pec: text(m.pec), email: text(m.email), phone: text(m.phone), website: text(m.website),
    status: m.status, tags: tagsOf(m.tags),
  }
  for (const k of Object.keys(body) as (keyof CreateFirmBody)[]) if (body[k] === undefined) delete body[k]
  if (!body.reaNumber) delete body.reaProvince
  return body
}

/** Only what changed, with `null` for a cleared optional field. */
export function formToUpdateBody(m: FirmFormModel, before: Firm): UpdateFirmBody {
  const next = formToCreateBody(m)
  const old = formToCreateBody(firmToForm(before))
  const body: Record<string, unknown> = {}
  const keys = new Set([...Object.keys(next), ...Object.keys(old)]) as Set<keyof CreateFirmBody>
  for (const k of keys) {
    if (JSON.stringify(next[k]) !== JSON.stringify(old[k])) body[k] = next[k] === undefined ? (k === 'tags' ? [] : null) : next[k]
  }
  return body as UpdateFirmBody
}
