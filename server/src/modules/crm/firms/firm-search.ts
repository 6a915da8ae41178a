import { sql, type RawBuilder } from 'kysely'
import type { FirmFilter } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import { likeLiteral } from '../../../db/like.ts'
import type { FirmAccess } from '../access.ts'
import type { FirmRow } from './firm-rows.ts'
import { filteredFirms } from '../firm-filter.ts'

/**
 * A name search in the default order (by name) ranks in two tiers, each in folded-name order:
 * first the names that START with what was typed ("brambilla" -> "Brambilla & Colombo ..."), then
 * every other name containing all the words. Why: a common word matches tens of thousands of
 * names, and putting all of them in name order means fetching and sorting all of them (~100 ms).
 * The first tier is a range of firm_chamber_folded_idx (migration 0013), read in order and only as
 * far as the page; the second tier comes from the trigram index and is sorted, but it is only
 * reached once the first is exhausted - usually small ("officina brambilla" beyond the names that
 * start with it), large only when paging deep into a single common word.
 *
 * Keys: (tier, folded name, id). Tier 0 and 1 are disjoint (LIKE 'q%' and NOT LIKE 'q%') and together
 * are exactly the firms the filter matches, so paging through both gives each firm once.
 */
export interface TieredCursor { tier: 0 | 1; folded: string; id: number }

const folded = sql<string>`f.name_folded COLLATE "C"`

/** What was typed, folded as the stored names are, as a LIKE prefix pattern (wildcards literal). */
function prefixPattern(q: string): RawBuilder<string> {
  return sql<string>`pid_unaccent(lower(${likeLiteral(q.trim().replace(/\s+/g, ' '))})) || '%'`
}

const after = (c: TieredCursor | undefined) => c
  ? sql<boolean>`(${folded}, f.id) > (cast(${c.folded} as text) COLLATE "C", cast(${String(c.id)} as bigint))`
  : sql<boolean>`true`

type FilteredQuery = ReturnType<typeof filteredFirms>
type Row = FirmRow & { k_folded: string }

/**
 * One page (`limit` + 1 rows, to tell whether there is a next page) of a name search in tiers,
 * starting after `cursor`. `filter.q` is the (possibly corrected) search; the other filters apply
 * in both tiers.
 */
export async function tieredPage(db: DbOrTx, access: FirmAccess, filter: FirmFilter, cursor: TieredCursor | undefined, limit: number) {
  const q = filter.q!
  const prefix = prefixPattern(q)
  const rows: (Row & { tier: 0 | 1 })[] = []
  if (!cursor || cursor.tier === 0) {
    // Tier 0: a range scan of the folded-name index; the prefix implies every word, so the word
    // conditions (which would steer the planner to the trigram index) are left out.
    const first = await withNames(filteredFirms(db, access, { ...filter, q: undefined })
      .where(sql<boolean>`${folded} LIKE ${prefix}`)
      .where(after(cursor)))
      .orderBy(folded).orderBy('f.id')
      .limit(limit + 1)
      .execute()
    rows.push(...first.map((r) => ({ ...(r as Row), tier: 0 as const })))
  }
  if (rows.length <= limit) {
    // Tier 1: every word, not the prefix. Fetched through the trigram index behind a planning fence
    // (a walk of the name index in order could read the whole chamber when the matches cluster,
    // as every "Trattoria ..." does), then only the page's rows are joined back.
    const matches = filteredFirms(db, access, filter)
      .where(sql<boolean>`NOT (${folded} LIKE ${prefix})`)
      .where(after(cursor?.tier === 1 ? cursor : undefined))
      .select(['f.id', sql<string>`f.name_folded`.as('folded')])
    // The result has the shape of the filtered query (same `f` rows), hence the cast.
    const page = db.with((cte) => cte('matches').materialized(), () => matches)
      .with('top', (w) => w.selectFrom('matches').select('matches.id')
        .orderBy(sql`matches.folded COLLATE "C"`).orderBy('matches.id').limit(limit + 1 - rows.length))
      .selectFrom('firm as f').innerJoin('top', 'top.id', 'f.id') as unknown as FilteredQuery
    const second = await withNames(page)
      .orderBy(folded).orderBy('f.id')
      .execute()
    rows.push(...second.map((r) => ({ ...(r as Row), tier: 1 as const })))
  }
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  const next: TieredCursor | null = rows.length > limit && last ? { tier: last.tier, folded: last.k_folded, id: last.id } : null
  return { items: items as FirmRow[], next }
}

/** The columns the list shows, with the assignee's and municipality's names and the sort key. */
function withNames(q: FilteredQuery) {
  return q.leftJoin('app_user as u', 'u.id', 'f.assigned_to')
    .leftJoin('municipality as m', 'm.istat_code', 'f.municipality_code')
    .selectAll('f')
    .select(['u.name as assigned_name', 'm.name as municipality_name', sql<string>`f.name_folded`.as('k_folded')])
}

/**
 * False when some word of the search cannot occur in any firm name: a run of 3+ letters or digits
 * of it is in no word of the vocabulary (firm_name_word holds every such word of every name, and
 * never loses one). Then the list goes straight to correcting the words, skipping a trigram scan
 * that would find nothing - the slow part of a typo (its trigrams are common ones).
 */
export async function mayMatch(db: DbOrTx, q: string): Promise<boolean> {
  const { rows } = await sql<{ possible: boolean }>`SELECT NOT EXISTS (
      SELECT 1 FROM regexp_split_to_table(pid_unaccent(lower(${q})), '[^a-z0-9]+') AS part
      WHERE length(part) >= 3 AND NOT EXISTS (SELECT 1 FROM firm_name_word w WHERE w.word LIKE '%' || part || '%')
    ) AS possible`.execute(db)
  return rows[0]?.possible ?? true
}
