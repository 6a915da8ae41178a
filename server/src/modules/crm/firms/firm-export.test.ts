import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { EXPORT_HEADERS } from './firm-export.ts'
import { auditEntries, demoAuth, type Auth } from '../../../../test/actors.ts'

let ctx: TestContext
let milano: number
let coordinator: Auth
let url: string
const made: { id: number; taxCode: string }[] = []

/** supertest collects a binary body into a Buffer. */
const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => cb(null, Buffer.concat(chunks)))
}
const asBinary = binary as unknown as (res: unknown, cb: (err: Error | null, body: unknown) => void) => void

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  coordinator = await demoAuth(ctx, 'coordinatore@pid.example')
  url = `/api/v1/chambers/${milano}/firms/export`
  // More than one batch of the export (1000 rows) in the filtered set, plus firms the filter leaves out.
  const base = await makeFirm(ctx.db, { name: 'Società agricola "Rossi"; Bio', ateco_code: '01.11.00', ateco_section: 'A',
    tax_code: 'RSSMRA85T10A562S', legal_form: 'ditta_individuale', rea_province: 'MI', rea_number: 77, municipality_code: '015146',
    tags: ['bio', 'export'], last_touch_at: new Date('2026-03-02T09:30:00Z') })
  made.push(base)
  await ctx.db.insertInto('firm').values(Array.from({ length: 1100 }, (_, i) => ({
    name: `Azienda Agricola ${String(i).padStart(4, '0')}`, tax_code: `T${String(i).padStart(10, '0')}`, chamber_id: milano,
    province_code: 'MI', ateco_code: '01.11.00', ateco_section: 'A',
  }))).execute()
  for (let i = 0; i < 3; i++) await makeFirm(ctx.db, { ateco_code: '62.10.00', ateco_section: 'K' })
})
afterAll(async () => { await ctx.close() })

describe('firm export', () => {
  it('streams every matching firm as CSV with Italian headers, and audits the filter and row count', async () => {
    const res = await ctx.http().get(`${url}?format=csv&sections=A`).set(coordinator).buffer(true).parse(asBinary).expect(200)
    expect(res.headers['content-type']).toMatch(/^text\/csv/)
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="imprese-\d{4}-\d{2}-\d{2}\.csv"$/)
    const records = parse(res.body as Buffer, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[]
    expect(Object.keys(records[0]!)).toEqual(EXPORT_HEADERS)
    expect(records).toHaveLength(1101)
    expect(new Set(records.map((r) => r['Codice fiscale'])).size).toBe(1101)
    const rossi = records.find((r) => r['Codice fiscale'] === 'RSSMRA85T10A562S')!
    expect(rossi).toMatchObject({
      'Ragione sociale': 'Società agricola "Rossi"; Bio', REA: 'MI-77', Comune: 'Milano', 'Sezione ATECO': 'A',
      Etichette: 'bio, export', 'Ultimo contatto': '2026-03-02 10:30',
    })
    const [entry] = await auditEntries(ctx, 'crm.firms.exported')
    expect(entry).toMatchObject({ chamber_id: milano, request_id: res.headers['x-request-id'] })
    expect(entry!.after).toEqual({ format: 'csv', filter: { sections: ['A'] }, rows: 1101 })
  })

  it('writes an XLSX workbook that reads back with the same rows', async () => {
    const res = await ctx.http().get(`${url}?format=xlsx&ateco=62`).set(coordinator).buffer(true).parse(asBinary).expect(200)
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers['content-disposition']).toMatch(/\.xlsx"$/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.body as ArrayBuffer)
    const sheet = workbook.getWorksheet('Imprese')!
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][]
    expect(rows[0]!.slice(1)).toEqual(EXPORT_HEADERS)
    expect(rows).toHaveLength(4)
    expect(rows.slice(1).every((r) => r[6] === '62.10.00')).toBe(true)
    const entries = await auditEntries(ctx, 'crm.firms.exported')
    expect(entries[entries.length - 1]!.after).toEqual({ format: 'xlsx', filter: { ateco: '62' }, rows: 3 })
  })

  it('is refused to promoters (no crm.firms.export) and to other chambers, and audits nothing then', async () => {
    const before = (await auditEntries(ctx, 'crm.firms.exported')).length
    const promoter = await demoAuth(ctx, 'promotore@pid.example')
    await ctx.http().get(url).set(promoter).expect(403)
    const bergamo = await chamberId(ctx.db, 'Bergamo')
    await ctx.http().get(`/api/v1/chambers/${bergamo}/firms/export`).set(coordinator).expect(403)
    await ctx.http().get(`${url}?format=pdf`).set(coordinator).expect(400)
    expect(await auditEntries(ctx, 'crm.firms.exported')).toHaveLength(before)
  })
})
