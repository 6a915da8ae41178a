import type { DbOrTx } from '../../../db/database.ts'
import type { ImportReference } from './columns.ts'

/** Loads the sets a run checks rows against (a few thousand rows, once per run). */
export async function loadReference(db: DbOrTx, chamberId: number): Promise<ImportReference> {
  const [covered, provinces, municipalities, ateco] = await Promise.all([
    db.selectFrom('chamber_province').select('province_code').where('chamber_id', '=', chamberId).where('valid_to', 'is', null).execute(),
    db.selectFrom('province').select('code').execute(),
    db.selectFrom('municipality').select(['istat_code', 'province_code']).execute(),
    db.selectFrom('ateco').select(['code', 'section']).where('level', '!=', 'section').execute(),
  ])
  return {
    chamberProvinces: new Set(covered.map((r) => r.province_code)),
    provinces: new Set(provinces.map((r) => r.code)),
    municipalityProvince: new Map(municipalities.map((r) => [r.istat_code, r.province_code])),
    atecoSection: new Map(ateco.map((r) => [r.code, r.section])),
  }
}
