import { CompiledQuery, sql, type RawBuilder } from 'kysely'
import type { FirmFilter, FirmSort } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import { badRequest } from '../../../core/errors.ts'
import type { FirmAccess } from '../access.ts'
import { filteredFirms, foldedName, parseSearch } from '../firm-filter.ts'
import type { FirmRow } from './firm-rows.ts'
import { mayMatch, tieredPage, type TieredCursor } from './firm-search.ts'

/**
 * The firm list: filter, sort and keyset pagination over (sort key..., id). Each sort has an index
 * on (chamber_id, key..., id) (migrations 0002/0003), so a page is an index range scan that stops
 * after `limit` rows whatever the page number; OFFSET would read every skipped row.
 */
type Sort = FirmSort | 'similarity'
type Dir = 'asc' | 'desc'
interface Key { expr: RawBuilder<unknown>; type: 'text' | 'bigint' | 'smallint' | 'timestamptz' | 'real' }

const id: Key = { expr: sql`f.id`, type: 'bigint' }
const name: Key = { expr: sql`f.name`, type: 'text' }

function keysOf(sort: Sort, q: string | undefined): Key[] {
  switch (sort) {
    case 'name': return [name, id]
    case 'createdAt': return [{ expr: sql`f.created_at`, type: 'timestamptz' }, id]
    // Never touched = oldest touch: a NULL would fall out of the row comparison.
    case 'lastTouchAt': return [{ expr: sql`coalesce(f.last_touch_at, '-infinity'::timestamptz)`, type: 'timestamptz' }, id]
    case 'stage': return [{ expr: sql`f.stage`, type: 'smallint' }, name, id]
    case 'similarity': return [{ expr: sql`word_similarity(pid_unaccent(lower(${q ?? ''})), ${foldedName})`, type: 'real' }, id]
  }
}

// Cursor values travel as PostgreSQL text (full microsecond precision) and are cast back; check
// their shape first so that a forged cursor is a 400, not a failed cast.
const VALUE_SHAPE: Record<Key['type'], RegExp> = {
  text: /^[\s\S]{0,400}$/,
  bigint: /^[0-9]{1,16}$/,
  smallint: /^[0-6]$/,
  timestamptz: /^(-infinity|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?)$/,
  real: /^-?[0-9.e+-]{1,20}$/,
}

/** `c`: the page was found with the search's words corrected (see correctWords). */
interface Cursor { s: Sort | 'relevance'; d: Dir; v: string[]; c?: 1 }

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url')

function decodeCursor(raw: string, sort: Sort | 'relevance', dir: Dir, keys: Key[]): string[] {
  const invalid = (why: string) => badRequest(`cursor is not valid: ${why}`, [{ path: '/querystring/cursor', message: why }])
  let c: Partial<Cursor>
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>
  } catch {
    throw invalid('not a cursor of this list')
  }
  if (c.s !== sort || c.d !== dir) throw invalid('it belongs to another sort order: start from the first page')
  const v = c.v
  if (!Array.isArray(v) || v.length !== keys.length || v.some((x, i) => typeof x !== 'string' || !VALUE_SHAPE[keys[i]!.type].test(x))) {
    throw invalid('not a cursor of this list')
  }
  return v as string[]
}

export interface FirmListOptions {
  filter: FirmFilter
  sort?: FirmSort | undefined
  dir?: Dir | undefined
  cursor?: string | undefined
  limit: number
  /** When no name contains the searched words, show similar names instead (the list, not exports). */
  similarWhenNone?: boolean
}

/**
 * One page of firms with everything the list and the export show. A name search matches names
 * containing every word, in the chosen order (name by default: an index walk that stops after a
 * page). If none does (a typo), the list corrects each word against the vocabulary of firm names
 * and searches again: `fuzzy` and `correctedQuery` say so, and the cursor keeps later pages corrected.
 */
export async function listFirms(db: DbOrTx, access: FirmAccess, opts: FirmListOptions) {
  const q = opts.filter.q
  const byName = q !== undefined && parseSearch(q).kind === 'name'
  const explicitFuzzy = opts.filter.fuzzy === true
  if (byName && !explicitFuzzy && opts.cursor !== undefined && cursorCorrected(opts.cursor)) {
    return correctedPage(db, access, opts, q)
  }
  const correctable = opts.similarWhenNone && byName && !explicitFuzzy && opts.cursor === undefined
  if (correctable && !(await mayMatch(db, q))) return correctedPage(db, access, opts, q)
  const page = await listPage(db, access, opts, explicitFuzzy, false)
  if (correctable && page.items.length === 0) return correctedPage(db, access, opts, q)
  return { ...page, fuzzy: explicitFuzzy, correctedQuery: null }
}

