import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page, Request, Response } from 'playwright-core'
import { checkA11y, launchBrowser, nav, openAs } from './browser.ts'
import { api, apiLogin, createFirm, nextVat, withWrongCheckDigit, type ApiSession } from './api.ts'

// The CRM's flows end to end, as Milano's staff, promoter and partner do them. Each test makes its
// own firms (unique names) and starts from the side navigation, so it does not depend on the others.
let browser: Browser
let staff: Page
let coordinator: ApiSession

beforeAll(async () => {
  browser = await launchBrowser()
  staff = await openAs(browser, 'coordinatore@pid.example')
  coordinator = await apiLogin('coordinatore@pid.example')
})

afterAll(async () => {
  await staff?.context().close()
  await browser?.close()
})

const stamp = () => `${Date.now()}`

// The server's CSV and XLSX readers, borrowed (as global-setup borrows `pg`) to read the exports back.
const serverRequire = createRequire(new URL('../../server/package.json', import.meta.url))
const { parse } = serverRequire('csv-parse/sync') as { parse: (input: Buffer, options: object) => Record<string, string>[] }
interface Workbook { xlsx: { load(data: Buffer): Promise<unknown> }; worksheets: { rowCount: number; getRow(n: number): { values: unknown[] } }[] }
const ExcelJS = serverRequire('exceljs') as { Workbook: new () => Workbook }

const EXPORT_HEADERS = [
  'Ragione sociale', 'Codice fiscale', 'Partita IVA', 'REA', 'Forma giuridica', 'Codice ATECO', 'Sezione ATECO', 'Addetti',
  'Classe dimensionale', 'Provincia', 'Comune', 'Indirizzo', 'CAP', 'PEC', 'Email', 'Telefono', 'Sito web', 'Stato',
  'Fase di consapevolezza', 'Ultimo contatto', 'Etichette', 'Assegnata a',
]

async function openFirms(p: Page): Promise<void> {
  await nav(p).getByRole('link', { name: 'Imprese' }).click()
  await p.getByRole('heading', { level: 1, name: 'Imprese' }).waitFor()
  await checkA11y(p)
}

/** Types in the firm search box and opens the firm from the list. */
async function findAndOpen(p: Page, name: string): Promise<void> {
  await openFirms(p)
  await p.getByRole('searchbox', { name: 'Cerca impresa' }).fill(name)
  // A new firm may already be on the unfiltered first page: click it in the searched list.
  await p.waitForURL((url) => url.searchParams.get('q') === name)
  await p.getByTestId('firm-table').getByRole('link', { name, exact: true }).click()
  await p.getByRole('heading', { level: 1, name }).waitFor()
  await checkA11y(p)
}

/** Clicks, and returns the API's answer to the call the click makes (by method and end of path). */
async function clickFor(button: Locator, method: string, path: RegExp): Promise<Response> {
  const [res] = await Promise.all([
    button.page().waitForResponse((r) => r.request().method() === method && path.test(new URL(r.url()).pathname)),
    button.click(),
  ])
  return res
}

/** Picks a suggestion of a PrimeVue AutoComplete after typing into it. */
async function suggest(p: Page, field: Locator, typed: string, option: RegExp): Promise<void> {
  await field.fill(typed)
  await p.getByRole('option', { name: option }).click()
}

