import { reactive } from 'vue'
import type { Granularity, SizeClass } from '@pid/shared'
import { addMonths, romeMonth } from './periods'

/** The page's filters, shared by Andamento and Percorso: an empty section or size class means all. */
export interface Filters {
  from: string
  to: string
  granularity: Granularity
  section: string
  sizeClass: SizeClass | ''
}

/** The last twelve months, this one included (the server's default), month by month, every firm. */
export function useFilters(): Filters {
  const to = romeMonth()
  return reactive<Filters>({ from: addMonths(to, -11), to, granularity: 'month', section: '', sizeClass: '' })
}
