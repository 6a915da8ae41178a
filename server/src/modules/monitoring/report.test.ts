import { inflateSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MonitoringFigures, Plan } from '@pid/shared'
import { chamberId, createTestContext, demoAuth, type TestContext } from '../../../test/helpers.ts'
import { makeFirm } from '../../../test/crm-factories.ts'
import { REBUILD_QUEUE } from './index.ts'
import { fmtEuro, fmtInt } from './report-labels.ts'

/**
 * The yearly report over the demo network (its budget plans of 2017, with spending) and touches
 * made in 2017 through the API: the files' figures checked against the figures route and the
 * budget's own plan route.
 */
let ctx: TestContext
let milano: number, bergamo: number
const YEAR = 2017
const auth: Record<string, { authorization: string }> = {}

const get = async (url: string, who = auth.leader!) => (await ctx.http().get(`/api/v1${url}`).set(who).expect(200)).body
const file = async (url: string, who = auth.leader!) => {
  const res = await ctx.http().get(`/api/v1${url}`).set(who).buffer(true)
    .parse((r, cb) => { const c: Buffer[] = []; r.on('data', (d: Buffer) => c.push(d)); r.on('end', () => cb(null, Buffer.concat(c))) })
  expect(res.status).toBe(200)
  return { body: res.body as Buffer, type: res.headers['content-type'] as string, disposition: res.headers['content-disposition'] as string }
}

