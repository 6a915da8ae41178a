import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import { checkA11y, expectLegibleChart, launchBrowser, nav, openAs as signIn } from './browser.ts'
import { api, apiLogin } from './api.ts'

const SHOTS = '/tmp/shots-monitoring'
let browser: Browser

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  browser = await launchBrowser()
  // The server computes the figures in the background (at its start, then every minute): the page
  // is read once they are there.
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

/** Text as shown, with the no-break spaces of Italian number formatting as plain spaces. */
const text = async (l: Locator) => (await l.innerText()).replace(/[\u00a0\u202f]/g, ' ')

async function openResults(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'Risultati della rete' }).click()
  await page.getByRole('heading', { level: 1, name: 'Risultati della rete' }).waitFor()
}

async function openTab(page: Page, name: 'Andamento' | 'Percorso' | 'Obiettivi'): Promise<void> {
  await page.getByRole('tab', { name }).click()
}

/** The page as shown at 1366 px and on a 390 px phone, axe-checked at both widths, each chart legible. */
async function shoot(page: Page, name: string): Promise<void> {
  const charts = await page.locator('main').getByRole('figure').all()
  for (const chart of charts) await expectLegibleChart(chart)
  await checkA11y(page)
  await page.screenshot({ path: `${SHOTS}/${name}-1366.png`, fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  for (const chart of charts) await expectLegibleChart(chart)
  // Nothing but the tables (which scroll inside their panels) is wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await checkA11y(page)
  // The phone's page is long: its main part in screen-sized pieces, each readable at full size.
  const top = await page.locator('main').evaluate((m) => m.getBoundingClientRect().top + window.scrollY)
  const bottom = await page.evaluate(() => document.documentElement.scrollHeight)
  for (let k = 0, y = top; y < bottom; k++, y += 1200) {
    await page.screenshot({ path: `${SHOTS}/${name}-390-${k}.png`, fullPage: true, clip: { x: 0, y, width: 390, height: Math.min(1200, bottom - y) } })
  }
  await page.setViewportSize({ width: 1366, height: 900 })
}

describe('network results (Risultati della rete)', () => {
  it('shows the digital leader the figures and the funnel; the leader sets the targets and sees the progress', async () => {
    const page = await signIn(browser, 'leader@pid.example')
    try {
      await openResults(page)
      // Andamento: the range's totals, four charts, when the figures were brought up to date.
      const kpis = page.getByTestId('monitoring-kpis')
      await kpis.waitFor()
      expect(await text(kpis)).toContain('Imprese raggiunte')
      expect(await text(kpis)).toMatch(/erogati \d[\d.]*,\d\d €/)
      expect((await text(page.getByTestId('monitoring-updated').first())).trim()).toMatch(/^Aggiornato alle \d\d:\d\d$/)
      expect(await page.locator('main').getByRole('figure').count()).toBe(4)
      // A single chamber: no chambers side by side.
      expect(await page.getByTestId('monitoring-per-chamber').count()).toBe(0)
      await shoot(page, 'leader-andamento')

      // By quarter, then only the micro firms: the figures follow.
      const answered = page.waitForResponse((r) => r.url().includes('/monitoring/figures') && r.url().includes('granularity=quarter'))
      await page.getByRole('combobox', { name: 'Dettaglio' }).click()
      await page.getByRole('option', { name: 'Trimestre' }).click()
      expect((await answered).status()).toBe(200)
      const micro = page.waitForResponse((r) => r.url().includes('/monitoring/figures') && r.url().includes('sizeClass=micro'))
      await page.getByRole('combobox', { name: 'Dimensione' }).click()
      await page.getByRole('option', { name: 'Micro' }).click()
      expect((await micro).status()).toBe(200)
      // The chart's figures as a table, one row a quarter.
      await page.getByText('Mostra i dati in tabella').first().click()
      await expect.poll(() => text(page.locator('main figure table').first())).toMatch(/[1-4]º trim\. \d{4}/)

      // Percorso: seven stages, the first without a conversion.
      await openTab(page, 'Percorso')
      // The filters are the page's: the funnel too counts the micro firms alone.
      expect(await text(page.getByRole('combobox', { name: 'Dimensione' }))).toBe('Micro')
      const funnel = page.getByTestId('monitoring-funnel')
      await funnel.waitFor()
      expect(await funnel.locator('tbody tr').count()).toBe(7)
      expect(await text(funnel.locator('tbody tr').first())).toContain('Non raggiunta')
      await shoot(page, 'leader-percorso')

      // Obiettivi: the leader's form; euros typed in euros reach the server in cents.
      await openTab(page, 'Obiettivi')
      const form = page.getByTestId('targets-form')
      await form.waitFor()
      await form.getByLabel('Imprese raggiunte', { exact: true }).fill('250')
      await form.getByLabel('Autovalutazioni', { exact: true }).fill('40')
      await form.getByLabel('Eventi', { exact: true }).fill('12')
      await form.getByLabel('Euro erogati', { exact: true }).fill('150000')
      const put = page.waitForResponse((r) => /\/monitoring\/targets\/\d{4}$/.test(r.url()) && r.request().method() === 'PUT')
      await form.getByRole('button', { name: 'Salva gli obiettivi' }).click()
      const res = await put
      expect(res.status()).toBe(200)
      expect(res.request().postDataJSON()).toEqual({ targets: { firms_reached: 250, assessments: 40, events_held: 12, voucher_paid_cents: 15_000_000 } })
      await page.getByText('Obiettivi salvati').first().waitFor()
      const targets = page.getByTestId('targets')
      await expect.poll(() => text(targets.getByTestId('target-firms_reached'))).toMatch(/su 250 · \d+,\d%/)
      await expect.poll(() => text(targets.getByTestId('target-voucher_paid_cents'))).toContain('su 150.000,00 €')
      expect(await targets.getByRole('progressbar').count()).toBe(4)
      await expect.poll(() => text(targets)).toContain('Ultima modifica di Laura Digital Leader')
      // Cleared again: an empty field takes the target away.
      await form.getByLabel('Eventi', { exact: true }).fill('')
      const cleared = page.waitForResponse((r) => /\/monitoring\/targets\/\d{4}$/.test(r.url()) && r.request().method() === 'PUT')
      await form.getByRole('button', { name: 'Salva gli obiettivi' }).click()
      expect((await cleared).request().postDataJSON().targets.events_held).toBeNull()
      await expect.poll(() => text(targets.getByTestId('target-events_held'))).toContain('Nessun obiettivo')
      await shoot(page, 'leader-obiettivi')
    } finally {
      await page.context().close()
    }
  })

  it("shows the regional coordinator the region's chambers side by side, figures and targets, without a form", async () => {
    const page = await signIn(browser, 'regione@pid.example')
    try {
      await openResults(page)
      // A regional role starts from its region.
      await expect.poll(() => text(page.getByTestId('monitoring-scope'))).toBe('Regione Lombardia')
      const chambers = page.getByTestId('monitoring-per-chamber')
      await chambers.waitFor()
      expect(await chambers.locator('tbody tr').count()).toBeGreaterThan(1)
      expect(await text(chambers)).toContain('Camera di commercio di Milano')
      await shoot(page, 'region-andamento')

      await openTab(page, 'Percorso')
      await page.getByTestId('monitoring-funnel').waitFor()
      await checkA11y(page)

      await openTab(page, 'Obiettivi')
      const overview = page.getByTestId('targets-overview')
      await overview.waitFor()
      expect(await overview.locator('tbody tr').count()).toBeGreaterThan(1)
      expect(await page.getByTestId('targets-form').count()).toBe(0)
      await shoot(page, 'region-obiettivi')
    } finally {
      await page.context().close()
    }
  })

  it('lets a coordinator read the targets but not set them', async () => {
    const page = await signIn(browser, 'coordinatore@pid.example')
    try {
      await openResults(page)
      await page.getByTestId('monitoring-kpis').waitFor()
      await openTab(page, 'Obiettivi')
      await page.getByTestId('targets').waitFor()
      expect(await page.getByTestId('targets-form').count()).toBe(0)
      expect(await page.getByRole('button', { name: 'Salva gli obiettivi' }).count()).toBe(0)
      await checkA11y(page)
    } finally {
      await page.context().close()
    }
  })
})