describe('registering a firm', () => {
  it('creates a firm with valid codes, ATECO and comune, then finds it in the list and opens it', async () => {
    const name = `Studio Grafico E2E ${stamp()} S.r.l.`
    const code = nextVat()
    await openFirms(staff)
    await staff.getByRole('button', { name: 'Nuova impresa' }).click()
    const dialog = staff.getByRole('dialog', { name: 'Nuova impresa' })
    await checkA11y(staff, dialog)
    await dialog.getByLabel('Denominazione').fill(name)
    await dialog.getByLabel('Codice fiscale').fill(code)
    await dialog.getByLabel('Partita IVA').fill(code)
    const ateco = dialog.getByLabel('Attività prevalente (ATECO)')
    await suggest(staff, ateco, '62.10', /^62\.10\.00 · /)
    const comune = dialog.getByLabel('Comune')
    await suggest(staff, comune, 'Sesto San G', /^Sesto San Giovanni$/)
    await dialog.getByLabel('Addetti').fill('4')
    expect([await ateco.inputValue(), await comune.inputValue()]).toEqual(['62.10.00', 'Sesto San Giovanni'])
    const res = await clickFor(dialog.getByRole('button', { name: 'Crea impresa' }), 'POST', /\/firms$/)
    expect(res.status()).toBe(201)
    expect(await res.json()).toMatchObject({ name, taxCode: code, vatNumber: code, atecoCode: '62.10.00', municipalityName: 'Sesto San Giovanni', employees: 4 })
    await dialog.waitFor({ state: 'hidden' })
    await staff.getByRole('heading', { level: 1, name }).waitFor()
    await checkA11y(staff)

    await findAndOpen(staff, name)
    await staff.waitForURL(/\/imprese\/\d+/)
    const profile = await staff.getByRole('tabpanel').innerText()
    expect(profile).toContain('62.10.00 · ')
    expect(profile).toContain('Sesto San Giovanni (MI)')
    const codes = await staff.getByTestId('firm-codes').innerText()
    expect(codes).toContain(`Codice fiscale\n${code}`)
    expect(codes).toContain(`Partita IVA\n${code}`)
  })

  it('keeps the newest ATECO suggestions when an older answer arrives late', async () => {
    await openFirms(staff)
    await staff.getByRole('button', { name: 'Nuova impresa' }).click()
    const dialog = staff.getByRole('dialog', { name: 'Nuova impresa' })
    await checkA11y(staff, dialog)
    const ateco = dialog.getByLabel('Attività prevalente (ATECO)')
    // The answer to the first, shorter query is held back until the second has been shown.
    let releaseSlow: () => void = () => {}
    const slowHeld = new Promise<void>((resolve) => { releaseSlow = resolve })
    const shortQuery = (url: URL) => url.pathname.endsWith('/ateco') && url.searchParams.get('q') === '6'
    await staff.route(shortQuery, async (route) => {
      await slowHeld
      await route.continue()
    })
    try {
      const slowAsked = staff.waitForRequest((r) => new URL(r.url()).searchParams.get('q') === '6')
      await ateco.fill('6')
      await slowAsked
      await ateco.fill('62.10')
      await staff.getByRole('option', { name: /^62\.10\.00 · / }).waitFor()
      const slowAnswered = staff.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === '6')
      releaseSlow()
      await slowAnswered
      // Vue has applied whatever the late answer caused once the next frame is drawn.
      await staff.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
      const shown = await staff.getByRole('option').allInnerTexts()
      expect(shown.length).toBeGreaterThan(0)
      expect(shown.every((o) => o.startsWith('62.10'))).toBe(true)
    } finally {
      releaseSlow()
      await staff.unroute(shortQuery)
      await dialog.getByRole('button', { name: 'Annulla' }).click()
      await dialog.waitFor({ state: 'hidden' })
    }
  })

  it('refuses a partita IVA with a wrong check digit in Italian, and sends nothing', async () => {
    const name = `Impresa Sbagliata E2E ${stamp()} S.r.l.`
    const code = nextVat()
    await openFirms(staff)
    await staff.getByRole('button', { name: 'Nuova impresa' }).click()
    const dialog = staff.getByRole('dialog', { name: 'Nuova impresa' })
    await checkA11y(staff, dialog)
    const posts: Request[] = []
    const onRequest = (r: Request) => { if (r.method() === 'POST' && /\/firms$/.test(r.url())) posts.push(r) }
    staff.on('request', onRequest)
    try {
      await dialog.getByLabel('Denominazione').fill(name)
      await dialog.getByLabel('Codice fiscale').fill(code)
      const vat = dialog.getByLabel('Partita IVA')
      await vat.fill(withWrongCheckDigit(code))
      await dialog.getByRole('button', { name: 'Crea impresa' }).click()
      // The error is tied to the field (read with it by screen readers) and the dialog stays open.
      const error = dialog.locator(`#${await vat.getAttribute('aria-describedby')}`)
      await expect.poll(() => error.innerText()).toContain('Partita IVA non valida (11 cifre con cifra di controllo)')
      expect(await vat.getAttribute('aria-invalid')).toBe('true')
      expect(await dialog.isVisible()).toBe(true)
      await dialog.getByRole('button', { name: 'Annulla' }).click()
      await dialog.waitFor({ state: 'hidden' })
    } finally {
      staff.off('request', onRequest)
    }
    expect(posts).toEqual([])
    const stored = await api<{ items: unknown[] }>(coordinator, 'GET', `/firms?q=${encodeURIComponent(code)}`)
    expect(stored.items).toEqual([])
  })
})

