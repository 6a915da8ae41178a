import { likeLiteral } from '../../db/like.ts'
import { sql, type SelectQueryBuilder } from 'kysely'
import { checkRea, checkTaxCode, type FirmFilter } from '@pid/shared'
import type { Database } from '../../db/schema.ts'
import type { DbOrTx } from '../../db/database.ts'
import { visibleFirms, type FirmAccess } from './access.ts'

type FirmQuery<O> = SelectQueryBuilder<Database & { f: Database['firm'] }, 'f', O>

/** The stored folded name (lower case, accents removed) that the trigram index covers. */
export const foldedName = sql<string>`f.name_folded`

/** The words of a folded name, as the word index (migration 0016) holds them. */
export const nameWords = sql<string[]>`pid_name_words(f.name_folded)`

/**
 * For each searched word, its longest run of letters and digits, folded (accents off, lower case),
 * when it has 3 or more: the vocabulary holds the words of 3+ characters, so shorter runs cannot be
 * looked up there (they are matched by the substring condition alone). JavaScript's fold (NFD,
 * combining marks off) agrees with unaccent() on every letter it keeps; a character it does not
 * fold only splits a run, and a shorter run is still contained in the name's word.
 */
export function indexedParts(q: string): string[] {
  const parts: string[] = []
  for (const word of q.split(/\s+/).filter(Boolean).slice(0, 8)) {
    const runs = word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9]+/)
    const longest = runs.reduce((a, b) => (b.length > a.length ? b : a), '')
    if (longest.length >= 3) parts.push(longest)
  }
  return parts
}

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
 * Applies a FirmFilter to a query over `firm as f`. Every condition is index-backed: GIN on the words
 * of the folded name, (chamber_id, ...) b-trees, GIN on tags.
 */
export function applyFirmFilter<O>(query: FirmQuery<O>, filter: FirmFilter): FirmQuery<O> {
  let q = query
  if (filter.q) {
    const s = parseSearch(filter.q)
    if (s.kind === 'tax_code') q = q.where((eb) => eb.or([eb('f.tax_code', '=', s.value), eb('f.vat_number', '=', s.value)]))
    else if (s.kind === 'rea') q = q.where('f.rea_province', '=', s.province!).where('f.rea_number', '=', s.number!)
    else {
      if (filter.fuzzy) {
        // Similar names (typos): for each word, names holding a word of the vocabulary similar to
        // it (trigram similarity over the small vocabulary), through the word index.
        for (const part of indexedParts(s.value)) {
          q = q.where(sql<boolean>`${nameWords} && ARRAY(SELECT v.word FROM firm_name_word v WHERE v.word % ${part})`)
        }
        q = q.where(sql<boolean>`pid_unaccent(lower(${s.value})) <% ${foldedName}`)
      } else {
        // Every word appears in the name, in any order ("agricola rossi" finds "Società Agricola
        // Rossi"): a substring match on the stored folded name decides. The word index finds the
        // candidates: a name containing "ambill" holds a word containing it ("brambilla"), and
        // every word of every name is in the vocabulary (firm_name_word), so the names holding one
        // of the vocabulary words that contain the longest run of letters of each searched word
        // are a superset of the matches, fetched from the index.
        for (const word of searchWords(s.value)) {
          q = q.where(foldedName, 'like', sql<string>`'%' || pid_unaccent(lower(${word})) || '%'`)
        }
        for (const part of indexedParts(s.value)) {
          q = q.where(sql<boolean>`${nameWords} && ARRAY(SELECT v.word FROM firm_name_word v WHERE v.word LIKE ${`%${part}%`})`)
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

/** The firms a filter matches, as the actor may see them: a query over `firm as f` (no joins yet: the filter needs `f` alone). */
export function filteredFirms(db: DbOrTx, access: FirmAccess, filter: FirmFilter) {
  return applyFirmFilter(db.selectFrom('firm as f').where(visibleFirms(access)), filter)
}
