import { likeLiteral } from '../../db/like.ts'
import { sql, type SelectQueryBuilder } from 'kysely'
import { checkRea, checkTaxCode, type FirmFilter } from '@pid/shared'
import type { Database } from '../../db/schema.ts'

type FirmQuery<O> = SelectQueryBuilder<Database & { f: Database['firm'] }, 'f', O>

/** The stored folded name (lower case, accents removed) that the trigram index covers. */
export const foldedName = sql<string>`f.name_folded`

/** The words of a name search, each matched literally (LIKE wildcards escaped). */
export function searchWords(q: string): string[] {
  return q.split(/\s+/).filter((w) => w.length > 0).slice(0, 8).map(likeLiteral)
}

/** What a search string is: an exact identifier, or a name to match fuzzily. */
export function parseSearch(q: string): { kind: 'tax_code' | 'rea'; value: string; province?: string; number?: number } | { kind: 'name'; value: string } {
  const compact = q.replace(/[\s.]/g, '').toUpperCase()
  const rea = /^([A-Z]{2})-?(\d{1,7})$/.exec(compact)
  if (rea && checkRea(rea[1]!, rea[2]!).ok) return { kind: 'rea', value: compact, province: rea[1]!, number: Number(rea[2]) }
  const code = checkTaxCode(compact.replace(/^IT(?=\d{11}$)/, ''))
  if (code.ok) return { kind: 'tax_code', value: code.value }
  return { kind: 'name', value: q.trim() }
}

/**
 * Applies a FirmFilter to a query over `firm as f`. Every condition is index-backed: trigram GIN on
 * the folded name, (chamber_id, ...) b-trees, GIN on tags.
 */
export function applyFirmFilter<O>(query: FirmQuery<O>, filter: FirmFilter): FirmQuery<O> {
  let q = query
  if (filter.q) {
    const s = parseSearch(filter.q)
    if (s.kind === 'tax_code') q = q.where((eb) => eb.or([eb('f.tax_code', '=', s.value), eb('f.vat_number', '=', s.value)]))
    else if (s.kind === 'rea') q = q.where('f.rea_province', '=', s.province!).where('f.rea_number', '=', s.number!)
    else {
      if (filter.fuzzy) {
        // Similar names (typos): word similarity of the whole search against the name, via the GIN index.
        q = q.where(sql<boolean>`pid_unaccent(lower(${s.value})) <% ${foldedName}`)
      } else {
        // Every word appears in the name, in any order ("agricola rossi" finds "Società Agricola
        // Rossi"): trigram-indexed substring matches, cheap to check on the stored folded name.
        for (const word of searchWords(s.value)) {
          q = q.where(foldedName, 'like', sql<string>`'%' || pid_unaccent(lower(${word})) || '%'`)
        }
      }
    }
  }
  if (filter.sections?.length) q = q.where('f.ateco_section', 'in', filter.sections)
  if (filter.ateco) q = q.where('f.ateco_code', 'like', `${filter.ateco}%`)
  if (filter.sizes?.length) q = q.where('f.size_class', 'in', filter.sizes)
  if (filter.provinces?.length) q = q.where('f.province_code', 'in', filter.provinces)
  if (filter.municipalities?.length) q = q.where('f.municipality_code', 'in', filter.municipalities)
  if (filter.stages?.length) q = q.where('f.stage', 'in', filter.stages)
  if (filter.statuses?.length) q = q.where('f.status', 'in', filter.statuses)
  // The redundant "not empty" lets the planner use firm_tags_idx, which holds only tagged firms.
  if (filter.tags?.length) q = q.where(sql<boolean>`f.tags @> ${sql.val(filter.tags)}::text[] AND f.tags <> '{}'`)
  if (filter.maturityLevels?.length) q = q.where('f.maturity_level', 'in', filter.maturityLevels)
  if (filter.lastTouchOlderThanDays !== undefined) {
    const days = filter.lastTouchOlderThanDays
    // Never touched counts as touched at -infinity: one condition, on the (chamber_id,
    // coalesce(last_touch_at, '-infinity'), id) index that the "last touch" sort uses too.
    q = q.where(sql<boolean>`coalesce(f.last_touch_at, '-infinity'::timestamptz) < now() - make_interval(days => ${days})`)
  }
  if (filter.neverAssessed) {
    q = q.where((eb) => eb.not(eb.exists(eb.selectFrom('timeline_event as t').select(sql`1`.as('one'))
      .whereRef('t.firm_id', '=', 'f.id').where('t.type', '=', 'assessment'))))
  }
  if (filter.assignedTo !== undefined) q = q.where('f.assigned_to', '=', filter.assignedTo)
  if (filter.unassigned) q = q.where('f.assigned_to', 'is', null)
  return q
}
