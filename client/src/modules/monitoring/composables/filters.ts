import { reactive } from 'vue'
import type { Granularity, SizeClass } from '@pid/shared'
import { addMonths, romeMonth } from './periods'

/** The page's filters, shared by Andamento and Percorso: 'all' for every section or size class (a Select shows '' as nothing chosen). */
export interface Filters {
  from: string
  to: string
  granularity: Granularity
  section: string
  sizeClass: SizeClass | 'all'
}

/** The last twelve months, this one included (the server's default), month by month, every firm. */
export function useFilters(): Filters {
  const to = romeMonth()
  return reactive<Filters>({ from: addMonths(to, -11), to, granularity: 'month', section: 'all', sizeClass: 'all' })
}

/** The filters as the API's query: 'all' is no filter. */
export function firmFilter(f: Filters): { section: string | null; sizeClass: SizeClass | null } {
  return { section: f.section === 'all' ? null : f.section, sizeClass: f.sizeClass === 'all' ? null : f.sizeClass }
}
