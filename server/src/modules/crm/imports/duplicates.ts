import { sql } from 'kysely'
import type { DuplicatePage, DuplicatePair, DuplicatesQuery } from '@pid/shared'
import type { Db } from '../../../db/database.ts'

/** Similar names: trigram similarity of the folded names at least this. */
export const NAME_SIMILARITY = 0.6
/** The distinctive word must be found in the other name at least this alike (a typo or two). */
const WORD_SIMILARITY = 0.7
/**
 * Firms examined per page: a page costs at most WINDOW b-tree probes (same partita IVA) and WINDOW
 * trigram GIN probes, whatever the chamber's size - never the n^2 of comparing every pair. A page may
 * come back short (even empty) with a next cursor when the window held few duplicates.
 */
export const WINDOW = 500

interface PairRow {
  a_id: number | null; b_id: number; reason: DuplicatePair['reason']; score: number
  a_name: string; a_tax: string; a_vat: string | null; a_mun: string | null
  b_name: string; b_tax: string; b_vat: string | null; b_mun: string | null
}

/**
 * The GIN probe looks for the name's most distinctive word (the longest after the first, legal forms
 * and fillers left out: "Trattoria da Nicolò Sempione snc" -> "sempione") inside the other names
 * (`<%`, word similarity, typos tolerated), then keeps the pairs whose whole names are similar enough.
 * Probing with the whole name would read the posting lists of "srl", "societa", "agricola"... each a
 * sizeable share of the chamber, once per firm: quadratic in practice on a million firms.
 */
const FILLERS = ['societa', 'agricola', 'cooperativa', 'consorzio', 'impresa', 'ditta', 'della', 'delle', 'dello', 'degli',
  'srls', 'sapa', 'unipersonale', 'semplificata', 'responsabilita', 'limitata', 'figli', 'fratelli']
const distinctiveWord = sql.raw(`(SELECT w FROM regexp_split_to_table(f.name_folded, '[^a-z0-9]+') WITH ORDINALITY AS t(w, n)
  WHERE length(w) >= 4 AND w NOT IN (${FILLERS.map((w) => `'${w}'`).join(', ')}) ORDER BY n > 1 DESC, length(w) DESC, n LIMIT 1)`)

/**
 * Likely duplicates among the chamber's visible firms, as pairs (a.id < b.id), in (a.id, b.id)
 * order: the same partita IVA under different codici fiscali, or names alike (pg_trgm similarity of
 * at least NAME_SIMILARITY, candidates found through firm_name_trgm_idx) in the same municipality.
 * The cursor is "aId:bId" of the last pair returned (or of the window's end).
 */
export async function findDuplicates(db: Db, chamberId: number, query: DuplicatesQuery): Promise<DuplicatePage> {
  const limit = query.limit ?? 50
  const [afterA, afterB] = (query.cursor ?? '0:0').split(':').map(Number) as [number, number]
  return db.transaction().execute(async (tx) => {
    // `<%` reads its threshold from this setting; LOCAL keeps it to this transaction.
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY)}, true)`.execute(tx)
    const { rows } = await sql<PairRow & { window_end: number | null; window_full: boolean }>`
      WITH win AS (
        SELECT f.id, f.name, f.tax_code, f.vat_number, f.municipality_code, f.name_folded AS folded,
          ${distinctiveWord} AS probe
        FROM firm f
        WHERE f.chamber_id = ${chamberId} AND f.merged_into_id IS NULL AND f.id >= ${afterA}
        ORDER BY f.id LIMIT ${WINDOW}
      ), bounds AS (
        SELECT max(id) AS window_end, count(*) = ${WINDOW} AS window_full FROM win
      ), pairs AS (
        SELECT a.id AS a_id, b.id AS b_id, 'same_vat' AS reason, 1.0::float8 AS score
        FROM win a JOIN firm b ON b.vat_number = a.vat_number AND b.tax_code <> a.tax_code AND b.id > a.id
        WHERE b.chamber_id = ${chamberId} AND b.merged_into_id IS NULL
        UNION ALL
        SELECT a.id, b.id, 'similar_name', similarity(b.name_folded, a.folded)::float8
        FROM win a JOIN firm b ON a.probe <% b.name_folded
          AND b.municipality_code = a.municipality_code AND b.id > a.id
          AND similarity(b.name_folded, a.folded) >= ${NAME_SIMILARITY}
        WHERE b.chamber_id = ${chamberId} AND b.merged_into_id IS NULL
          AND (a.vat_number IS NULL OR b.vat_number IS DISTINCT FROM a.vat_number)
      )
      SELECT bounds.window_end, bounds.window_full, x.*
      FROM bounds LEFT JOIN LATERAL (
        SELECT p.a_id, p.b_id, p.reason, p.score,
          a.name AS a_name, a.tax_code AS a_tax, a.vat_number AS a_vat, a.municipality_code AS a_mun,
          b.name AS b_name, b.tax_code AS b_tax, b.vat_number AS b_vat, b.municipality_code AS b_mun
        FROM pairs p JOIN firm a ON a.id = p.a_id JOIN firm b ON b.id = p.b_id
        WHERE p.a_id > ${afterA} OR p.b_id > ${afterB}
        ORDER BY p.a_id, p.b_id
        LIMIT ${limit + 1}
      ) x ON true`.execute(tx)
    const bounds = rows[0]!
    const found = rows.filter((r) => r.a_id !== null)
    const items = found.slice(0, limit).map((r): DuplicatePair => ({
      reason: r.reason, score: Math.round(Number(r.score) * 1000) / 1000,
      a: { id: r.a_id!, name: r.a_name, taxCode: r.a_tax, vatNumber: r.a_vat, municipalityCode: r.a_mun },
      b: { id: r.b_id, name: r.b_name, taxCode: r.b_tax, vatNumber: r.b_vat, municipalityCode: r.b_mun },
    }))
    if (found.length > limit) {
      const last = items[items.length - 1]!
      return { items, nextCursor: `${last.a.id}:${last.b.id}` }
    }
    // The window is exhausted: go on after it, unless it was the chamber's last.
    return { items, nextCursor: bounds.window_full ? `${Number(bounds.window_end) + 1}:0` : null }
  })
}
