import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { baseUrl, checkA11y, launchBrowser, openAs } from './browser.ts'

/**
 * A mentor logs a documented expense with its receipt; the coordinator approves it and sees the
 * budget's mentoring line move by the amount. The mentor's record for mentor@pid.example is
 * written straight into the test server's database when the mentors part's seed made none.
 * The expense is of 2019: the demo's budget plans are those of 2017-2019, each with a mentoring line.
 */
interface PgClient { connect(): Promise<void>; query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>; end(): Promise<void> }
const require = createRequire(new URL('../../server/package.json', import.meta.url))
const { Client } = require('pg') as { Client: new (config: { connectionString: string }) => PgClient }

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
const DESCRIPTION = `Treno Milano-Lodi, incontro in azienda ${randomBytes(2).toString('hex')}`

let browser: Browser
let db: PgClient

/** "1.234,56 €" -> 123456 */
const cents = (text: string) => Math.round(Number(text.replace(/[^\d,]/g, '').replace(',', '.')) * 100)

async function choose(page: Page, combobox: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: combobox }).click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

beforeAll(async () => {
  browser = await launchBrowser()
  const url = inject('databaseUrl')
  if (!url) throw new Error('the expenses test needs the PostgreSQL server (TEST_DB=embedded has no URL to reach)')
  db = new Client({ connectionString: url })
  await db.connect()
  // The demo mentor's record, unless the mentors part's seed already linked one.
  await db.query(`insert into mentor (chamber_id, user_id, full_name, email, expertise, modes, status)
    select r.chamber_id, u.id, u.name, u.email, '{ecommerce,data}', '{in_person,web}', 'active'
    from app_user u join role_assignment r on r.user_id = u.id
    where u.email = 'mentor@pid.example' and not exists (select 1 from mentor m where m.user_id = u.id)
    limit 1`)
})

afterAll(async () => {
  await db?.end()
  await browser?.close()
})

describe('mentor expenses', () => {
  it('a mentor logs an expense with a receipt; the coordinator approves it and sees the mentoring line move', async () => {
    const mentor = await openAs(browser, 'mentor@pid.example')
    try {
      await mentor.goto(`${baseUrl}/area-mentor/spese`)
      await mentor.getByRole('heading', { level: 1, name: 'Le mie spese' }).waitFor()
      await checkA11y(mentor)
      await mentor.getByLabel('Data', { exact: true }).fill('2019-05-14')
      await choose(mentor, 'Categoria', 'Viaggio')
      await mentor.getByLabel('Importo (€)').fill('37,40')
      await mentor.getByLabel('Descrizione').fill(DESCRIPTION)
      await mentor.getByLabel(/^Ricevute/).setInputFiles({ name: 'biglietto.pdf', mimeType: 'application/pdf', buffer: PDF })
      const sent = mentor.waitForResponse((r) => r.url().endsWith('/mentoring/me/expenses') && r.request().method() === 'POST')
      await mentor.getByRole('button', { name: 'Invia la spesa' }).click()
      expect((await sent).status()).toBe(201)
      // The list shows the year of the claim: 2019.
      const row = mentor.getByRole('row').filter({ hasText: DESCRIPTION })
      await row.waitFor()
      expect(await row.innerText()).toContain('Da approvare')
      expect(await row.innerText()).toContain('37,40')
      expect(await row.innerText()).toContain('14/05/2019')
      await checkA11y(mentor)
    } finally {
      await mentor.context().close()
    }

    const staff = await openAs(browser, 'coordinatore@pid.example')
    try {
      await staff.goto(`${baseUrl}/mentoring/spese`)
      await staff.getByRole('heading', { level: 1, name: 'Spese dei mentor' }).waitFor()
      await choose(staff, 'Anno', '2019')
      const row = staff.getByRole('row').filter({ hasText: DESCRIPTION })
      await row.waitFor()
      await checkA11y(staff)
      const spent = staff.getByTestId('budget-spent')
      const before = cents(await spent.innerText())
      const approved = staff.waitForResponse((r) => r.url().endsWith('/approve') && r.request().method() === 'POST')
      await row.getByRole('button', { name: `Approva: ${DESCRIPTION}` }).click()
      expect((await approved).status()).toBe(200)
      await expect.poll(async () => cents(await spent.innerText())).toBe(before + 3740)
      // Approved, it leaves the list of claims to decide; the "approved" view shows it.
      await row.waitFor({ state: 'detached' })
      await choose(staff, 'Mostra', 'Approvate')
      await staff.getByRole('row').filter({ hasText: DESCRIPTION }).waitFor()
      await checkA11y(staff)
    } finally {
      await staff.context().close()
    }
  })
})
