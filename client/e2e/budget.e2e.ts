import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import { checkA11y, expectLegibleChart, launchBrowser, nav, openAs as signIn } from './browser.ts'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

async function openBudget(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'Budget' }).click()
  await page.getByRole('heading', { level: 1, name: 'Budget' }).waitFor()
  await checkA11y(page)
}

/** Every chart the page shows keeps its labels legible at 1366 px and on a 390 px phone. */
async function expectLegibleCharts(page: Page): Promise<void> {
  const charts = await page.getByRole('figure').all()
  expect(charts.length).toBeGreaterThan(0)
  for (const chart of charts) await expectLegibleChart(chart)
  await page.setViewportSize({ width: 390, height: 844 })
  for (const chart of charts) await expectLegibleChart(chart)
  await page.setViewportSize({ width: 1366, height: 900 })
}

const row = (page: Page, category: string) => page.getByTestId('budget-lines').locator(`tr[data-category="${category}"]`)
/** Text as shown, with the no-break spaces of Italian number formatting as plain spaces. */
const text = async (l: Locator) => (await l.innerText()).replace(/[\u00a0\u202f]/g, ' ')

// The demo is the seed's programme: 2017 for the 12 Lombardy PIDs is the seed's table.
describe('budget', () => {
  it("shows the regional coordinator the seed's 12-PID plan, amounts and shares", async () => {
    const page = await signIn(browser, 'regione@pid.example')
    try {
      await openBudget(page)
      await page.getByRole('combobox', { name: 'Ambito' }).click()
      await page.getByRole('option', { name: 'Regione Lombardia (somma delle camere)' }).click()
      await expect.poll(() => text(page.getByTestId('budget-year'))).toBe('2017')
      await expect.poll(() => text(row(page, 'staff'))).toContain('1.310.800,00 €')
      expect(await text(row(page, 'staff').locator('.share'))).toBe('15,6%')
      expect(await text(row(page, 'support').locator('.share'))).toBe('9,3%')
      expect(await text(row(page, 'vouchers').locator('.amount'))).toBe('4.635.920,00 €')
      const subtotal = await text(page.getByTestId('budget-subtotal'))
      expect(subtotal).toContain('3.760.500,00 €')
      expect(subtotal).toContain('44,8%')
      expect(await text(page.getByTestId('budget-total'))).toContain('8.396.420,00 €')
      expect(await text(page.getByTestId('voucher-gauge'))).toContain('55,2%')
      await expectLegibleCharts(page)
      expect(await page.getByTestId('budget-chambers').getByRole('row').count()).toBe(13)
      expect(await text(page.getByTestId('budget-rules').first())).toContain('Il piano rispetta tutte le regole.')
      // Read only: no driver can be edited.
      expect(await page.getByRole('button', { name: /Modifica driver/ }).count()).toBe(0)
    } finally {
      await page.context().close()
    }
  })

  it('lets the digital leader approve the pending reallocation, and the plan follows', async () => {
    const page = await signIn(browser, 'leader@pid.example')
    try {
      await openBudget(page)
      await expect.poll(() => text(row(page, 'communication').locator('.amount'))).toBe('30.000,00 €')
      await page.getByRole('tab', { name: 'Variazioni' }).click()
      const pending = page.getByTestId('reallocation').filter({ hasText: 'In attesa' })
      await expect.poll(() => text(pending)).toContain('5.000,00 € da «Servizi di supporto» a «Comunicazione e marketing»')
      const approved = page.waitForResponse((r) => /\/approve$/.test(r.url()))
      await pending.getByRole('button', { name: 'Approva' }).click()
      expect((await approved).status()).toBe(200)
      await expect.poll(() => text(page.getByTestId('reallocation').first())).toContain('Approvata')
      await page.getByRole('tab', { name: 'Piano' }).click()
      await expect.poll(() => text(row(page, 'communication').locator('.amount'))).toBe('35.000,00 €')
      expect(await text(page.getByTestId('budget-total'))).toContain('699.701,67 €')
    } finally {
      await page.context().close()
    }
  })

  it('lets the coordinator edit a driver: the amount follows and the changed total is flagged', async () => {
    const page = await signIn(browser, 'coordinatore@pid.example')
    try {
      await openBudget(page)
      await page.getByTestId('budget-year').click()
      await page.getByRole('option', { name: '2019' }).click()
      await expect.poll(() => text(row(page, 'communication').locator('.amount'))).toBe('30.000,00 €')
      await expectLegibleCharts(page)
      await page.getByRole('button', { name: 'Modifica driver di Comunicazione e marketing' }).click()
      const dialog = page.getByRole('dialog', { name: 'Driver della voce' })
      await checkA11y(page, dialog)
      await dialog.getByLabel('Eventi').fill('6')
      await expect.poll(() => text(dialog.getByTestId('driver-preview'))).toContain('32.000,00 €')
      await dialog.getByRole('button', { name: 'Salva driver' }).click()
      await dialog.waitFor({ state: 'hidden' })
      await expect.poll(() => text(row(page, 'communication').locator('.amount'))).toBe('32.000,00 €')
      await expect.poll(() => text(page.getByTestId('budget-rules').first())).toContain('il totale generale è cambiato di 2.000,00 €')
      await page.getByRole('tab', { name: 'Esecuzione' }).click()
      await page.getByTestId('budget-forecast').waitFor()
      await expectLegibleCharts(page)
    } finally {
      await page.context().close()
    }
  })
})