/** pdfkit's text: each TJ array's hex strings, WinAnsi (Latin-1 but for € at 0x80), one line per array. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1')
  const lines: string[] = []
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string
    try { content = inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1') } catch { continue }
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...tj[1]!.matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]).join('')
      lines.push(Buffer.from(hex, 'hex').toString('latin1').replace(/\x80/g, '€'))
    }
  }
  return lines.join('\n')
}

beforeAll(async () => {
  ctx = await createTestContext({ crmDemo: true, env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  for (const [key, email] of [['leader', 'leader@pid.example'], ['promoter', 'promotore@pid.example'], ['region', 'regione@pid.example']] as const) {
    auth[key] = await demoAuth(ctx, email)
  }
  // Two firms reached in 2017 (one in the first quarter, one in the third): the year has figures of its own.
  for (const at of ['2017-02-10T09:00:00.000Z', '2017-08-10T09:00:00.000Z']) {
    const firm = await makeFirm(ctx.db, { ateco_section: 'C', size_class: 'small' })
    await ctx.http().post(`/api/v1/chambers/${milano}/firms/${firm.id}/timeline`).set(auth.promoter!)
      .send({ type: 'call', occurredAt: at, summary: 'Contatto' }).expect(201)
  }
  await ctx.app.jobs.enqueue(ctx.db, REBUILD_QUEUE, {})
  expect(await ctx.app.jobs.runOnce([REBUILD_QUEUE])).toBe(true)
}, 120_000)
afterAll(async () => { await ctx.close() })

const yearTotal = (f: MonitoringFigures, metric: string) => f.series.find((s) => s.metric === metric)!.values[0]!

describe('yearly activity report', () => {
  it("gives a chamber's year as a PDF: its name, the year, the totals and the budget in Italian", async () => {
    const f: MonitoringFigures = await get(`/chambers/${milano}/monitoring/figures?from=${YEAR}-01&to=${YEAR}-12&granularity=year`)
    const plan: Plan = await get(`/chambers/${milano}/budget/plans/${YEAR}`)
    expect(yearTotal(f, 'firms_reached')).toBeGreaterThanOrEqual(2)
    const { body, type, disposition } = await file(`/chambers/${milano}/monitoring/report.pdf?year=${YEAR}`)
    expect(type).toBe('application/pdf')
    expect(disposition).toMatch(/^attachment; filename="relazione-annuale-2017-[a-z0-9-]*milano[a-z0-9-]*\.pdf"$/)
    expect(body.subarray(0, 5).toString()).toBe('%PDF-')
    const text = pdfText(body)
    expect(text).toContain('Milano')
    expect(text).toContain(`Anno ${YEAR}`)
    for (const s of ['Sintesi', 'Andamento per trimestre', 'Percorso delle imprese', 'Obiettivi', 'Esecuzione del budget']) expect(text).toContain(s)
    expect(text.split('\n')).toContain(fmtInt(yearTotal(f, 'touches')))
    expect(text).toContain(fmtEuro(plan.totals.totalCents))
    expect(text).toContain(fmtEuro(plan.totals.spentCents))
    expect(fmtEuro(123456)).toBe('1.234,56 €')
  })

  it("gives the same year as an XLSX whose cells are the figures route's totals and the budget's numbers", async () => {
    const f: MonitoringFigures = await get(`/chambers/${milano}/monitoring/figures?from=${YEAR}-01&to=${YEAR}-12&granularity=year`)
    const quarters: MonitoringFigures = await get(`/chambers/${milano}/monitoring/figures?from=${YEAR}-01&to=${YEAR}-12&granularity=quarter`)
    const plan: Plan = await get(`/chambers/${milano}/budget/plans/${YEAR}`)
    const { body, type, disposition } = await file(`/chambers/${milano}/monitoring/report.xlsx?year=${YEAR}`)
    expect(type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(disposition).toMatch(/filename="relazione-annuale-2017-.*\.xlsx"/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(body as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Sintesi', 'Andamento per trimestre', 'Percorso delle imprese', 'Obiettivi', 'Esecuzione del budget'])
    const summary = wb.getWorksheet('Sintesi')!
    const byLabel = (label: string) => summary.getColumn(1).values.findIndex((v) => v === label)
    expect(summary.getRow(byLabel('Anno')).getCell(2).value).toBe(YEAR)
    expect(summary.getRow(byLabel('Imprese raggiunte')).getCell(2).value).toBe(yearTotal(f, 'firms_reached'))
    expect(summary.getRow(byLabel('Contatti')).getCell(2).value).toBe(yearTotal(f, 'touches'))
    const paid = summary.getRow(byLabel('Euro erogati')).getCell(2)
    expect(paid.value).toBe(yearTotal(f, 'voucher_paid_cents') / 100)
    expect(paid.numFmt).toContain('€')
    const trend = wb.getWorksheet('Andamento per trimestre')!
    expect(trend.getRow(1).values).toEqual([undefined, 'Indicatore', 'T1', 'T2', 'T3', 'T4', 'Anno'])
    const reachedRow = trend.getRow(2)
    expect(reachedRow.getCell(1).value).toBe('Imprese raggiunte')
    expect([2, 3, 4, 5].map((c) => reachedRow.getCell(c).value)).toEqual(quarters.series.find((s) => s.metric === 'firms_reached')!.values)
    const budget = wb.getWorksheet('Esecuzione del budget')!.getRow(2)
    expect(budget.getCell(1).value).toBe(plan.totals.totalCents / 100)
    expect(budget.getCell(2).value).toBe(plan.totals.committedCents / 100)
    expect(budget.getCell(3).value).toBe(plan.totals.spentCents / 100)
    expect(budget.getCell(5).value).toBe(plan.totals.voucherCents / 100)
    expect(budget.getCell(6).value).toBe(plan.totals.voucherSharePm / 10)
    expect(budget.getCell(1).numFmt).toContain('€')
  })

  it("gives a region's report with each of its chambers side by side", async () => {
    const f: MonitoringFigures = await get(`/regions/03/monitoring/figures?from=${YEAR}-01&to=${YEAR}-12&granularity=year`, auth.region)
    const xlsx = await file(`/regions/03/monitoring/report.xlsx?year=${YEAR}`, auth.region)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer)
    const names = wb.getWorksheet('Camere')!.getColumn(1).values.slice(2)
    expect(names).toEqual(f.perChamber!.map((c) => c.name))
    expect(names.length).toBeGreaterThan(1)
    const pdf = pdfText((await file(`/regions/03/monitoring/report.pdf?year=${YEAR}`, auth.region)).body)
    expect(pdf).toContain('Regione Lombardia')
    expect(pdf).toContain('Le camere a confronto')
    for (const c of f.perChamber!) expect(pdf).toContain(c.name.slice(0, 20))
  })

  it("refuses another chamber's staff and a year that is not one", async () => {
    await ctx.http().get(`/api/v1/chambers/${bergamo}/monitoring/report.pdf?year=${YEAR}`).set(auth.leader!).expect(403)
    await ctx.http().get(`/api/v1/chambers/${bergamo}/monitoring/report.xlsx?year=${YEAR}`).set(auth.leader!).expect(403)
    await ctx.http().get(`/api/v1/regions/03/monitoring/report.pdf?year=${YEAR}`).set(auth.leader!).expect(403)
    for (const year of ['1999', 'abc', '2017.5', '']) {
      const res = await ctx.http().get(`/api/v1/chambers/${milano}/monitoring/report.pdf?year=${year}`).set(auth.leader!)
      expect(res.status).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
    }
    await ctx.http().get(`/api/v1/chambers/${milano}/monitoring/report.xlsx`).set(auth.leader!).expect(400)
  })
})
