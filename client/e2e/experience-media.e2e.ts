import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { apiLogin, createFirm, type CreatedFirm } from './api.ts'
import { baseUrl, checkA11y, launchBrowser, nav, openAs } from './browser.ts'
import { notItalian } from './italian.ts'

/**
 * The media library: a promoter adds a video to the library (the firm it tells about picked by name), uploads the file and publishes it;
 * anyone on a phone finds it in the chamber's public catalogue by a search typed without accents,
 * opens its page and the video plays from the served file (which answers byte ranges).
 */
let browser: Browser
let staff: Page
let firm: CreatedFirm
const stamp = Date.now() % 1_000_000
const title = `Falegnameria e realtà aumentata a Cantù ${stamp}`
/** An MP4's first bytes ('ftyp' box, brand isom): what the server's content check looks for. */
const mp4 = () => {
  const b = Buffer.alloc(4096)
  Buffer.from([0, 0, 0, 0x18]).copy(b, 0)
  b.write('ftypisom', 4, 'latin1')
  return b
}
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 })

beforeAll(async () => {
  browser = await launchBrowser()
  staff = await openAs(browser, 'promotore@pid.example')
  firm = await createFirm(await apiLogin('promotore@pid.example'), `Falegnameria Brianzola ${stamp} S.r.l.`)
})
afterAll(async () => { await browser?.close() })

describe('the media library', () => {
  let catalogueUrl = ''

  it('staff add an item, upload its video and publish it', async () => {
    await nav(staff).getByRole('link', { name: 'Mediateca' }).click()
    await staff.getByRole('heading', { level: 1, name: 'Mediateca' }).waitFor()
    await checkA11y(staff)
    catalogueUrl = await staff.getByRole('link', { name: 'Apri il catalogo pubblico' }).getAttribute('href') ?? ''
    expect(catalogueUrl).toMatch(/^\/pubblico\/mediateca\/\d+$/)
    await staff.getByTestId('media-new').click()
    await staff.getByRole('heading', { level: 1, name: 'Nuovo contenuto' }).waitFor()
    await staff.getByLabel('Titolo').fill(title)
    await staff.getByLabel('Descrizione').fill('Una bottega artigiana usa visori e modelli 3D per progettare i mobili con i clienti.')
    await staff.getByLabel("Cerca l'impresa per nome o codice fiscale").fill(`brianzola ${stamp}`)
    await staff.getByTestId('media-firm-search').click()
    await staff.getByRole('button', { name: `Scegli ${firm.name} (${firm.taxCode})` }).click()
    await poll(() => staff.getByTestId('media-firm-chosen').innerText()).toContain(`Impresa scelta: ${firm.name}`)
    await staff.getByLabel("L'impresa ha dato il consenso a essere citata").check()
    await staff.getByLabel('Data del consenso').fill('2026-01-15')
    await checkA11y(staff)
    await staff.getByTestId('media-save').click()
    await staff.waitForURL(/\/mediateca\/\d+$/)
    await staff.getByRole('heading', { level: 1, name: title }).waitFor()
    await poll(() => staff.getByTestId('media-firm').innerText()).toBe(`Impresa citata: ${firm.name}`)
    await staff.getByTestId('media-upload').setInputFiles({ name: 'bottega.mp4', mimeType: 'video/mp4', buffer: mp4() })
    await staff.getByTestId('media-files').getByText('bottega.mp4').waitFor()
    await staff.getByTestId('media-publish').click()
    await poll(() => staff.getByTestId('media-state').innerText()).toContain('Pubblicato')
    await checkA11y(staff)
  })

  it('anyone on a phone finds it by a search without accents and watches the video', async () => {
    const context = await browser.newContext({ locale: 'it-IT', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const phone = await context.newPage()
    phone.setDefaultTimeout(15_000)
    await phone.goto(`${baseUrl}${catalogueUrl}`)
    await phone.getByRole('heading', { level: 1, name: /^Mediateca: / }).waitFor()
    await checkA11y(phone)
    await phone.getByTestId('catalogue-q').fill(`realta cantu ${stamp}`)
    await phone.getByTestId('catalogue-search').click()
    await poll(() => phone.getByTestId('catalogue-count').innerText()).toBe('Un risultato')
    expect(notItalian(await phone.locator('main').innerText())).toEqual([])
    await checkA11y(phone)
    await phone.getByTestId('catalogue-results').getByRole('link', { name: title }).click()
    await phone.getByRole('heading', { level: 1, name: title }).waitFor()
    const video = phone.getByTestId('media-video')
    await video.waitFor()
    await checkA11y(phone)
    // The player's source answers a byte range: a video seeks without downloading everything.
    const src = await video.locator('source').getAttribute('src')
    const range = await phone.evaluate(async (url) => {
      const res = await fetch(url!, { headers: { range: 'bytes=1000-1999' } })
      return { status: res.status, contentRange: res.headers.get('content-range'), length: (await res.arrayBuffer()).byteLength }
    }, src)
    expect(range).toEqual({ status: 206, contentRange: 'bytes 1000-1999/4096', length: 1000 })
    await poll(() => phone.getByTestId('media-views').innerText()).toMatch(/^Visto (una volta|\d+ volte)$/)
    // No page wider than the phone.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await context.close()
  })
})
