/**
 * Descriptions for the path and query parameters the route schemas leave undescribed (the linter
 * asks one of every parameter). Names are the API's vocabulary, so one dictionary serves all routes;
 * a route that gives its own description keeps it.
 */
const QUERY: Record<string, string> = {
  cursor: 'The `nextCursor` of the previous page (cursor pagination); absent for the first page.',
  limit: 'How many items per page at most.',
  page: 'Page number (1 = the first).',
  q: 'Free-text search.',
  status: 'Only items in this status.',
  statuses: 'Only items in these statuses (comma-separated or repeated).',
  from: 'From this day (inclusive, YYYY-MM-DD).',
  to: 'Up to this day (inclusive, YYYY-MM-DD).',
  year: 'The year (e.g. 2026).',
  format: 'The file format of the export.',
  fileName: 'The name of the uploaded file.',
  kind: 'Only items of this kind.',
  by: 'How to group the figures.',
  sort: 'The field to sort by.',
  dir: 'Sort direction: `asc` or `desc`.',
  order: 'The sort order.',
  lang: 'Language of the answer (`it` or `en`).',
  type: 'Only items of this type.',
  types: 'Only items of these types.',
  category: 'Only items of this category.',
  level: 'Only items at this level.',
  region: 'ISTAT code of a region (two digits).',
  province: 'Only firms in this province (its two-letter code).',
  provinces: 'Only firms in these provinces (two-letter codes).',
  municipalities: 'Only firms in these municipalities.',
  sizes: 'Only firms of these sizes.',
  size: 'Only firms of this size.',
  stages: 'Only firms at these stages of the relationship.',
  maturityLevels: 'Only firms at these digital-maturity levels (from their latest self-assessment).',
  neverAssessed: 'Only firms that never completed a self-assessment.',
  assignedTo: 'Only firms assigned to this staff member (user id).',
  unassigned: 'Only firms assigned to nobody.',
  includeMerged: 'Also list firms merged into another.',
  includeCancelled: 'Also list cancelled items.',
  inForce: 'Only agreements in force today.',
  overdue: 'Only overdue items.',
  reviewed: 'Only reviewed (true) or not yet reviewed (false) items.',
  asOf: 'The figures as they stood on this day (YYYY-MM-DD).',
  action: 'Only entries of this audit action.',
  outcome: 'Only items with this outcome.',
  competence: 'Only mentors with this competence.',
  admissibility: 'Only applications with this admissibility outcome.',
  state: 'Only items in this state.',
  theme: 'Only items of this theme.',
  sector: 'Only items of this sector.',
  area: 'Only items of this area.',
  source: 'Only items from this source.',
}

const words = (camel: string) => camel.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()

export function describeParameter(where: string, name: string): string {
  if (where === 'header' && name.toLowerCase() === 'idempotency-key') {
    return 'A key of your choice (e.g. a UUID) that makes the request safe to retry: the same key and body give the first answer again; the same key with another body is refused (422); while the first is in flight, 409.'
  }
  if (where === 'header' && name.toLowerCase() === 'if-match') return 'The `ETag` you read: the write is refused with 412 if the resource changed since.'
  if (name === 'regionCode') return 'ISTAT code of the region (two digits, e.g. `03` Lombardia).'
  if (name === 'token') return 'The token of the personal link.'
  if (where === 'path' && name === 'year') return 'The year (e.g. 2026).'
  if (where === 'query' && QUERY[name]) return QUERY[name]
  if (name.endsWith('Id')) {
    const what = words(name.slice(0, -2))
    return where === 'path' ? `The id of the ${what}.` : `Only items of this ${what} (its id).`
  }
  return where === 'path' ? `The ${words(name)}.` : `Filter on ${words(name)}.`
}
