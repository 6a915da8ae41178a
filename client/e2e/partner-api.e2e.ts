import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { baseUrl, checkA11y, launchBrowser, nav, openAs } from './browser.ts'
import { apiLogin, type ApiSession } from './api.ts'
import { expectItalian, trackFetches } from './italian.ts'

/**
 * The chamber's digital leader gives the demo partner (Confartigianato Imprese Milano, in agreement
 * with Milano) an API client: its secret shows once; the secret rotates with an overlap (both work,
 * the new one only shown once); a webhook subscription gets a ping and the log shows the delivery,
 * which is replayed; the client is revoked and its secret stops working.
 *
 * The webhook routes belong to another part of the partner API: while they answer 404 the page
 * says so quietly and this test checks that, skipping the subscription's clicks (see `webhooksReady`).
 */
const PARTNER = 'Confartigianato Imprese Milano'
const tag = String(Date.now() % 100_000)
const CLIENT = `Gestionale soci ${tag}`
const HOOK_URL = `https://partner-${tag}.example/webhook`

let browser: Browser
let leader: ApiSession
/** The leader's page, through the steps below (each one a test: the whole walk takes longer than a test's minute). */
let page: Page
/** What the steps hand on: the client's id, its client_id, its latest secret. */
const state = { apiClientId: 0, clientId: '', secret: '' }

beforeAll(async () => {
  browser = await launchBrowser()
  leader = await apiLogin('leader@pid.example')
  page = await openAs(browser, 'leader@pid.example')
  // expectItalian waits for the page's fetches: count them from the next load on.
  await trackFetches(page)
  await page.reload()
})
afterAll(async () => {
  await page?.context().close()
  await browser?.close()
})

/** The OAuth token endpoint's status for a client id and secret (200: they work). */
async function tokenStatus(clientId: string, secret: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString(),
  })
  return res.status
}

/** Whether the webhook routes exist on this server (the webhooks part of the partner API). */
async function webhooksReady(apiClientId: number): Promise<boolean> {
  const res = await fetch(`${baseUrl}/api/v1/chambers/${leader.chamberId}/api-clients/${apiClientId}/webhooks`, {
    headers: { authorization: `Bearer ${leader.token}` },
  })
  return res.status !== 404
}

async function choose(page: Page, combobox: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: combobox }).click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

/** The values of a "shown once" panel: [client id or address, secret]. */
async function secretValues(page: Page, panel: string): Promise<[string, string]> {
  const box = page.getByTestId(panel)
  await box.waitFor()
  return [await box.getByTestId(`${panel}-value-0`).innerText(), await box.getByTestId(`${panel}-value-1`).innerText()]
}

