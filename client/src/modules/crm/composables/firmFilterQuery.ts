import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { FIRM_SORTS, FIRM_STATUSES, SIZE_CLASSES, type FirmFilter, type FirmSort } from '@pid/shared'

/**
 * The firm filter in the address bar: short, readable keys, lists comma-separated
 * (`/imprese?sections=A,C&stages=1,2&days=90`). Dashboards and segments link to the list this way.
 */
const first = (v: LocationQuery[string] | undefined): string | undefined => {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' && s !== '' ? s : undefined
}
const list = (v: LocationQuery[string] | undefined): string[] => (first(v)?.split(',') ?? []).map((s) => s.trim()).filter(Boolean)
const ints = (v: LocationQuery[string] | undefined, min: number, max: number): number[] =>
  list(v).map(Number).filter((n) => Number.isInteger(n) && n >= min && n <= max)
const oneOf = <T extends string>(values: readonly T[], v: LocationQuery[string] | undefined): T[] =>
  list(v).filter((s): s is T => (values as readonly string[]).includes(s))

export function filterFromQuery(q: LocationQuery): FirmFilter {
  const f: FirmFilter = {}
  const text = first(q.q)
  if (text) f.q = text.slice(0, 200)
  const sections = list(q.sections).filter((s) => /^[A-V]$/.test(s))
  if (sections.length) f.sections = sections
  const ateco = first(q.ateco)
  if (ateco && /^[0-9]{2}(\.[0-9]{1,2}){0,2}$/.test(ateco)) f.ateco = ateco
  const sizes = oneOf(SIZE_CLASSES, q.sizes)
  if (sizes.length) f.sizes = sizes
  const provinces = list(q.provinces).filter((p) => /^[A-Z]{2}$/.test(p))
  if (provinces.length) f.provinces = provinces
  const municipalities = list(q.municipalities).filter((m) => /^[0-9]{6}$/.test(m))
  if (municipalities.length) f.municipalities = municipalities
  const stages = ints(q.stages, 0, 6)
  if (stages.length) f.stages = stages
  const statuses = oneOf(FIRM_STATUSES, q.statuses)
  if (statuses.length) f.statuses = statuses
  const tags = list(q.tags).map((t) => t.toLowerCase())
  if (tags.length) f.tags = tags
  const levels = ints(q.maturity, 1, 5)
  if (levels.length) f.maturityLevels = levels
  const days = Number(first(q.days))
  if (Number.isInteger(days) && days >= 1 && days <= 3650) f.lastTouchOlderThanDays = days
  if (first(q.neverAssessed) === '1') f.neverAssessed = true
  const assigned = Number(first(q.assignedTo))
  if (Number.isSafeInteger(assigned) && assigned > 0) f.assignedTo = assigned
  if (first(q.unassigned) === '1') f.unassigned = true
  return f
}

export function filterToQuery(f: FirmFilter): LocationQueryRaw {
  const q: LocationQueryRaw = {}
  const join = (v: readonly (string | number)[] | undefined) => (v?.length ? v.join(',') : undefined)
  if (f.q) q.q = f.q
  q.sections = join(f.sections)
  if (f.ateco) q.ateco = f.ateco
  q.sizes = join(f.sizes)
  q.provinces = join(f.provinces)
  q.municipalities = join(f.municipalities)
  q.stages = join(f.stages)
  q.statuses = join(f.statuses)
  q.tags = join(f.tags)
  q.maturity = join(f.maturityLevels)
  if (f.lastTouchOlderThanDays) q.days = String(f.lastTouchOlderThanDays)
  if (f.neverAssessed) q.neverAssessed = '1'
  if (f.assignedTo) q.assignedTo = String(f.assignedTo)
  if (f.unassigned) q.unassigned = '1'
  for (const k of Object.keys(q)) if (q[k] === undefined) delete q[k]
  return q
}

export interface FirmSortState {
  sort: FirmSort | undefined
  dir: 'asc' | 'desc' | undefined
}

export function sortFromQuery(q: LocationQuery): FirmSortState {
  const s = first(q.sort)
  const sort = s && (FIRM_SORTS as readonly string[]).includes(s) ? (s as FirmSort) : undefined
  const d = first(q.dir)
  return { sort, dir: d === 'asc' || d === 'desc' ? d : undefined }
}

/** Drops empty members, so a filter compares and saves cleanly. */
export function cleanFilter(f: FirmFilter): FirmFilter {
  return filterFromQuery(filterToQuery(f) as LocationQuery)
}
