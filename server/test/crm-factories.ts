import { randomInt } from 'node:crypto'
import { vatCheckDigit } from '@pid/shared'
import type { Db } from '../src/db/database.ts'
import type { FirmTable } from '../src/modules/crm/tables.ts'
import type { Insertable } from 'kysely'

/** A partita IVA with a valid office code and check digit, distinct within a test run. */
let serial = randomInt(1, 5_000_000)
export function fakeVat(): string {
  serial += 1
  const body = String(serial % 10_000_000).padStart(7, '0') + String(randomInt(1, 101)).padStart(3, '0')
  return body + vatCheckDigit(body)
}

/** A firm of the chamber covering `province` (default MI), valid codes, everything overridable. */
export async function makeFirm(db: Db, overrides: Partial<Insertable<FirmTable>> = {}): Promise<{ id: number; chamberId: number; taxCode: string }> {
  const province = overrides.province_code ?? 'MI'
  const chamber = overrides.chamber_id ?? (await db.selectFrom('chamber_province').select('chamber_id')
    .where('province_code', '=', province).where('valid_to', 'is', null).executeTakeFirstOrThrow()).chamber_id
  const vat = fakeVat()
  const row = await db.insertInto('firm').values({
    name: `Impresa di prova ${vat.slice(3, 7)} S.r.l.`, tax_code: vat, vat_number: vat, legal_form: 'srl',
    ateco_code: '62.10.00', ateco_section: 'K', employees: 5, size_class: 'micro', province_code: province,
    chamber_id: chamber, ...overrides,
  }).returning(['id', 'chamber_id', 'tax_code']).executeTakeFirstOrThrow()
  return { id: row.id, chamberId: row.chamber_id, taxCode: row.tax_code }
}

export async function makePartner(db: Db, name = `Partner ${randomInt(1e9)}`, kind = 'trade_association'): Promise<number> {
  const { id } = await db.insertInto('partner').values({ name, kind, competences: ['cybersecurity', 'e-commerce'] })
    .returning('id').executeTakeFirstOrThrow()
  return id
}

/** An agreement in force between a partner and a chamber. */
export async function makeAgreement(db: Db, partnerId: number, chamberId: number, validTo: string | null = null): Promise<number> {
  const { id } = await db.insertInto('partner_agreement').values({
    partner_id: partnerId, chamber_id: chamberId, title: 'Convenzione PID', signed_on: '2024-01-10', valid_from: '2024-01-10', valid_to: validTo,
  }).returning('id').executeTakeFirstOrThrow()
  return id
}