async function correctedPage(db: DbOrTx, access: FirmAccess, opts: FirmListOptions, q: string) {
  const corrected = await correctWords(db, q)
  if (corrected === null) return { items: [], nextCursor: null, fuzzy: true, correctedQuery: null }
  const page = await listPage(db, access, { ...opts, filter: { ...opts.filter, q: corrected } }, false, true)
  return { ...page, fuzzy: true, correctedQuery: corrected }
}

/**
 * Each word of the search replaced by the most similar word found in firm names (trigram
 * similarity over the small firm_name_word vocabulary); null when no word needed or found a
 * correction. Words shorter than 3 letters stay as they are.
 */
export async function correctWords(db: DbOrTx, q: string): Promise<string | null> {
  let changed = false
  const out: string[] = []
  for (const word of q.split(/\s+/).filter(Boolean).slice(0, 8)) {
    const folded = sql<string>`pid_unaccent(lower(${word}))`
    const best = word.length < 3 ? undefined : await db.selectFrom('firm_name_word').select('word')
      .where(sql<boolean>`word % ${folded}`)
      .orderBy(sql`similarity(word, ${folded})`, 'desc').orderBy('word').limit(1).executeTakeFirst()
    const next = best?.word ?? word
    if (next !== word.toLowerCase()) changed = true
    out.push(next)
  }
  return changed ? out.join(' ') : null
}

/** Whether a cursor belongs to a corrected search. */
function cursorCorrected(raw: string): boolean {
  try {
    return (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>).c === 1
  } catch {
    return false
  }
}

/** The tiers' keys (firm-search.ts): the tier, the folded name, the id. */
const TIER_KEYS: Key[] = [{ expr: sql`0`, type: 'smallint' }, { expr: foldedName, type: 'text' }, id]

async function listPage(db: DbOrTx, access: FirmAccess, opts: FirmListOptions, fuzzy: boolean, corrected: boolean): Promise<{ items: FirmRow[]; nextCursor: string | null }> {
  const search = opts.filter.q
  if (!fuzzy && search !== undefined && parseSearch(search).kind === 'name' && (opts.sort ?? 'name') === 'name' && (opts.dir ?? 'asc') === 'asc') {
    let cursor: TieredCursor | undefined
    if (opts.cursor !== undefined) {
      const [tier, folded, last] = decodeCursor(opts.cursor, 'relevance', 'asc', TIER_KEYS)
      cursor = { tier: tier === '1' ? 1 : 0, folded: folded!, id: Number(last) }
    }
    const page = await tieredPage(db, access, { ...opts.filter, fuzzy: false }, cursor, opts.limit)
    const nextCursor = page.next
      ? encodeCursor({ s: 'relevance', d: 'asc', v: [String(page.next.tier), page.next.folded, String(page.next.id)], ...(corrected ? { c: 1 as const } : {}) })
      : null
    return { items: page.items, nextCursor }
  }
  // Similar names are ranked best-first: candidates come from the trigram index, never a name walk.
  const sort: Sort = fuzzy ? 'similarity' : opts.sort ?? 'name'
  const dir: Dir = fuzzy ? 'desc' : opts.dir ?? 'asc'
  const filter: FirmFilter = { ...opts.filter, fuzzy }
  const keys = keysOf(sort, opts.filter.q)
  const row = sql.join(keys.map((k) => k.expr))

  let q = filteredFirms(db, access, filter)
  if (opts.cursor !== undefined) {
    const values = decodeCursor(opts.cursor, sort, dir, keys)
    const after = sql.join(values.map((v, i) => sql`cast(${v} as ${sql.raw(keys[i]!.type)})`))
    q = q.where(dir === 'asc' ? sql<boolean>`(${row}) > (${after})` : sql<boolean>`(${row}) < (${after})`)
  }
  const few = sort !== 'similarity' && (await fewMatches(db, q, filter.q ? FEW_NAME_MATCHES : coveredByNameWalk(sort, filter) ? FEW_COVERED : FEW_MATCHES))
  let ordered = pageFirst(db, q, keys, dir, opts.limit + 1, few)
    .leftJoin('app_user as u', 'u.id', 'f.assigned_to')
    .leftJoin('municipality as m', 'm.istat_code', 'f.municipality_code')
    .selectAll('f')
    .select(['u.name as assigned_name', 'm.name as municipality_name'])
    .select(keys.map((k, i) => sql<string>`(${k.expr})::text`.as(`k${i}`)))
  for (const k of keys) ordered = ordered.orderBy(k.expr, dir)
  const rows = await ordered.limit(opts.limit + 1).execute()

  const items = rows.slice(0, opts.limit)
  const last = items[items.length - 1] as Record<string, unknown> | undefined
  const nextCursor = rows.length > opts.limit && last
    ? encodeCursor({ s: sort, d: dir, v: keys.map((_, i) => String(last[`k${i}`])), ...(corrected ? { c: 1 as const } : {}) })
    : null
  return { items, nextCursor }
}

