import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OPEN_DATA_COLUMNS, OPEN_DATA_THRESHOLD as K, OPEN_DATA_TOTAL, OPEN_DATA_UNKNOWN, type OpenDataSchema } from '@pid/shared'
import { chamberId, createTestContext, loginDemo, type TestContext } from '../../../test/helpers.ts'
import { protect, type Cell } from './opendata.ts'

/**
 * Open data over real PostgreSQL and HTTP: facts of 2019 (before anything the demo seeds) written
 * straight into the aggregates, the export read back as a publisher would, and an attacker trying
 * to recover each suppressed cell from its line's true total.
 */
let ctx: TestContext
let milano: number, bergamo: number
const auth: Record<string, { authorization: string }> = {}
type Row = Record<(typeof OPEN_DATA_COLUMNS)[number], string>

// chamber, month, metric, section, size, value ('' = unknown, as the sources leave it)
const FACTS: [string, string, string, string, string, number][] = [
  ['milano', '2019-01', 'touches', 'C', 'micro', 3],
  ['milano', '2019-02', 'touches', 'C', 'small', 10],
  ['milano', '2019-03', 'touches', 'C', 'medium', 12],
  ['milano', '2019-11', 'touches', 'C', 'medium', 8], // a year sums its months: 20
  ['milano', '2019-04', 'touches', 'J', 'micro', 12],
  ['milano', '2019-05', 'touches', 'J', 'small', 7],
  ['milano', '2019-05', 'touches', 'G', 'large', 30],
  ['milano', '2020-01', 'touches', 'C', 'micro', 50], // another year
  ['milano', '2019-06', 'firms_reached', 'C', 'small', 1],
  ['milano', '2019-06', 'firms_reached', 'C', 'micro', 9],
  ['milano', '2019-06', 'firms_reached', 'J', 'micro', 6],
  ['milano', '2019-06', 'firms_reached', 'J', 'small', 8],
  ['milano', '2019-06', 'assessment_score_sum', 'J', 'small', 400], // not exported
  ['milano', '2019-07', 'voucher_grants', '', '', 7],
  ['milano', '2019-07', 'voucher_granted_cents', '', '', 9_000_000],
  ['milano', '2019-07', 'voucher_paid_cents', '', '', 1_000_000], // not exported
  ['bergamo', '2019-07', 'voucher_grants', '', '', 2],
  ['bergamo', '2019-07', 'voucher_granted_cents', '', '', 3_000_000],
  ['bergamo', '2019-08', 'events_held', '', '', 9],
  ['bergamo', '2019-08', 'touches', 'F', 'micro', 4], // F/micro, F/small, C/micro: a chain a line total unravels
  ['bergamo', '2019-08', 'touches', 'F', 'small', 40],
  ['bergamo', '2019-08', 'touches', 'C', 'micro', 25],
]

const csvOf = async (url: string, who = auth.leader!) => {
  const res = await ctx.http().get(`/api/v1${url}`).set(who).expect(200)
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
  return { text: res.text, rows: parse(res.text, { columns: true, delimiter: ',' }) as Row[] }
}

beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  for (const [key, email] of [['leader', 'leader@pid.example'], ['region', 'regione@pid.example'], ['national', 'nazionale@pid.example']] as const) {
    auth[key] = { authorization: `Bearer ${(await loginDemo(ctx, email)).token}` }
  }
  await ctx.db.insertInto('monitoring_fact').values(FACTS.map(([c, month, metric, section, size, value]) => ({
    chamber_id: c === 'milano' ? milano : bergamo, month: `${month}-01`, metric, ateco_section: section, size_class: size, value,
  }))).execute()
})
afterAll(async () => { await ctx.close() })

const cell = (rows: Row[], chamber: number, metric: string, section: string, size: string) =>
  rows.find((r) => r.chamber_id === String(chamber) && r.metric === metric && r.ateco_section === section && r.size_class === size)

/**
 * The attacker: every line (a section across sizes, a size across sections) whose true total is
 * publishable (K or more) is known; while a line has one unknown cell, subtract. Returns what it recovered.
 */
function attack(cells: Cell[]): Cell[] {
  const unknown = new Set(cells.filter((c) => c.suppressed))
  const lines = [...Map.groupBy(cells, (c) => `s${c.section}`).values(), ...Map.groupBy(cells, (c) => `z${c.size}`).values()]
    .filter((line) => line.reduce((s, c) => s + c.value, 0) >= K)
  const recovered: Cell[] = []
  for (let found = true; found;) {
    found = false
    for (const line of lines) {
      const open = line.filter((c) => unknown.has(c))
      if (open.length === 1) { unknown.delete(open[0]!); recovered.push(open[0]!); found = true }
    }
  }
  return recovered
}