describe('a firm’s people', () => {
  it('adds a contact, records and withdraws a consent, then erases the person (GDPR) as the digital leader', async () => {
    // Erasure needs crm.privacy, which only the digital leader holds.
    const firm = await createFirm(coordinator, `Ferramenta Contatti E2E ${stamp()} S.r.l.`)
    const leader = await openAs(browser, 'leader@pid.example')
    try {
      await findAndOpen(leader, firm.name)
      await leader.getByRole('tab', { name: 'Contatti' }).click()
      await leader.getByText('Nessuna persona registrata.').waitFor()

      await leader.getByRole('button', { name: 'Aggiungi persona' }).click()
      const add = leader.getByRole('dialog', { name: 'Nuova persona di riferimento' })
      await checkA11y(leader, add)
      await add.getByLabel('Nome', { exact: true }).fill('Giulia')
      await add.getByLabel('Cognome').fill('Verdi')
      await add.getByLabel('Ruolo in azienda').fill('Responsabile marketing')
      await add.getByLabel('Email').fill('giulia.verdi@ferramenta.example')
      await add.getByLabel('Telefono').fill('+39 02 1234567')
      expect((await clickFor(add.getByRole('button', { name: 'Salva' }), 'POST', /\/firms\/\d+\/contacts$/)).status()).toBe(201)
      await add.waitFor({ state: 'hidden' })
      const card = leader.getByRole('listitem', { name: 'Giulia Verdi' })
      expect(await card.innerText()).toContain('Responsabile marketing · giulia.verdi@ferramenta.example · +39 02 1234567')
      expect(await card.innerText()).toContain('Nessun consenso registrato.')

      await card.getByRole('button', { name: 'Registra consenso' }).click()
      const consent = leader.getByRole('dialog', { name: 'Registra consenso' })
      await checkA11y(leader, consent)
      await consent.getByRole('combobox', { name: 'Finalità' }).click()
      await leader.getByRole('option', { name: 'Newsletter' }).click()
      await consent.getByLabel('Modalità di raccolta').fill('modulo firmato allo sportello')
      await consent.getByLabel('Versione dell’informativa').fill('informativa-2026-01')
      expect((await clickFor(consent.getByRole('button', { name: 'Salva' }), 'POST', /\/consents$/)).status()).toBe(201)
      await consent.waitFor({ state: 'hidden' })
      const consents = card.getByRole('table', { name: 'Consensi di Giulia Verdi' })
      const newsletter = consents.getByRole('row').filter({ hasText: 'Newsletter' })
      await expect.poll(() => newsletter.innerText()).toContain('Attivo')

      expect((await clickFor(newsletter.getByRole('button', { name: 'Revoca' }), 'POST', /\/consents\/\d+\/withdraw$/)).status()).toBe(200)
      await expect.poll(() => newsletter.innerText()).toMatch(/Revocato (il |l')\d{1,2} \S+ \d{4}/)
      expect(await newsletter.getByRole('button', { name: 'Revoca' }).count()).toBe(0)

      await card.getByRole('button', { name: 'Cancella (diritto all’oblio)' }).click()
      const erase = leader.getByRole('dialog', { name: 'Cancellazione dei dati personali' })
      await checkA11y(leader, erase)
      expect(await erase.innerText()).toContain('I dati personali di Giulia Verdi saranno cancellati in modo definitivo')
      await erase.getByLabel('Motivo della cancellazione').fill('Richiesta dell’interessata via PEC')
      expect((await clickFor(erase.getByRole('button', { name: 'Cancella definitivamente' }), 'POST', /\/contacts\/\d+\/erase$/)).status()).toBe(200)
      await erase.waitFor({ state: 'hidden' })
      const anonymous = leader.getByRole('listitem', { name: 'Contatto anonimo' })
      await expect.poll(() => anonymous.innerText()).toMatch(/Dati cancellati (il |l')\d{1,2} \S+ \d{4}/)
      await card.waitFor({ state: 'detached' })

      // After a reload the person is still gone: nothing personal is left to show.
      await leader.reload()
      await anonymous.waitFor()
      const tab = await leader.getByRole('tabpanel').innerText()
      for (const personal of ['Giulia', 'Verdi', 'giulia.verdi@ferramenta.example', '1234567']) expect(tab).not.toContain(personal)
    } finally {
      await leader.context().close()
    }
  })
})

describe('exporting the firm list', () => {
  it('downloads the filtered list as CSV and XLSX with exactly the filtered firms', async () => {
    const word = `Esportazione E2E ${stamp()}`
    const tag = `e2e-${stamp()}`
    const [alfa, , gamma] = [
      await createFirm(coordinator, `${word} Alfa S.r.l.`, [tag]),
      await createFirm(coordinator, `${word} Beta S.r.l.`),
      await createFirm(coordinator, `${word} Gamma S.r.l.`, [tag, 'export']),
    ]
    await openFirms(staff)
    await staff.getByRole('searchbox', { name: 'Cerca impresa' }).fill(word)
    await staff.waitForURL((url) => url.searchParams.get('q') === word)
    await expect.poll(() => staff.getByTestId('firm-count').innerText()).toBe('3 imprese')
    if ((await staff.getByRole('button', { name: 'Filtri' }).getAttribute('aria-expanded')) !== 'true') {
      await staff.getByRole('button', { name: 'Filtri' }).click()
    }
    await staff.getByLabel('Etichette').fill(tag)
    await staff.getByLabel('Etichette').press('Enter')
    await staff.waitForURL((url) => url.searchParams.get('tags') === tag)
    await expect.poll(() => staff.getByTestId('firm-count').innerText()).toBe('2 imprese')

    const csv = await download(staff, 'Esporta in CSV', 'csv')
    expect(csv.name).toMatch(/^imprese-\d{4}-\d{2}-\d{2}\.csv$/)
    expect(csv.data.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const records = parse(csv.data, { bom: true, delimiter: ';', columns: true })
    expect(Object.keys(records[0] ?? {})).toEqual(EXPORT_HEADERS)
    expect(records.map((r) => r['Ragione sociale']).sort()).toEqual([alfa.name, gamma.name])
    expect(records.map((r) => r['Codice fiscale']).sort()).toEqual([alfa.taxCode, gamma.taxCode].sort())
    for (const r of records) expect(r['Etichette']).toContain(tag)

    const xlsx = await download(staff, 'Esporta in XLSX (Excel)', 'xlsx')
    expect(xlsx.name).toMatch(/^imprese-\d{4}-\d{2}-\d{2}\.xlsx$/)
    expect(xlsx.data.subarray(0, 2).toString('latin1')).toBe('PK')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.data)
    const sheet = book.worksheets[0]!
    expect(sheet.rowCount).toBe(3)
    expect(sheet.getRow(1).values.slice(1)).toEqual(EXPORT_HEADERS)
    expect([sheet.getRow(2).values[1], sheet.getRow(3).values[1]].sort()).toEqual([alfa.name, gamma.name])
  })
})

/** Clicks an export button; returns the file the browser saved, once the API answered 200. */
async function download(p: Page, button: string, format: 'csv' | 'xlsx'): Promise<{ name: string; data: Buffer }> {
  const [answer, file] = await Promise.all([
    p.waitForResponse((r) => /\/firms\/export$/.test(new URL(r.url()).pathname) && new URL(r.url()).searchParams.get('format') === format),
    p.waitForEvent('download'),
    p.getByRole('button', { name: button }).click(),
  ])
  expect(answer.status()).toBe(200)
  const path = await file.path()
  return { name: file.suggestedFilename(), data: await readFile(path) }
}

/** One promoter's row of the campaign's "Avanzamento per promoter" table, keyed by column header. */
async function progressOf(p: Page, promoter: string): Promise<Record<string, string>> {
  const table = p.getByRole('table', { name: 'Avanzamento per promoter' })
  const headers = await table.getByRole('columnheader').allInnerTexts()
  const row = table.getByRole('row').filter({ has: p.getByRole('rowheader', { name: promoter, exact: true }) })
  const cells = await row.locator('th, td').allInnerTexts()
  return Object.fromEntries(headers.map((h, i) => [h.trim(), (cells[i] ?? '').trim()]))
}

describe('campaigns', () => {
  it('starts a campaign on a segment for a promoter, who logs an outcome; the progress per promoter follows', async () => {
    const tag = `campagna-${stamp()}`
    const firms = [
      await createFirm(coordinator, `Bottega Campagna E2E ${stamp()} Uno S.n.c.`, [tag]),
      await createFirm(coordinator, `Bottega Campagna E2E ${stamp()} Due S.n.c.`, [tag]),
    ]
    const segment = await api<{ id: number; name: string }>(coordinator, 'POST', '/segments', { name: `Botteghe E2E ${tag}`, filter: { tags: [tag] } })
    const name = `Campagna voucher E2E ${stamp()}`

    await nav(staff).getByRole('link', { name: 'Campagne', exact: true }).click()
    await staff.getByRole('heading', { level: 1, name: 'Campagne' }).waitFor()
    await checkA11y(staff)
    await staff.getByRole('button', { name: 'Nuova campagna' }).click()
    const dialog = staff.getByRole('dialog', { name: 'Nuova campagna' })
    await checkA11y(staff, dialog)
    await dialog.getByLabel('Nome').fill(name)
    await dialog.getByLabel('Obiettivo').fill('Presentare i voucher digitali alle botteghe del quartiere')
    await dialog.getByRole('combobox', { name: 'Segmento' }).click()
    await staff.getByRole('option', { name: segment.name }).click()
    // The segment's list closes (and gives the focus back to its field, a moment later) before the
    // next key: a focus landing in mid-opening scrolls the dialog, and a scroll closes an open list.
    await staff.getByRole('listbox').waitFor({ state: 'hidden' })
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Segmento' }).evaluate((el) => el === document.activeElement || el.contains(document.activeElement))).toBe(true)
    // The multi-select opens from the keyboard, as for anyone not using a mouse.
    await dialog.getByRole('combobox', { name: 'Digital promoter' }).press('ArrowDown')
    await staff.getByRole('option', { name: 'Paola Promotrice' }).click()
    await staff.keyboard.press('Escape')
    expect((await clickFor(dialog.getByRole('button', { name: 'Avvia campagna' }), 'POST', /\/campaigns$/)).status()).toBe(201)
    await staff.getByRole('heading', { level: 1, name }).waitFor()
    await checkA11y(staff)
    await expect.poll(() => progressOf(staff, 'Paola Promotrice')).toMatchObject({ Totale: '2', 'Da contattare': '2', Interessata: '0' })

    const promoter = await openAs(browser, 'promotore@pid.example')
    try {
      await nav(promoter).getByRole('link', { name: 'Campagne', exact: true }).click()
      await promoter.getByRole('link', { name }).click()
      await promoter.getByRole('heading', { level: 1, name }).waitFor()
      await checkA11y(promoter)
      await promoter.getByRole('heading', { level: 2, name: 'Le mie imprese' }).waitFor()
      const outcomes = promoter.getByRole('group', { name: `Esito per ${firms[0]!.name}` })
      const interested = outcomes.getByRole('button', { name: 'Interessata', exact: true })
      expect((await clickFor(interested, 'PUT', new RegExp(`/firms/${firms[0]!.id}/outcome$`))).status()).toBe(200)
      await expect.poll(() => interested.getAttribute('aria-pressed')).toBe('true')
      await expect.poll(() => progressOf(promoter, 'Paola Promotrice')).toMatchObject({ Totale: '2', 'Da contattare': '1', Interessata: '1' })
    } finally {
      await promoter.context().close()
    }

    // The coordinator sees the promoter's work on the campaign's page.
    await staff.reload()
    await staff.getByRole('heading', { level: 1, name }).waitFor()
    await checkA11y(staff)
    await expect.poll(() => progressOf(staff, 'Paola Promotrice')).toMatchObject({ Totale: '2', 'Da contattare': '1', Interessata: '1' })
  })
})

describe('referrals to partners', () => {
  it('staff refer a firm to Confartigianato, its partner user accepts and sends feedback, staff read it on the firm', async () => {
    const firm = await createFirm(coordinator, `Sartoria Segnalata E2E ${stamp()} S.r.l.`)
    const need = `Vendere online i capi su misura (e2e ${stamp()})`
    const partnerName = 'Confartigianato Imprese Milano'

    await findAndOpen(staff, firm.name)
    await staff.getByRole('tab', { name: 'Segnalazioni' }).click()
    await staff.getByText('Nessuna segnalazione per questa impresa.').waitFor()
    await staff.getByRole('button', { name: 'Nuova segnalazione' }).click()
    const dialog = staff.getByRole('dialog', { name: 'Segnala l’impresa a un partner' })
    await checkA11y(staff, dialog)
    await dialog.getByRole('combobox', { name: 'Partner' }).click()
    await staff.getByRole('option', { name: partnerName }).click()
    await dialog.getByLabel('Bisogno dell’impresa').fill(need)
    expect((await clickFor(dialog.getByRole('button', { name: 'Invia segnalazione' }), 'POST', /\/firms\/\d+\/referrals$/)).status()).toBe(201)
    await dialog.waitFor({ state: 'hidden' })
    const card = staff.getByRole('listitem').filter({ hasText: need })
    await expect.poll(() => card.innerText()).toContain('Inviata')
    expect(await card.innerText()).toContain(partnerName)

    const partner = await openAs(browser, 'partner@pid.example')
    try {
      await nav(partner).getByRole('link', { name: 'Segnalazioni', exact: true }).click()
      await partner.getByRole('heading', { level: 1, name: 'Segnalazioni' }).waitFor()
      await checkA11y(partner)
      const row = partner.getByRole('row').filter({ has: partner.getByRole('link', { name: firm.name }) })
      expect(await row.innerText()).toContain(need)
      expect((await clickFor(row.getByRole('button', { name: 'Accetta' }), 'POST', /\/referrals\/\d+\/response$/)).status()).toBe(200)
      await expect.poll(() => row.innerText()).toContain('Accettata')

      await row.getByRole('button', { name: 'Scheda di feedback' }).click()
      const sheet = partner.getByRole('dialog', { name: 'Scheda di feedback' })
      await checkA11y(partner, sheet)
      await sheet.getByRole('combobox', { name: 'Esito' }).click()
      await partner.getByRole('option', { name: 'Risolto in parte' }).click()
      await sheet.getByLabel('Servizi erogati').fill('Analisi del sito\nCorso di e-commerce')
      await sheet.getByLabel('Prossimi passi per l’impresa').fill('Aprire il negozio online entro marzo')
      expect((await clickFor(sheet.getByRole('button', { name: 'Invia scheda' }), 'POST', /\/referrals\/\d+\/feedback$/)).status()).toBe(200)
      await sheet.waitFor({ state: 'hidden' })
      await expect.poll(() => row.innerText()).toContain('Completata')
      await row.getByRole('button', { name: 'Mostra feedback' }).click()
      await expect.poll(() => row.innerText()).toContain('Analisi del sito; Corso di e-commerce')
    } finally {
      await partner.context().close()
    }

    // Back as staff: the referrals tab shows the sheet, the timeline tells the story.
    await staff.reload()
    await expect.poll(() => card.innerText()).toContain('Completata')
    const shown = await card.innerText()
    for (const text of ['Risolto in parte', 'Analisi del sito; Corso di e-commerce', 'Aprire il negozio online entro marzo']) expect(shown).toContain(text)
    await staff.getByRole('tab', { name: 'Cronologia' }).click()
    const latest = staff.getByTestId('timeline-item').first()
    await expect.poll(() => latest.innerText()).toContain(`Scheda di feedback di ${partnerName}: esigenza risolta in parte`)
    expect(await latest.innerText()).toMatch(/^Feedback del partner\n/)
    expect(await latest.innerText()).toContain(`Piero Partner · ${partnerName}`)
    expect(await staff.getByTestId('timeline-item').filter({ hasText: `Segnalata a ${partnerName}` }).count()).toBe(1)
  })
})