/**
 * Below this many matches, fetching them through the filters' indexes and sorting beats walking the
 * sort index: a walk reads about limit x (firms / matches) rows before it fills a page.
 */
const FEW_MATCHES = 5_000
/**
 * The name index carries the categorical columns (migration 0013), so a walk in name order
 * filtered on them never visits the table: at 2,000 matches in a million firms it reads ~25,000
 * index entries (a few ms), about what fetching and sorting the 2,000 rows costs.
 */
const FEW_COVERED = 2_000
/**
 * Names containing a word cluster in name order (every "Trattoria ..." sorts under T), so a walk
 * may read most of the chamber before its first match: searches go through the trigram index
 * unless the word is very common.
 */
const FEW_NAME_MATCHES = 25_000

/** Whether a walk of the name index can check every condition of the filter from the index alone. */
function coveredByNameWalk(sort: Sort, filter: FirmFilter): boolean {
  const covered = new Set(['sections', 'sizes', 'stages', 'statuses', 'fuzzy'])
  return sort === 'name' && Object.entries(filter).every(([k, v]) => v === undefined || covered.has(k))
}

type FilteredQuery = ReturnType<typeof filteredFirms>

/**
 * Whether the planner expects few matches. Its row estimate for the filters is good (per-column
 * statistics), but given ORDER BY + LIMIT it still walks the sort index hoping matches are spread
 * evenly; with correlated filters (a rare sector among large firms) that walk reads most of the
 * chamber. So we ask for the estimate, and choose.
 */
async function fewMatches(db: DbOrTx, query: FilteredQuery, threshold: number): Promise<boolean> {
  const compiled = query.select(sql`1`.as('one')).compile()
  const plan = await db.executeQuery<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>(
    CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${compiled.sql}`, [...compiled.parameters]))
  const rows = plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows']
  return rows !== undefined && rows < threshold
}

/**
 * The page's firms picked by id and sort keys alone, then only they joined back for the columns the
 * list shows: a walk of the name index then stays index-only, and the few-matches path does not read
 * every match twice. With `throughFilters` the matches are fetched through the filters' indexes
 * first (a materialized CTE is a planning fence) and sorted; otherwise the planner walks the sort
 * index. The result has the shape of the filtered query (same `f` rows), hence the cast.
 */
function pageFirst(db: DbOrTx, query: FilteredQuery, keys: Key[], dir: Dir, limit: number, throughFilters: boolean): FilteredQuery {
  const withKeys = query.select(['f.id', ...keys.map((k, i) => sql`${k.expr}`.as(`k${i}`))])
  if (!throughFilters) {
    let top = withKeys
    for (const k of keys) top = top.orderBy(k.expr, dir)
    return db.with('page', () => top.limit(limit)).selectFrom('firm as f').innerJoin('page', 'page.id', 'f.id') as unknown as FilteredQuery
  }
  return db.with((cte) => cte('matches').materialized(), () => withKeys)
    .with('page', (w) => {
      let top = w.selectFrom('matches').select('matches.id')
      for (let i = 0; i < keys.length; i++) top = top.orderBy(sql.ref(`matches.k${i}`), dir)
      return top.limit(limit)
    })
    .selectFrom('firm as f')
    .innerJoin('page', 'page.id', 'f.id') as unknown as FilteredQuery
}

export type FirmListRow = FirmRow

/** Exact number of firms matching the filter (segment sizes are shown live). */
export async function countFirms(db: DbOrTx, access: FirmAccess, filter: FirmFilter): Promise<number> {
  const row = await filteredFirms(db, access, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}
