import type { Selectable } from 'kysely'
import type { FirmStatus, FirmSummary, Firm, LegalForm, SizeClass } from '@pid/shared'
import type { FirmTable } from '../tables.ts'
import type { DbOrTx } from '../../../db/database.ts'
import { notFound } from '../../../core/errors.ts'
import { versionOf, type Version } from '../../../core/etag.ts'
import { shownTaxCode, visibleFirms, withoutPersonalData, type FirmAccess } from '../access.ts'

/** Rows of `firm` with the names the list joins in, and their API shapes. */
export type FirmRow = Selectable<FirmTable> & { assigned_name: string | null; municipality_name: string | null }

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export function toFirmSummary(r: FirmRow, access: FirmAccess): FirmSummary {
  return {
    id: r.id, name: r.name, taxCode: shownTaxCode(access, r.tax_code), vatNumber: r.vat_number, legalForm: r.legal_form as LegalForm,
    atecoCode: r.ateco_code, atecoSection: r.ateco_section, sizeClass: r.size_class as SizeClass | null,
    provinceCode: r.province_code, municipalityCode: r.municipality_code, municipalityName: r.municipality_name,
    status: r.status as FirmStatus, stage: r.stage, maturityLevel: r.maturity_level, tags: r.tags,
    assignedTo: r.assigned_to !== null ? { id: r.assigned_to, name: r.assigned_name ?? '' } : null,
    lastTouchAt: iso(r.last_touch_at), createdAt: r.created_at.toISOString(),
  }
}

/** The firm's profile, or 404 when it is not in the chamber or not visible to this actor. */
export async function loadFirm(db: DbOrTx, access: FirmAccess, firmId: number): Promise<Firm> {
  return (await loadVersionedFirm(db, access, firmId)).body
}

/** The profile with its version (the ETag of GET and PATCH, core/etag.ts), read in the same query. */
export async function loadVersionedFirm(db: DbOrTx, access: FirmAccess, firmId: number): Promise<{ body: Firm; version: Version }> {
  const row = await db.selectFrom('firm as f')
    .where(visibleFirms(access))
    .where('f.id', '=', firmId)
    .leftJoin('app_user as u', 'u.id', 'f.assigned_to')
    .leftJoin('municipality as m', 'm.istat_code', 'f.municipality_code')
    .leftJoin('ateco as a', 'a.code', 'f.ateco_code')
    .selectAll('f')
    .select(['u.name as assigned_name', 'm.name as municipality_name', 'a.title_it as ateco_title'])
    .select(versionOf('f.updated_at').as('version'))
    .select((eb) => [
      eb.selectFrom('contact as c').select(eb.fn.countAll<number>().as('n')).whereRef('c.firm_id', '=', 'f.id').as('contact_count'),
      eb.selectFrom('timeline_event as t').select(eb.fn.countAll<number>().as('n')).whereRef('t.firm_id', '=', 'f.id').as('event_count'),
    ])
    .executeTakeFirst()
  if (!row) throw notFound('firm')
  const r = withoutPersonalData(access, row)
  const body: Firm = {
    ...toFirmSummary(r, access), chamberId: r.chamber_id, reaProvince: r.rea_province, reaNumber: r.rea_number,
    atecoTitle: r.ateco_title, secondaryAtecoCodes: r.secondary_ateco_codes, employees: r.employees,
    turnoverCents: r.turnover_cents, balanceSheetCents: r.balance_sheet_cents, foundedOn: r.founded_on,
    address: r.address, postalCode: r.postal_code, pec: r.pec, website: r.website, email: r.email, phone: r.phone,
    stageChangedAt: iso(r.stage_changed_at), registeredByPartnerId: r.registered_by_partner_id,
    updatedAt: r.updated_at.toISOString(), contactCount: Number(r.contact_count ?? 0), timelineEventCount: Number(r.event_count ?? 0),
  }
  return { body, version: row.version }
}

