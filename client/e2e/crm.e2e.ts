import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { vatCheckDigit } from '@pid/shared'
import { checkA11y, expectLegibleChart, launchBrowser, nav, openAs as signIn } from './browser.ts'

let browser: Browser
let page: Page

const openAs = (email: string) => signIn(browser, email)

/** PrimeVue's MultiSelect: the labelled combobox is a hidden input, so click its visible box. */
async function pick(p: Page, label: string, option: RegExp): Promise<void> {
  await p.getByRole('combobox', { name: label }).locator('xpath=ancestor::div[contains(@class, "p-multiselect")][1]').click()
  await p.getByRole('option', { name: option }).click()
  await p.keyboard.press('Escape')
}

async function openFirms(p: Page): Promise<void> {
  await nav(p).getByRole('link', { name: 'Imprese' }).click()
  await p.getByRole('heading', { level: 1, name: 'Imprese' }).waitFor()
  await checkA11y(p)
}

/** A valid partita IVA of the Milano office (code 015), unique per run. */
function vat(seed: number): string {
  const body = `${String(seed).padStart(7, '0').slice(-7)}015`
  return body + vatCheckDigit(body)
}

/** Uploads a register extract of firms in Milano through the Importazioni page; waits for it to complete. */
async function importRows(p: Page, stamp: number, names: string[]): Promise<number> {
  const header = 'codice_fiscale;partita_iva;denominazione;forma_giuridica;rea_provincia;rea_numero;ateco;ateco_secondari;addetti;fatturato_euro;attivo_euro;data_costituzione;indirizzo;cap;comune_istat;provincia;pec;sito_web;stato'
  // The last row gives no headcount, as many register rows do: its size is unknown, so the
  // monitoring's size chart always has all five bars, the most crowded it gets on a phone.
  const rows = names.map((n, i) => {
    const code = vat((stamp % 9_000_000) + i)
    const employees = i === names.length - 1 ? '' : String(3 + i)
    return `${code};${code};${n};srl;;;62.10.00;;${employees};125000,50;;2020-01-15;Via Prova ${i + 1};20121;015146;MI;;;attiva`
  })
  await nav(p).getByRole('link', { name: 'Importazioni' }).click()
  await p.getByRole('heading', { level: 1, name: 'Importazioni' }).waitFor()
  await checkA11y(p)
  await p.getByLabel('File CSV').setInputFiles({ name: `e2e-${stamp}.csv`, mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].join('\n') + '\n') })
  const created = p.waitForResponse((r) => /\/imports\?fileName=/.test(r.url()) && r.request().method() === 'POST')
  await p.getByRole('button', { name: 'Avvia importazione' }).click()
  const run = (await (await created).json()) as { id: number }
  const card = p.getByTestId(`import-run-${run.id}`)
  await expect.poll(() => card.getByTestId('import-status').innerText(), { timeout: 30_000 }).toBe('Completata')
  return run.id
}

beforeAll(async () => {
  browser = await launchBrowser()
  page = await openAs('coordinatore@pid.example')
})

afterAll(async () => {
  await page?.context().close()
  await browser?.close()
})

