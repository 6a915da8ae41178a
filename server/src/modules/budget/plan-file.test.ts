import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import type { Plan } from '@pid/shared'
import { bearer, chamberId, createTestContext, login, makeUser, type Auth, type TestContext } from '../../../test/helpers.ts'
import { makePlan, makeProgramme, ONE_PID_LINES } from '../../../test/budget-factories.ts'

let ctx: TestContext
let milano: number
let bergamo: number
let programmeId: number
let milanoLeader: Auth
let bergamoLeader: Auth

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  programmeId = await makeProgramme(ctx.db)
  // One PID's share of the seed, with a reallocation's adjustment on two lines.
  await makePlan(ctx.db, milano, programmeId, 2017, ONE_PID_LINES.map((l) =>
    l.category === 'support' ? { ...l, adjustmentCents: -12_345 } : l.category === 'vouchers' ? { ...l, adjustmentCents: 12_345 } : l))
  milanoLeader = bearer((await login(ctx, (await makeUser(ctx.db, 'digital_leader', { chamberId: milano })).email)).token)
  bergamoLeader = bearer((await login(ctx, (await makeUser(ctx.db, 'digital_leader', { chamberId: bergamo })).email)).token)
})
afterAll(async () => { await ctx.close() })

/** supertest parser that keeps the body as bytes (CSV with a BOM, XLSX). */
const binary = ((res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => cb(null, Buffer.concat(chunks)))
}) as unknown as (res: unknown, cb: (err: Error | null, body: unknown) => void) => void
const comparable = (p: Plan) => ({
  lines: p.lines.map(({ id: _id, committedCents: _c, spentCents: _s, availableCents: _a, ...rest }) => rest),
  totals: p.totals,
})

async function exported(format: 'csv' | 'xlsx'): Promise<string> {
  const res = await ctx.http().get(`/api/v1/chambers/${milano}/budget/plans/2017/export?format=${format}`).set(milanoLeader)
    .buffer(true).parse(binary).expect(200)
  return format === 'csv' ? (res.body as Buffer).toString('utf8') : (res.body as Buffer).toString('base64')
}

describe('plan files', () => {
  it('CSV and XLSX round-trip exactly: export, import elsewhere, same plan', async () => {
    const original = (await ctx.http().get(`/api/v1/chambers/${milano}/budget/plans/2017`).set(milanoLeader).expect(200)).body as Plan
    const csv = await exported('csv')
    expect(csv.split('\n')[0]).toContain('riga;codice;voce;natura;avvio;formula;quantita;importo_unitario;importo_extra;rettifica;importo;quota_pct')
    expect(csv).toContain('voce;staff;Personale camerale dedicato e formazione;internal;no;fte;2.2;45000.00;10233.34;0.00;109233.34;15.6')
    const fromCsv = await ctx.http().post(`/api/v1/chambers/${bergamo}/budget/plans/import`).set(bergamoLeader)
      .send({ programmeId, year: 2017, format: 'csv', content: csv }).expect(201)
    expect(comparable(fromCsv.body)).toEqual(comparable(original))

    const xlsx = await exported('xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(xlsx, 'base64') as unknown as ArrayBuffer)
    const sheet = wb.worksheets[0]!
    // Amounts and totals are live formulas, with the exact values cached.
    expect(sheet.getCell('K2').value).toEqual({ formula: 'ROUND(G2*H2,2)+I2+J2', result: 109_233.34 })
    expect(sheet.getCell(`K${original.lines.length + 3}`).value).toMatchObject({ formula: `SUM(K2:K${original.lines.length + 1})` })
    const fromXlsx = await ctx.http().post(`/api/v1/chambers/${bergamo}/budget/plans/import`).set(bergamoLeader)
      .send({ programmeId, year: 2018, format: 'xlsx', content: xlsx }).expect(201)
    expect(comparable(fromXlsx.body)).toEqual(comparable(original))
  })

  it('a file whose amounts, totals or shares disagree is reported with each difference and not stored', async () => {
    const csv = (await exported('csv'))
      .replace(';109233.34;15.6', ';109233.43;15.6') // a typed slip on a line
      .replace(/subtotale;;Totale escluso voucher;;;;;;;;([\d.]+);44\.8/, 'subtotale;;Totale escluso voucher;;;;;;;;$1;45.8')
    const check = await ctx.http().post(`/api/v1/chambers/${bergamo}/budget/plans/import/check`).set(bergamoLeader)
      .send({ programmeId, year: 2019, format: 'csv', content: csv }).expect(200)
    expect(check.body.differences.map((d: { item: string }) => d.item)).toEqual(['amount:staff', 'share:subtotal'])
    expect(check.body.differences[0].message).toBe('Personale camerale dedicato e formazione: stated 109233.43, the drivers give 109233.34 (difference 0.09)')
    const res = await ctx.http().post(`/api/v1/chambers/${bergamo}/budget/plans/import`).set(bergamoLeader)
      .send({ programmeId, year: 2019, format: 'csv', content: csv }).expect(422)
    expect(res.body.code).toBe('budget_totals_mismatch')
    await ctx.http().get(`/api/v1/chambers/${bergamo}/budget/plans/2019`).set(bergamoLeader).expect(404)
  })

  it('a file not in the layout is a clear 400', async () => {
    const res = await ctx.http().post(`/api/v1/chambers/${bergamo}/budget/plans/import`).set(bergamoLeader)
      .send({ programmeId, year: 2019, format: 'csv', content: 'a;b\n1;2' }).expect(400)
    expect(res.body.errors[0].message).toContain('expected columns')
    const bad = (await exported('csv')).replace(';fte;2.2;', ';fte;2,2x;')
    const rows = await ctx.http().post(`/api/v1/chambers/${bergamo}/budget/plans/import`).set(bergamoLeader)
      .send({ programmeId, year: 2019, format: 'csv', content: bad }).expect(400)
    expect(rows.body.errors).toEqual([{ path: '/content/row/2', message: 'drivers are not valid amounts' }])
    await ctx.http().post(`/api/v1/chambers/${bergamo}/budget/plans/import`).set(bergamoLeader)
      .send({ programmeId, year: 2019, format: 'xlsx', content: 'bm90IGEgemlw' }).expect(400)
  })
})
