import { BENCH_FIRMS, ensureFirms, milanoId } from '../crm-data.ts'
import type { LatencyScenario } from '../types.ts'
import { leaderSide, picker } from './crm-requests.ts'

/** What people type in the search box: a trade, a surname, both, the odd typo or missing accent. */
const TRADES = ['officina', 'trattoria', 'studio', 'pasticceria', 'ferramenta', 'autofficina', 'gelateria', 'informatica', 'macelleria', 'sartoria']
const SURNAMES = ['brambilla', 'fumagalli', 'colombo', 'cattaneo', 'vigano', 'cantu', 'redaelli', 'confalonieri', 'tagliabue', 'bertole']
const TYPOS = ['tratoria', 'brambila', 'fumagali', 'pasticeria', 'confalonier']

export const crmSearch: LatencyScenario = {
  kind: 'latency',
  name: 'crm-search',
  description: `GET /api/v1/chambers/:chamberId/firms?q=<name fragment> as the demo leader, ${BENCH_FIRMS} firms in the chamber`,
  goal: { maxP95Ms: 50, text: 'p95 <= 50 ms' },
  connections: 5,
  async prepare(ctx) {
    await ensureFirms(ctx)
    const chamber = await milanoId(ctx)
    const pick = picker(7)
    const queries = new Set<string>([...SURNAMES, ...TYPOS])
    while (queries.size < 60) queries.add(`${pick(TRADES)} ${pick(SURNAMES)}`)
    const requests = [...queries].map((q) => ({ path: `/api/v1/chambers/${chamber}/firms?q=${encodeURIComponent(q)}` }))
    return { side: () => leaderSide(ctx.databaseUrl), requests, notes: { queries: [...queries].slice(0, 10) } }
  },
}