/** Nothing wider than the window: no sideways scroll on a phone. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
}

describe('partner API clients', () => {
  it('a leader creates a client: its secret shows once, and works', async () => {
    await nav(page).getByRole('link', { name: 'API dei partner' }).click()
    await page.getByRole('heading', { level: 1, name: 'API dei partner' }).waitFor()
    await page.getByTestId('api-clients').waitFor()
    await checkA11y(page)
    await expectItalian(page)

    // The organisation, a name, two scopes; the dialog refuses it without scopes first.
    await page.getByRole('button', { name: 'Nuovo client API' }).click()
    const dialog = page.getByRole('dialog', { name: 'Nuovo client API' })
    await dialog.waitFor()
    await checkA11y(page, dialog)
    await choose(page, 'Organizzazione partner', PARTNER)
    await dialog.getByLabel('Nome del client').fill(CLIENT)
    await dialog.getByRole('button', { name: 'Crea il client' }).click()
    await dialog.getByText('Scegli almeno un ambito.').waitFor()
    await checkA11y(page, dialog)
    await dialog.getByLabel('Lettura imprese').check()
    await dialog.getByLabel('Segnalazioni', { exact: true }).check()
    const created = page.waitForResponse((r) => r.url().endsWith('/api-clients') && r.request().method() === 'POST')
    await dialog.getByRole('button', { name: 'Crea il client' }).click()
    expect((await created).status()).toBe(201)
    await dialog.waitFor({ state: 'hidden' })

    // The credentials, once: they work, and once the panel is closed the secret is nowhere on the page.
    const [clientId, secret] = await secretValues(page, 'new-client-secret')
    expect(clientId).toMatch(/^pid_/)
    expect(secret).toMatch(/^pidsk_/)
    await page.getByTestId('new-client-secret').getByText('non sarà più mostrato').waitFor()
    await checkA11y(page)
    expect(await tokenStatus(clientId, secret)).toBe(200)
    await page.getByRole('button', { name: 'Ho copiato il segreto' }).click()
    await page.getByTestId('new-client-secret').waitFor({ state: 'hidden' })
    expect(await page.locator('main').innerText()).not.toContain(secret)
    const row = page.getByRole('row').filter({ hasText: CLIENT })
    await expect.poll(() => row.innerText()).toContain('Lettura imprese')
    expect(await row.innerText()).toContain('Attivo')

    // Its page: data, one live secret, in Italian.
    await row.getByRole('link', { name: CLIENT }).click()
    await page.getByRole('heading', { level: 1, name: CLIENT }).waitFor()
    expect(await page.getByTestId('client-id').innerText()).toBe(clientId)
    await expect.poll(() => page.getByTestId('live-secrets').getByRole('listitem').count()).toBe(1)
    await checkA11y(page)
    await expectItalian(page)
    Object.assign(state, { apiClientId: Number(/\/client-api\/(\d+)/.exec(page.url())?.[1]), clientId, secret })
  })

  it('rotates the secret with an overlap: the new one shows once, both work meanwhile', async () => {
    expect(state.apiClientId).toBeGreaterThan(0)
    await page.getByRole('button', { name: 'Ruota segreto' }).click()
    const rotate = page.getByRole('dialog', { name: 'Ruota il segreto' })
    await expect.poll(() => rotate.getByLabel('Ore di sovrapposizione').inputValue()).toBe('24')
    await checkA11y(page, rotate)
    await rotate.getByRole('button', { name: 'Ruota il segreto' }).click()
    const [, rotated] = await secretValues(page, 'rotated-secret')
    expect(rotated).toMatch(/^pidsk_/)
    expect(rotated).not.toBe(state.secret)
    await expect.poll(() => page.getByTestId('live-secrets').getByRole('listitem').count()).toBe(2)
    expect(await page.getByTestId('live-secrets').innerText()).toMatch(/scade (il |l')\d{2}\/\d{2}\/\d{2}/)
    expect(await tokenStatus(state.clientId, rotated)).toBe(200)
    expect(await tokenStatus(state.clientId, state.secret)).toBe(200)
    await checkA11y(page)
    await page.getByRole('button', { name: 'Ho copiato il segreto' }).click()
    await page.getByTestId('rotated-secret').waitFor({ state: 'hidden' })
    state.secret = rotated
  })

  it('subscribes a webhook (its secret once), pings it and replays the delivery from the log', async () => {
    expect(state.apiClientId).toBeGreaterThan(0)
    if (!(await webhooksReady(state.apiClientId))) {
      // Without the webhook routes the panels say so, without an error.
      await page.getByTestId('webhooks').getByText('non sono disponibili al momento').waitFor()
      await page.getByTestId('deliveries').getByText('non è disponibile al momento').waitFor()
      console.warn('[partner-api.e2e] the webhook routes answer 404 on this server: the subscription and delivery log clicks were skipped')
      return
    }
    const webhooks = page.getByTestId('webhooks')
    await webhooks.getByRole('button', { name: 'Aggiungi sottoscrizione' }).click()
    const hook = page.getByRole('dialog', { name: 'Nuova sottoscrizione webhook' })
    await hook.getByLabel('Indirizzo (URL)').fill(HOOK_URL)
    await hook.getByLabel('Nuova segnalazione').check()
    await hook.getByLabel('Ping di prova').check()
    await checkA11y(page, hook)
    await hook.getByRole('button', { name: 'Crea la sottoscrizione' }).click()
    const [, whsec] = await secretValues(page, 'webhook-secret')
    expect(whsec).toMatch(/^whsec_/)
    await page.getByTestId('webhook-secret').getByRole('button', { name: 'Ho copiato il segreto' }).click()
    await webhooks.getByText(HOOK_URL).waitFor()
    await checkA11y(page)

    const pinged = page.waitForResponse((r) => r.url().endsWith('/ping') && r.request().method() === 'POST')
    await webhooks.getByRole('button', { name: `Invia ping a ${HOOK_URL}` }).click()
    expect((await pinged).status()).toBeLessThan(300)
    const delivery = page.getByTestId('deliveries').getByRole('row').filter({ hasText: 'Ping di prova' }).first()
    await delivery.waitFor()
    await checkA11y(page)
    await delivery.getByRole('button', { name: /^Dettagli della consegna/ }).click()
    const details = page.getByRole('dialog', { name: /^Dettagli della consegna/ })
    await details.getByText('Identificativo del messaggio').waitFor()
    await checkA11y(page, details)
    const replayed = page.waitForResponse((r) => r.url().endsWith('/replay') && r.request().method() === 'POST')
    await details.getByRole('button', { name: 'Reinvia' }).click()
    expect((await replayed).status()).toBe(202)
    await page.keyboard.press('Escape')
    await details.waitFor({ state: 'hidden' })

    await webhooks.getByRole('button', { name: `Disattiva la sottoscrizione ${HOOK_URL}` }).click()
    await webhooks.getByText('Disattivata').waitFor()
  })

  it('fits a phone and revokes the client after a confirmation: its secrets stop working', async () => {
    expect(state.apiClientId).toBeGreaterThan(0)
    await page.setViewportSize({ width: 390, height: 844 })
    await expectNoSidewaysScroll(page)
    await checkA11y(page)
    await page.setViewportSize({ width: 1366, height: 900 })

    await page.getByRole('button', { name: 'Revoca', exact: true }).click()
    const revoke = page.getByRole('dialog', { name: 'Revoca il client API' })
    await revoke.getByText('è definitivo').waitFor()
    await checkA11y(page, revoke)
    await revoke.getByRole('button', { name: 'Revoca definitivamente' }).click()
    await revoke.waitFor({ state: 'hidden' })
    await page.getByText('Il client è revocato').waitFor()
    expect(await page.getByRole('button', { name: 'Ruota segreto' }).count()).toBe(0)
    expect(await tokenStatus(state.clientId, state.secret)).toBe(401)
    await checkA11y(page)
  })

  it("links from the CRM's Partners page to the organisation's clients", async () => {
    await nav(page).getByRole('link', { name: 'Partner', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Partner' }).waitFor()
    await page.getByRole('link', { name: `Client API di ${PARTNER}` }).click()
    await page.getByRole('heading', { level: 1, name: 'API dei partner' }).waitFor()
    expect(page.url()).toMatch(/partnerId=\d+/)
    await expect.poll(() => page.getByRole('row').filter({ hasText: CLIENT }).innerText()).toContain('Revocato')
    await expectItalian(page)
  })

  it('lets a promoter read the clients but not create one', async () => {
    const promoter = await openAs(browser, 'promotore@pid.example')
    try {
      await nav(promoter).getByRole('link', { name: 'API dei partner' }).click()
      await promoter.getByRole('heading', { level: 1, name: 'API dei partner' }).waitFor()
      await promoter.getByTestId('api-clients').waitFor()
      expect(await promoter.getByRole('button', { name: 'Nuovo client API' }).count()).toBe(0)
      await checkA11y(promoter)
    } finally {
      await promoter.context().close()
    }
  })
})
