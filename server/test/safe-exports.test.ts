import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import type { Response } from 'supertest'
import type { CrmDashboard, Plan } from '@pid/shared'
import { neutralise, safeCsv, unneutralise } from '../src/core/spreadsheet.ts'
import { dashboardCsv } from '../src/modules/crm/monitoring/dashboard.csv.ts'
import { bearer, chamberId, createTestContext, demoAuth, login, makeUser, type Auth, type TestContext } from './helpers.ts'
import { makeFirm } from './crm-factories.ts'
import { makePlan, makeProgramme, ONE_PID_LINES } from './budget-factories.ts'
import { completeDraft, makeVoucherBudget, publishedCall } from './voucher-factories.ts'
import { callUrl, grant, recordAdmissibility, submitted } from './voucher-eval-helpers.ts'

/** Every CSV and XLSX export writes text that a spreadsheet would run as a formula as plain text. */
const HOSTILE = ['=HYPERLINK("http://evil.example","clic")', '+39 Commerciale', '-Trattino Srl', '@SUM(A1:A9)', '\tTab Srl', '\rRitorno Srl']

let ctx: TestContext
let milano: number
let leader: Auth

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  leader = await demoAuth(ctx, 'leader@pid.example')
})
afterAll(async () => { await ctx.close() })

const bytes = ((res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => cb(null, Buffer.concat(chunks)))
}) as unknown as (res: Response, cb: (err: Error | null, body: unknown) => void) => void

async function sheetOf(body: Buffer, index = 0): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(body as unknown as ArrayBuffer)
  return wb.worksheets[index]!
}
const sheetTexts = (sheet: ExcelJS.Worksheet): string[] => {
  const out: string[] = []
  sheet.eachRow((row) => row.eachCell((c) => { if (typeof c.value === 'string') out.push(c.value) }))
  return out
}

describe('the neutraliser', () => {
  it('prefixes what would start a formula, leaves plain numbers and other text alone, and reverses exactly', () => {
    for (const text of HOSTILE) {
      expect(neutralise(text)).toBe(`'${text}`)
      expect(unneutralise(neutralise(text))).toBe(text)
    }
    for (const text of ['-120.50', '+39', '1.234,56', 'Rossi & C.', "'già citato", '']) expect(neutralise(text)).toBe(text)
    expect(unneutralise("'già citato")).toBe("'già citato")
    expect(safeCsv([['=1+1', 2]], { delimiter: ';' })).toBe("'=1+1;2\n")
  })
})

describe('firm list export', () => {
  it('writes hostile firm names as text in CSV and XLSX', async () => {
    for (const name of HOSTILE) await makeFirm(ctx.db, { name, chamber_id: milano })
    const url = `/api/v1/chambers/${milano}/firms/export`
    const csv = await ctx.http().get(url).query({ format: 'csv' }).set(leader).buffer(true).parse(bytes).expect(200)
    const names = (parse((csv.body as Buffer).toString('utf8'), { delimiter: ';', bom: true, relax_column_count: true }) as string[][]).map((r) => r[0])
    for (const name of HOSTILE) expect(names).toContain(`'${name}`)
    const xlsx = await ctx.http().get(url).query({ format: 'xlsx' }).set(leader).buffer(true).parse(bytes).expect(200)
    // XML keeps no bare carriage return: the XLSX reads "\r" back as "\n", after the apostrophe all the same.
    const crlf = (t: string) => t.replace(/\r\n?/g, '\n')
    const texts = sheetTexts(await sheetOf(xlsx.body as Buffer)).map(crlf)
    for (const name of HOSTILE) {
      expect(texts).toContain(crlf(`'${name}`))
      expect(texts).not.toContain(crlf(name))
    }
  })
})

describe('budget plan export', () => {
  it('writes a hostile line label as text and imports it back exactly', async () => {
    const bergamo = await chamberId(ctx.db, 'Bergamo')
    const programmeId = await makeProgramme(ctx.db)
    await makePlan(ctx.db, milano, programmeId, 2017, ONE_PID_LINES.map((l, i) => (i === 0 ? { ...l, label: '=SOMMA(A1:A3) consulenza' } : l)))
    const url = `/api/v1/chambers/${milano}/budget/plans/2017/export`
    const csv = (await ctx.http().get(url).query({ format: 'csv' }).set(leader).buffer(true).parse(bytes).expect(200)).body as Buffer
    expect(csv.toString('utf8')).toContain(";'=SOMMA(A1:A3) consulenza;")
    const xlsx = (await ctx.http().get(url).query({ format: 'xlsx' }).set(leader).buffer(true).parse(bytes).expect(200)).body as Buffer
    expect(sheetTexts(await sheetOf(xlsx))).toContain("'=SOMMA(A1:A3) consulenza")
    const bergamoLeader = bearer((await login(ctx, (await makeUser(ctx.db, 'digital_leader', { chamberId: bergamo })).email)).token)
    for (const [format, content, year] of [['csv', csv.toString('utf8'), 2017], ['xlsx', xlsx.toString('base64'), 2018]] as const) {
      const res = await ctx.http().post(`/api/v1/chambers/${bergamo}/budget/plans/import`).set(bergamoLeader)
        .send({ programmeId, year, format, content })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      expect((res.body as Plan).lines[0]!.label).toBe('=SOMMA(A1:A3) consulenza')
    }
  })
})

describe('voucher decision list export', () => {
  it('writes a hostile firm name as text in the XLSX', async () => {
    await makeVoucherBudget(ctx.db, milano, 100_000_000)
    const call = await publishedCall(ctx, leader, milano)
    const firm = await makeFirm(ctx.db, { name: HOSTILE[0], chamber_id: milano })
    const a = await submitted(ctx, call.id, completeDraft(), firm)
    const coordinator = await demoAuth(ctx, 'coordinatore@pid.example')
    await recordAdmissibility(ctx, coordinator, milano, a.applicationId)
    await grant(ctx, coordinator, milano, a.applicationId)
    const xlsx = await ctx.http().get(`${callUrl(milano, call.id)}/decision-list/export`).query({ format: 'xlsx' }).set(leader)
      .buffer(true).parse(bytes).expect(200)
    const texts = sheetTexts(await sheetOf(xlsx.body as Buffer))
    expect(texts).toContain(`'${HOSTILE[0]}`)
    expect(texts).not.toContain(HOSTILE[0])
  })
})

describe('monitoring CSV', () => {
  it('writes hostile operator and chamber names as text', () => {
    const dashboard = {
      period: { from: '2026-01-01', to: '2026-12-31' }, firms: { count: 1 }, reached: { count: 1 }, byStage: [], bySection: [], bySize: [],
      touchesByMonth: [], touchesByAuthor: [{ name: HOSTILE[0], count: 3 }], perChamber: [{ name: HOSTILE[3], firms: 1, reached: 1 }],
    } as unknown as CrmDashboard
    const rows = parse(dashboardCsv(dashboard), { delimiter: ';', bom: true }) as string[][]
    expect(rows).toContainEqual(['Contatti per operatore', `'${HOSTILE[0]}`, '3'])
    expect(rows).toContainEqual(['Imprese attive per camera', `'${HOSTILE[3]}`, '1'])
  })

})
