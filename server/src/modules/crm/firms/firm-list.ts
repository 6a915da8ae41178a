import { CompiledQuery, sql, type RawBuilder } from 'kysely'
import type { FirmFilter, FirmSort } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import { badRequest } from '../../../core/errors.ts'
import { visibleFirms, type FirmAccess } from '../access.ts'
import { applyFirmFilter, foldedName, parseSearch } from '../firm-filter.ts'

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

interface Cursor { s: Sort; d: Dir; v: string[] }

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url')

function decodeCursor(raw: string, sort: Sort, dir: Dir, keys: Key[]): string[] {
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

/** The filtered, visible firms as a query over `firm as f` (no joins yet: the filter needs `f` alone). */
export function filteredFirms(db: DbOrTx, access: FirmAccess, filter: FirmFilter) {
  return applyFirmFilter(db.selectFrom('firm as f').where(visibleFirms(access)), filter)
}

/**
 * One page of firms with everything the list and the export show. A name search matches names
 * containing every word, in the chosen order (name by default: an index walk that stops after a
 * page). If none does, the list falls back to similar names (typos), best first: `fuzzy` says so,
 * and its cursor keeps later pages in that mode.
 */
export async function listFirms(db: DbOrTx, access: FirmAccess, opts: FirmListOptions) {
  const fuzzy = opts.filter.fuzzy === true || (opts.cursor !== undefined && cursorSort(opts.cursor) === 'similarity')
  const page = await listPage(db, access, opts, fuzzy)
  const byName = opts.filter.q !== undefined && parseSearch(opts.filter.q).kind === 'name'
  if (opts.similarWhenNone && byName && !fuzzy && opts.cursor === undefined && page.items.length === 0) {
    return { ...(await listPage(db, access, opts, true)), fuzzy: true }
  }
  return { ...page, fuzzy }
}

/** The sort a cursor was made for, if it is one of ours. */
function cursorSort(raw: string): unknown {
  try {
    return (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>).s
  } catch {
    return undefined
  }
}

async function listPage(db: DbOrTx, access: FirmAccess, opts: FirmListOptions, fuzzy: boolean) {
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
  let ordered = (sort !== 'similarity' && (await fewMatches(db, q)) ? throughFilters(db, q) : q)
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
    ? encodeCursor({ s: sort, d: dir, v: keys.map((_, i) => String(last[`k${i}`])) })
    : null
  return { items, nextCursor }
}

/**
 * Below this many matches, fetching them through the filters' indexes and sorting beats walking the
 * sort index: a walk reads about limit x (firms / matches) rows before it fills a page.
 */
const FEW_MATCHES = 5_000

type FilteredQuery = ReturnType<typeof filteredFirms>

/**
 * Whether the planner expects few matches. Its row estimate for the filters is good (per-column
 * statistics), but given ORDER BY + LIMIT it still walks the sort index hoping matches are spread
 * evenly; with correlated filters (a rare sector among large firms) that walk reads most of the
 * chamber. So we ask for the estimate, and choose.
 */
async function fewMatches(db: DbOrTx, query: FilteredQuery): Promise<boolean> {
  const compiled = query.select(sql`1`.as('one')).compile()
  const plan = await db.executeQuery<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>(
    CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${compiled.sql}`, [...compiled.parameters]))
  const rows = plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows']
  return rows !== undefined && rows < FEW_MATCHES
}

/**
 * The matches fetched through the filters first (a materialized CTE is a planning fence), then
 * joined back for sorting. The result has the shape of the filtered query (same `f` rows), hence
 * the cast.
 */
function throughFilters(db: DbOrTx, query: FilteredQuery): FilteredQuery {
  return db.with((cte) => cte('matches').materialized(), () => query.select('f.id'))
    .selectFrom('firm as f')
    .innerJoin('matches', 'matches.id', 'f.id') as unknown as FilteredQuery
}

export type FirmListRow = Awaited<ReturnType<typeof listFirms>>['items'][number]

/** Exact number of firms matching the filter (segment sizes are shown live). */
export async function countFirms(db: DbOrTx, access: FirmAccess, filter: FirmFilter): Promise<number> {
  const row = await filteredFirms(db, access, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}
