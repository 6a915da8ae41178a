import type { FirmFilter } from '@pid/shared'
import type { QueryValue } from '../../../app/api/http'

/** A FirmFilter as query parameters (arrays as repeated keys), the way the firm routes read it. */
export function filterQuery(filter: FirmFilter): Record<string, QueryValue> {
  const q: Record<string, QueryValue> = {}
  for (const [k, v] of Object.entries(filter) as [string, unknown][]) {
    if (v === undefined || v === null || v === false) continue
    if (Array.isArray(v)) {
      if (v.length > 0) q[k] = v as (string | number)[]
    } else q[k] = v as string | number | boolean
  }
  return q
}