// One coordinator session through the CRM, step by step (each step starts where the last ended).
describe('CRM as the Milano coordinator', () => {
  const FIRM = 'Società agricola Cascina Bianchi s.s.'
  let targetStage = ''

  it('finds a firm by a name typed without accents and opens it', async () => {
    await openFirms(page)
    await page.getByRole('searchbox', { name: 'Cerca impresa' }).fill('Societa Agricola')
    await page.waitForURL(/q=Societa/)
    const link = page.getByTestId('firm-table').getByRole('link', { name: FIRM })
    await link.click()
    await page.getByRole('heading', { level: 1, name: FIRM }).waitFor()
    await checkA11y(page)
    await page.waitForURL(/\/imprese\/\d+/)
  })

  it('logs a call on the timeline and sees it at the top', async () => {
    await page.getByRole('tab', { name: 'Cronologia' }).click()
    const summary = `Telefonata di prova e2e ${Date.now()}`
    await page.getByRole('button', { name: 'Registra contatto' }).click()
    const dialog = page.getByRole('dialog', { name: 'Registra un contatto con l’impresa' })
    await checkA11y(page, dialog)
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Tipo' }).innerText()).toContain('Telefonata')
    await dialog.getByLabel('Sintesi').fill(summary)
    const logged = page.waitForResponse((r) => /\/timeline$/.test(r.url()) && r.request().method() === 'POST')
    await dialog.getByRole('button', { name: 'Registra', exact: true }).click()
    expect((await logged).status()).toBe(201)
    await dialog.waitFor({ state: 'hidden' })
    const first = page.getByTestId('timeline-item').first()
    await expect.poll(() => first.innerText()).toContain(summary)
    expect(await first.innerText()).toContain('Telefonata')
  })

  it('moves the stage with a reason: the stage visual and the history follow', async () => {
    await page.getByRole('tab', { name: 'Percorso' }).click()
    const current = await page.getByTestId('stage-current').innerText()
    targetStage = current === 'Decisa ad agire' ? 'Sperimenta' : 'Decisa ad agire'
    const reason = `Ha chiesto un voucher (e2e ${Date.now()})`
    await page.getByRole('button', { name: 'Cambia fase' }).click()
    const dialog = page.getByRole('dialog', { name: 'Cambia fase' })
    await checkA11y(page, dialog)
    await dialog.getByLabel(new RegExp(`^\\d · ${targetStage}`)).check()
    await dialog.getByLabel('Motivazione').fill(reason)
    await dialog.getByRole('button', { name: 'Conferma cambio di fase' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => page.getByTestId('stage-current').innerText()).toBe(targetStage)
    await expect.poll(() => page.getByTestId('stage-steps').locator('[aria-current="step"]').innerText()).toContain(targetStage)
    const latest = page.getByTestId('stage-history').locator('li').first()
    await expect.poll(() => latest.innerText()).toContain(reason)
    expect(await latest.innerText()).toContain(targetStage)
  })

  it('builds a segment from the list filters and sees its live count', async () => {
    await openFirms(page)
    await page.getByRole('button', { name: 'Filtri' }).click()
    await pick(page, 'Sezione ATECO', /^A · /)
    await pick(page, 'Fase del percorso', new RegExp(`· ${targetStage}$`))
    await page.waitForURL(/sections=A/)
    await page.waitForURL(/stages=\d/)
    // The stage change above put the firm in this very bucket.
    await page.getByTestId('firm-table').getByRole('link', { name: FIRM }).waitFor()
    // The count arrives on its own request, after the rows: wait for it.
    await expect.poll(() => page.getByTestId('firm-count').innerText()).toMatch(/impres/)
    const listed = await page.getByTestId('firm-count').innerText()
    const name = `Agricole e2e ${Date.now()}`
    await page.getByRole('button', { name: 'Salva come segmento' }).click()
    const dialog = page.getByRole('dialog', { name: 'Salva come segmento' })
    await checkA11y(page, dialog)
    await dialog.getByTestId('save-segment-count').waitFor()
    await dialog.getByLabel('Nome del segmento').fill(name)
    await dialog.getByRole('button', { name: 'Salva' }).click()
    await page.getByRole('heading', { level: 1, name: 'Segmenti' }).waitFor()
    await checkA11y(page)
    const row = page.getByRole('row').filter({ hasText: name })
    const count = row.locator('[data-testid^="segment-count-"]')
    await expect.poll(async () => Number((await count.innerText()).trim())).toBeGreaterThanOrEqual(1)
    expect(listed).toMatch(new RegExp(`^${(await count.innerText()).trim()} impres`))
  })

  it('imports a CSV file, watches it complete and finds an imported firm', async () => {
    const stamp = Date.now()
    const names = [`Laboratorio Digitale E2E ${stamp} S.r.l.`, `Officina Prova E2E ${stamp} S.n.c.`]
    const run = await importRows(page, stamp, names)
    const card = page.getByTestId(`import-run-${run}`)
    expect(await card.getByTestId('import-inserted').locator('dd').innerText()).toBe('2')
    expect(await card.getByTestId('import-errors').locator('dd').innerText()).toBe('0')

    await openFirms(page)
    await page.getByRole('searchbox', { name: 'Cerca impresa' }).fill(`Laboratorio Digitale E2E ${stamp}`)
    await page.getByTestId('firm-table').getByRole('link', { name: names[0] }).waitFor()
  })

  it('finds the duplicate an import brought in and merges it into the firm to keep', async () => {
    const stamp = Date.now()
    const [kept, gone] = [`Ferramenta Gemella E2E ${stamp} S.r.l.`, `Ferramenta Gemella E2E ${stamp} srl`]
    await importRows(page, stamp, [kept, gone])
    // The import asked for a scan; the page polls until it is done and the pair shows.
    await nav(page).getByRole('link', { name: 'Duplicati', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Duplicati' }).waitFor()
    await checkA11y(page)
    const row = page.getByRole('row').filter({ hasText: kept }).filter({ hasText: gone })
    await row.waitFor({ timeout: 30_000 })
    expect(await page.getByRole('status').filter({ hasText: 'Ultima analisi' }).count()).toBe(1)
    const keep = (await row.getByRole('link').first().innerText()) === kept ? 'Tieni A' : 'Tieni B'
    await row.getByRole('button', { name: keep }).click()
    const dialog = page.getByRole('dialog', { name: 'Unire le due imprese?' })
    await checkA11y(page, dialog)
    expect(await dialog.innerText()).toContain(`«${gone}» sarà unita in «${kept}»`)
    const merged = page.waitForResponse((r) => /\/merge$/.test(r.url()))
    await dialog.getByRole('button', { name: 'Unisci' }).click()
    expect((await merged).status()).toBe(200)
    await row.waitFor({ state: 'detached' })

    // The kept firm's timeline tells the story.
    await openFirms(page)
    await page.getByRole('searchbox', { name: 'Cerca impresa' }).fill(`Ferramenta Gemella E2E ${stamp}`)
    await page.getByTestId('firm-table').getByRole('link', { name: kept }).click()
    await page.getByRole('tab', { name: 'Cronologia' }).click()
    await expect.poll(() => page.getByTestId('timeline-item').first().innerText()).toContain('Unione di duplicati')
  })

  it('opens every CRM screen without an error', async () => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    for (const [link, heading] of [
      ['Segmenti', 'Segmenti'], ['Campagne', 'Campagne'], ['Segnalazioni', 'Segnalazioni'], ['Partner', 'Partner'],
      ['Duplicati', 'Duplicati'], ['Monitoraggio', 'Monitoraggio'],
    ] as const) {
      const failed = page.waitForResponse((r) => r.url().includes('/api/v1/') && r.status() >= 400, { timeout: 2_500 }).catch(() => null)
      await nav(page).getByRole('link', { name: link, exact: true }).click()
      await page.getByRole('heading', { level: 1, name: heading }).waitFor()
      await checkA11y(page)
      const bad = await failed
      expect(bad ? `${bad.status()} ${bad.url()}` : null).toBeNull()
    }
    await page.getByRole('link', { name: /Imprese attive/ }).waitFor()
    // The monitoring charts keep every label legible at 1366 px and on a 390 px phone.
    for (const chart of await page.getByRole('figure').all()) await expectLegibleChart(chart)
    await page.setViewportSize({ width: 390, height: 844 })
    for (const chart of await page.getByRole('figure').all()) await expectLegibleChart(chart)
    await page.setViewportSize({ width: 1366, height: 900 })
    expect(errors).toEqual([])
  })
})
