import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import { checkA11y, launchBrowser, nav, openAs } from './browser.ts'
import { apiLogin, createFirm, type CreatedFirm } from './api.ts'

let browser: Browser
let firstFirm: CreatedFirm
let secondFirm: CreatedFirm
const tag = String(Date.now() % 100_000)
const itemName = `Stampante 3D prova ${tag}`

/** Rome days from today ('YYYY-MM-DD'): the area's days are Italian whatever the machine's zone. */
/** A 1x1 blue PNG: a photo whose bytes say it is one. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c6360483b0300019c0133e1b260b90000000049454e44ae426082', 'hex')

const romeDay = (n: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date(Date.now() + n * 24 * 3600 * 1000))

beforeAll(async () => {
  browser = await launchBrowser()
  const staff = await apiLogin('coordinatore@pid.example')
  firstFirm = await createFirm(staff, `Officina Dimostrazioni ${tag} Srl`)
  secondFirm = await createFirm(staff, `Falegnameria Prove ${tag} Srl`)
})
afterAll(async () => { await browser?.close() })

/** Picks an option of a PrimeVue select inside `scope` (its list opens at the end of the page). */
async function choose(page: Page, scope: Locator | Page, combobox: string, option: string | RegExp): Promise<void> {
  await scope.getByRole('combobox', { name: combobox }).click()
  await page.getByRole('option', { name: option }).click()
}

/** Fills the open booking dialog for a firm found by the CRM's search, and sends it. */
async function book(page: Page, firm: CreatedFirm, day: string, from: string, to: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Nuova prenotazione' })
  await dialog.waitFor()
  await choose(page, dialog, 'Attrezzatura', new RegExp(`^${itemName}`))
  await dialog.getByLabel('Cerca impresa').fill(firm.name)
  await dialog.getByRole('button', { name: 'Cerca' }).click()
  await expect.poll(() => dialog.getByRole('combobox', { name: 'Impresa' }).innerText()).toContain(firm.name)
  await dialog.getByLabel('Giorno', { exact: true }).fill(day)
  await dialog.getByLabel('Dalle', { exact: true }).fill(from)
  await dialog.getByLabel('Alle', { exact: true }).fill(to)
  await dialog.getByLabel('Scopo della dimostrazione').fill('Prototipi per la manutenzione')
  await checkA11y(page, dialog)
  await dialog.getByRole('button', { name: 'Prenota' }).click()
}

describe('the demo area', () => {
  it('adds an item, books it for a firm, refuses an overlapping booking in Italian, shows it on the calendar', async () => {
    const page = await openAs(browser, 'coordinatore@pid.example')
    try {
      await nav(page).getByRole('link', { name: 'Area demo' }).click()
      await page.getByRole('heading', { level: 1, name: 'Area demo' }).waitFor()
      await checkA11y(page)

      // The item, lent for two months from yesterday.
      await page.getByRole('tab', { name: /Attrezzature/ }).click()
      await page.getByTestId('demo-add-equipment').click()
      const editor = page.getByRole('dialog', { name: 'Nuova attrezzatura' })
      await editor.getByLabel('Nome').fill(itemName)
      await choose(page, editor, 'Tipo', 'Stampante 3D')
      await editor.getByLabel('Fornitore', { exact: true }).fill('Additiva Prove Srl')
      await editor.getByLabel('Referente del fornitore').fill('Luca Ferri, 02 1234567')
      await editor.getByLabel('In prestito dal').fill(romeDay(-1))
      await editor.getByLabel('Al (compreso)').fill(romeDay(60))
      await editor.getByLabel("Posizione nell'area").fill('Sala demo, banco 3')
      await checkA11y(page, editor)
      await editor.getByRole('button', { name: 'Salva' }).click()
      await editor.waitFor({ state: 'hidden' })
      const card = page.locator('li.card', { hasText: itemName })
      await card.waitFor()
      await checkA11y(page)

      // A photo of it, shown back from the server.
      await card.getByRole('button', { name: 'Foto (0)' }).click()
      const photos = page.getByRole('dialog', { name: `Foto di «${itemName}»` })
      await photos.getByLabel('Aggiungi una foto').setInputFiles({ name: 'stampante.png', mimeType: 'image/png', buffer: PNG })
      const photo = photos.getByRole('img', { name: `Foto 1 di ${itemName}` }).and(page.locator('img'))
      await photo.waitFor()
      // Decoded by the browser: the bytes came back whole and as an image.
      await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1)
      await checkA11y(page, photos)
      await photos.getByRole('button', { name: 'Chiudi' }).click()
      await card.getByRole('button', { name: 'Foto (1)' }).waitFor()

      // Booked for the first firm, the day after tomorrow from 10:00 to 11:00 (Rome).
      const day = romeDay(2)
      await card.getByRole('button', { name: 'Prenota' }).click()
      await book(page, firstFirm, day, '10:00', '11:00')
      await page.getByRole('dialog', { name: 'Nuova prenotazione' }).waitFor({ state: 'hidden' })
      const week = page.getByTestId('demo-week')
      await expect.poll(() => week.innerText()).toContain(firstFirm.name)
      expect(await week.innerText()).toContain('10:00–11:00')

      // The second firm wants 10:30-11:30 on the same item: refused, in Italian, and nothing booked.
      await page.getByTestId('demo-new-booking').click()
      await book(page, secondFirm, day, '10:30', '11:30')
      const dialog = page.getByRole('dialog', { name: 'Nuova prenotazione' })
      const alert = dialog.getByRole('alert')
      await expect.poll(() => alert.innerText()).toContain(`L'attrezzatura «${itemName}» è già prenotata in quell'orario`)
      await checkA11y(page, dialog)
      await dialog.getByRole('button', { name: 'Annulla' }).click()
      await dialog.waitFor({ state: 'hidden' })
      expect(await week.innerText()).not.toContain(secondFirm.name)

      // The item's own calendar, as a month, shows the booking on its day.
      await choose(page, page.getByRole('region', { name: 'Calendario' }), 'Attrezzatura', itemName)
      await page.getByRole('button', { name: 'Mese' }).click()
      const month = page.getByTestId('demo-month')
      await expect.poll(() => month.innerText()).toContain(`10:00 ${firstFirm.name}`)
      await checkA11y(page)

      // On a phone, the week still reads and the booking is there.
      await page.setViewportSize({ width: 390, height: 844 })
      await page.getByRole('button', { name: 'Settimana' }).click()
      await expect.poll(() => week.innerText()).toContain(firstFirm.name)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow).toBeLessThanOrEqual(1)
      await checkA11y(page)
    } finally {
      await page.context().close()
    }
  })
})