describe('open data', () => {
  it("gives a chamber's year as CSV matching its Frictionless schema", async () => {
    const { text, rows } = await csvOf(`/chambers/${milano}/monitoring/open-data.csv?year=2019`)
    const schema: OpenDataSchema = (await ctx.http().get(`/api/v1/chambers/${milano}/monitoring/open-data.schema.json`).set(auth.leader!).expect(200)).body
    expect(text.split('\n')[0]).toBe(schema.fields.map((f) => f.name).join(','))
    expect(schema.primaryKey.every((k) => schema.fields.some((f) => f.name === k))).toBe(true)
    expect(schema.missingValues).toEqual([''])
    for (const row of rows) {
      for (const f of schema.fields) {
        const v = row[f.name as keyof Row]
        if (v === '') { expect(f.constraints.required, `${f.name} may not be missing`).toBeFalsy(); continue }
        if (f.type === 'integer') expect(v).toMatch(/^[0-9]+$/)
        if (f.type === 'boolean') expect([...f.trueValues!, ...f.falseValues!]).toContain(v)
        if (f.constraints.enum) expect(f.constraints.enum).toContain(v)
        if (f.constraints.minimum !== undefined) expect(Number(v)).toBeGreaterThanOrEqual(f.constraints.minimum)
      }
    }
    const keys = rows.map((r) => schema.primaryKey.map((k) => r[k as keyof Row]).join('|'))
    expect(new Set(keys).size).toBe(keys.length)
    // Only this chamber, this year, only the exported metrics; months summed.
    expect(rows.every((r) => r.chamber_id === String(milano) && r.year === '2019')).toBe(true)
    expect(rows.some((r) => r.metric === 'assessment_score_sum' || r.metric === 'voucher_paid_cents')).toBe(false)
    expect(cell(rows, milano, 'touches', 'C', 'medium')).toMatchObject({ value: '20', suppressed: 'false', unit: 'count' })
    expect(cell(rows, milano, 'voucher_granted_cents', OPEN_DATA_UNKNOWN, OPEN_DATA_UNKNOWN)).toMatchObject({ value: '9000000', unit: 'eur_cents' })
  })

  it('publishes no count from 1 to K-1, and no suppressed cell comes back from line totals', async () => {
    const { rows } = await csvOf('/monitoring/open-data.csv?year=2019', auth.national)
    for (const r of rows) {
      expect(r.value === '').toBe(r.suppressed === 'true')
      if (r.unit === 'count' && r.value !== '') expect(Number(r.value) === 0 || Number(r.value) >= K).toBe(true)
    }
    // Milano's touches: C/micro (3) primary; C/small, J/micro, J/small complementary; the rest published.
    const hidden = (c: number, m: string) => rows.filter((r) => r.chamber_id === String(c) && r.metric === m && r.suppressed === 'true')
      .map((r) => `${r.ateco_section}/${r.size_class}`).sort()
    expect(hidden(milano, 'touches')).toEqual(['C/micro', 'C/small', 'J/micro', 'J/small'])
    expect(cell(rows, milano, 'touches', 'G', 'large')!.value).toBe('30')
    expect(hidden(milano, 'firms_reached')).toEqual(['C/micro', 'C/small', 'J/micro', 'J/small'])
    // Bergamo's touches: no pairing hides F/micro (F/small and C/micro are alone in their sizes): merged.
    expect(rows.filter((r) => r.chamber_id === String(bergamo) && r.metric === 'touches'))
      .toEqual([expect.objectContaining({ ateco_section: OPEN_DATA_TOTAL, size_class: OPEN_DATA_TOTAL, value: '69', suppressed: 'false' })])
    expect(cell(rows, bergamo, 'events_held', OPEN_DATA_UNKNOWN, OPEN_DATA_UNKNOWN)!.value).toBe('9')

    // The attacker, with every publishable true line total, on each chamber's table of each count.
    const truth = new Map<string, number>()
    for (const [c, month, metric, section, size, value] of FACTS) {
      if (!month.startsWith('2019')) continue
      const k = [c === 'milano' ? milano : bergamo, metric, section || OPEN_DATA_UNKNOWN, size || OPEN_DATA_UNKNOWN].join('|')
      truth.set(k, (truth.get(k) ?? 0) + value)
    }
    const mine = rows.filter((r) => r.unit === 'count' && [milano, bergamo].map(String).includes(r.chamber_id) && r.ateco_section !== OPEN_DATA_TOTAL)
    let tried = 0
    for (const table of Map.groupBy(mine, (r) => `${r.chamber_id}|${r.metric}`).values()) {
      const cells = table.map((r) => ({ section: r.ateco_section, size: r.size_class, suppressed: r.suppressed === 'true',
        value: truth.get([r.chamber_id, r.metric, r.ateco_section, r.size_class].join('|'))! }))
      if (cells.some((c) => c.suppressed)) tried++
      expect(attack(cells), `${table[0]!.chamber_id} ${table[0]!.metric}`).toEqual([])
    }
    expect(tried).toBe(3) // Milano's touches and firms reached, Bergamo's grants (2, a line under K)
  })

  it('suppresses money sums wherever their count is suppressed', async () => {
    const { rows } = await csvOf('/regions/03/monitoring/open-data.csv?year=2019', auth.region)
    expect(cell(rows, bergamo, 'voucher_grants', 'ND', 'ND')).toMatchObject({ value: '', suppressed: 'true' })
    expect(cell(rows, bergamo, 'voucher_granted_cents', 'ND', 'ND')).toMatchObject({ value: '', suppressed: 'true' })
    expect(cell(rows, milano, 'voucher_granted_cents', 'ND', 'ND')).toMatchObject({ value: '9000000', suppressed: 'false' })
    for (const money of rows.filter((r) => r.unit === 'eur_cents')) {
      const count = cell(rows, Number(money.chamber_id), 'voucher_grants', money.ateco_section, money.size_class)
      expect(money.suppressed === 'false' ? count?.suppressed : 'true').toBe(money.suppressed === 'false' ? 'false' : 'true')
    }
  })

  it('keeps the rule on any table: random tables never publish a small count nor give a suppressed cell back', () => {
    let seed = 7
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n }
    let merges = 0, kept = 0
    for (let t = 0; t < 500; t++) {
      const cells: Cell[] = []
      for (const section of 'ABCDE') for (const size of ['micro', 'small', 'medium', 'large']) {
        if (rand(3) > 0) cells.push({ section, size, value: rand(3) === 0 ? 1 + rand(K - 1) : rand(40), suppressed: false })
      }
      const out = protect(cells)
      for (const c of out.cells) if (!c.suppressed) expect(c.value === 0 || c.value >= K).toBe(true)
      if (out.merged) { merges++; continue }
      if (out.cells.some((c) => c.suppressed)) kept++
      expect(attack(out.cells)).toEqual([])
    }
    expect(kept).toBeGreaterThan(50) // the rule keeps breakdowns, not only merges
    expect(merges).toBeGreaterThan(0)
  })

  it('refuses a region or the network to a chamber role, another region to a regional one, and a bad year', async () => {
    await ctx.http().get('/api/v1/regions/03/monitoring/open-data.csv?year=2019').set(auth.leader!).expect(403)
    await ctx.http().get('/api/v1/monitoring/open-data.csv?year=2019').set(auth.leader!).expect(403)
    await ctx.http().get('/api/v1/monitoring/open-data.schema.json').set(auth.leader!).expect(403)
    await ctx.http().get('/api/v1/regions/12/monitoring/open-data.csv?year=2019').set(auth.region!).expect(403)
    await ctx.http().get(`/api/v1/chambers/${bergamo}/monitoring/open-data.csv?year=2019`).set(auth.leader!).expect(403)
    for (const year of ['', 'abc', '1999', '2019.5', '99999']) {
      const res = await ctx.http().get(`/api/v1/chambers/${milano}/monitoring/open-data.csv?year=${year}`).set(auth.leader!).expect(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
    }
    await ctx.http().get(`/api/v1/chambers/${milano}/monitoring/open-data.csv`).set(auth.leader!).expect(400)
  })

  it('neutralises every text cell, codes included', async () => {
    await ctx.db.updateTable('chamber').set({ name: '=HYPERLINK("x")' }).where('id', '=', bergamo).execute()
    const { rows } = await csvOf('/monitoring/open-data.csv?year=2019', auth.national)
    expect(rows.find((r) => r.chamber_id === String(bergamo))!.chamber_name).toBe('\'=HYPERLINK("x")')
  })
})
