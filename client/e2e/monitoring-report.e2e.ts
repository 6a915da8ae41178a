import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { checkA11y, launchBrowser, nav, openAs as signIn } from './browser.ts'
import { api, apiLogin } from './api.ts'

// The server's XLSX reader, borrowed (as crm-flows does) to read the report back.
const serverRequire = createRequire(new URL('../../server/package.json', import.meta.url))
interface Sheet { name: string; getColumn(n: number): { values: unknown[] }; getRow(n: number): { getCell(n: number): { value: unknown } } }
interface Workbook { xlsx: { load(data: Buffer): Promise<unknown> }; worksheets: Sheet[]; getWorksheet(name: string): Sheet | undefined }
const ExcelJS = serverRequire('exceljs') as { Workbook: new () => Workbook }

let browser: Browser
const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric' }).format(new Date()))

beforeAll(async () => {
  browser = await launchBrowser()
  // The figures are computed in the background at the server's start: the report is read once they are there.
  const staff = await apiLogin('leader@pid.example')
  const updated = async () => (await api<{ updatedAt: string | null }>(staff, 'GET', '/monitoring/figures')).updatedAt
  for (const until = Date.now() + 90_000; (await updated()) === null;) {
    if (Date.now() > until) throw new Error('the monitoring figures were not computed within 90 s of the start')
    await new Promise((r) => setTimeout(r, 2_000))
  }
}, 120_000)
afterAll(async () => { await browser?.close() })

async function openResults(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'Risultati della rete' }).click()
  await page.getByRole('heading', { level: 1, name: 'Risultati della rete' }).waitFor()
  await page.getByTestId('year-report').waitFor()
}

/** Clicks a report button; the file the browser saved, once the API answered 200. */
async function download(page: Page, button: 'Scarica PDF' | 'Scarica Excel'): Promise<{ name: string; data: Buffer; path: string }> {
  const [answer, file] = await Promise.all([
    page.waitForResponse((r) => /\/monitoring\/report\.(pdf|xlsx)$/.test(new URL(r.url()).pathname)),
    page.waitForEvent('download'),
    page.getByTestId('year-report').getByRole('button', { name: button }).click(),
  ])
  expect(answer.status()).toBe(200)
  expect(new URL(answer.url()).searchParams.get('year')).toBe(String(year))
  return { name: file.suggestedFilename(), data: await readFile(await file.path()), path: new URL(answer.url()).pathname }
}

async function workbook(data: Buffer): Promise<Workbook> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(data)
  return book
}

describe('yearly report (Relazione annuale)', () => {
  it("lets the digital leader download the chamber's year as PDF and Excel, with the figures the page shows", async () => {
    const page = await signIn(browser, 'leader@pid.example')
    try {
      await openResults(page)
      expect(await page.getByRole('heading', { name: 'Relazione annuale' }).count()).toBe(1)
      await checkA11y(page)
      const pdf = await download(page, 'Scarica PDF')
      expect(pdf.name).toMatch(new RegExp(`^relazione-annuale-${year}-.*milano.*\\.pdf$`))
      expect(pdf.data.subarray(0, 5).toString('latin1')).toBe('%PDF-')

      const xlsx = await download(page, 'Scarica Excel')
      expect(xlsx.name).toMatch(new RegExp(`^relazione-annuale-${year}-.*\\.xlsx$`))
      const book = await workbook(xlsx.data)
      expect(book.worksheets.map((w) => w.name)).toEqual(['Sintesi', 'Andamento per trimestre', 'Percorso delle imprese', 'Obiettivi', 'Esecuzione del budget'])
      const summary = book.getWorksheet('Sintesi')!
      const row = (label: string) => summary.getRow(summary.getColumn(1).values.indexOf(label)).getCell(2).value
      expect(row('Anno')).toBe(year)
      // The year's totals are the figures route's, for the same chamber.
      const staff = await apiLogin('leader@pid.example')
      expect(xlsx.path).toBe(`/api/v1/chambers/${staff.chamberId}/monitoring/report.xlsx`)
      const figures = await api<{ series: { metric: string; values: number[] }[] }>(staff, 'GET', `/monitoring/figures?from=${year}-01&to=${year}-12&granularity=year`)
      const total = (metric: string) => figures.series.find((s) => s.metric === metric)!.values[0]
      expect(row('Imprese raggiunte')).toBe(total('firms_reached'))
      expect(row('Contatti')).toBe(total('touches'))
      expect(row('Euro erogati')).toBe(total('voucher_paid_cents')! / 100)
      await page.setViewportSize({ width: 390, height: 844 })
      // Once the page has laid itself out again at phone width, nothing is wider than the phone.
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 10_000 }).toBeLessThanOrEqual(390)
      await checkA11y(page)
    } finally {
      await page.context().close()
    }
  })

  it("lets the regional coordinator download the region's report with its chambers side by side", async () => {
    const page = await signIn(browser, 'regione@pid.example')
    try {
      await openResults(page)
      const xlsx = await download(page, 'Scarica Excel')
      const book = await workbook(xlsx.data)
      const chambers = book.getWorksheet('Camere')!.getColumn(1).values.slice(2)
      expect(chambers.length).toBeGreaterThan(1)
      expect(chambers.some((n) => String(n).includes('Milano'))).toBe(true)
      const pdf = await download(page, 'Scarica PDF')
      expect(pdf.name).toMatch(new RegExp(`^relazione-annuale-${year}-regione-lombardia\\.pdf$`))
      expect(pdf.data.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    } finally {
      await page.context().close()
    }
  })
})
