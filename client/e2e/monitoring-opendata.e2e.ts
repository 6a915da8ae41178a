import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { OPEN_DATA_COLUMNS, OPEN_DATA_THRESHOLD } from '@pid/shared'
import { checkA11y, launchBrowser, nav, openAs as signIn } from './browser.ts'
import { api, apiLogin } from './api.ts'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
  // The figures are computed in the background at the server's start: wait for them.
  const staff = await apiLogin('leader@pid.example')
  const updated = async () => (await api<{ updatedAt: string | null }>(staff, 'GET', '/monitoring/figures')).updatedAt
  for (const until = Date.now() + 90_000; (await updated()) === null;) {
    if (Date.now() > until) throw new Error('the monitoring figures were not computed within 90 s of the start')
    await new Promise((r) => setTimeout(r, 2_000))
  }
}, 120_000)

afterAll(async () => {
  await browser?.close()
})

/** One CSV line's cells (quoted cells may hold commas and doubled quotes). */
const cells = (line: string) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1)
  .map((m) => (m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!))

async function save(page: Page, button: string, path: RegExp): Promise<{ name: string; text: string }> {
  const [answer, file] = await Promise.all([
    page.waitForResponse((r) => path.test(new URL(r.url()).pathname)),
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ])
  expect(answer.status()).toBe(200)
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') }
}

describe('network results: open data (Dati aperti)', () => {
  it("downloads the chamber's year as CSV and the description of its fields, no small count in it", async () => {
    const page = await signIn(browser, 'leader@pid.example')
    try {
      await nav(page).getByRole('link', { name: 'Risultati della rete' }).click()
      const panel = page.getByTestId('open-data')
      await panel.getByRole('heading', { name: 'Dati aperti' }).waitFor()
      expect(await panel.innerText()).toContain(`inferiori a ${OPEN_DATA_THRESHOLD} sono oscurati`)
      // This year: the demo's activity is recent.
      const year = String(new Date().getFullYear())
      await page.getByTestId('open-data-year').click()
      await page.getByRole('option', { name: year, exact: true }).click()
      await checkA11y(page, panel)

      const csv = await save(page, 'Scarica i dati (CSV)', /\/monitoring\/open-data\.csv$/)
      expect(csv.name).toMatch(new RegExp(`^dati-aperti-camera-\\d+-${year}\\.csv$`))
      const [header, ...lines] = csv.text.trimEnd().split('\n')
      expect(header).toBe(OPEN_DATA_COLUMNS.join(','))
      expect(lines.length).toBeGreaterThan(0)
      for (const line of lines) {
        const row = Object.fromEntries(OPEN_DATA_COLUMNS.map((c, i) => [c, cells(line)[i]]))
        expect(row.year).toBe(year)
        expect(row.value === '').toBe(row.suppressed === 'true')
        if (row.unit === 'count' && row.value) expect(Number(row.value) === 0 || Number(row.value) >= OPEN_DATA_THRESHOLD).toBe(true)
      }

      const schema = await save(page, 'Scarica la descrizione dei campi (JSON)', /\/monitoring\/open-data\.schema\.json$/)
      const described = JSON.parse(schema.text) as { fields: { name: string; title: string }[]; primaryKey: string[] }
      expect(described.fields.map((f) => f.name)).toEqual([...OPEN_DATA_COLUMNS])
      expect(described.fields.find((f) => f.name === 'ateco_section')!.title).toBe('Sezione ATECO')
    } finally {
      await page.context().close()
    }
  })
})
