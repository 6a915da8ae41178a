import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { baseUrl, checkA11y, DEMO_PASSWORD, launchBrowser, nav, openAs } from './browser.ts'
import { apiLogin, createFirm, type CreatedFirm } from './api.ts'

let browser: Browser
let firm: CreatedFirm
const tag = String(Date.now() % 100_000)

/** A national coordinator's token (it holds no chamber role, so not through apiLogin). */
async function nationalToken(): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nazionale@pid.example', password: DEMO_PASSWORD }),
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { accessToken: string }).accessToken
}

beforeAll(async () => {
  browser = await launchBrowser()
  firm = await createFirm(await apiLogin('coordinatore@pid.example'), `Conflitti Prova ${tag} Srl`)
})
afterAll(async () => { await browser?.close() })

describe('mentors', () => {
  it('a coordinator registers a mentor, selects and activates it, and reads the code of conduct', async () => {
    const page = await openAs(browser, 'coordinatore@pid.example')
    try {
      await nav(page).getByRole('link', { name: 'Mentor', exact: true }).click()
      await page.getByRole('heading', { level: 1, name: 'Mentor digitali' }).waitFor()
      await page.getByTestId('mentor-table').waitFor()
      await checkA11y(page)

      await page.getByTestId('new-mentor').click()
      const dialog = page.getByRole('dialog', { name: 'Nuova candidatura di mentor' })
      await dialog.waitFor()
      await dialog.getByLabel('Nome e cognome').fill(`Valentina Rinaldi ${tag}`)
      await dialog.getByLabel('Email').fill(`valentina.rinaldi.${tag}@mentor.example`)
      await dialog.getByLabel('Telefono').fill('+39 02 5550101')
      await dialog.getByLabel('Presentazione').fill('Esperta di commercio elettronico per le PMI del design.')
      await dialog.getByLabel(/^Province/).fill('MI, MB')
      await checkA11y(page, dialog)
      await dialog.getByRole('button', { name: 'Registra candidatura' }).click()

      await page.getByRole('heading', { level: 1, name: `Valentina Rinaldi ${tag}` }).waitFor()
      await expect.poll(() => page.getByTestId('mentor-status').innerText()).toBe('Candidato')
      await checkA11y(page)

      await page.getByRole('button', { name: 'Seleziona', exact: true }).click()
      const select = page.getByRole('dialog', { name: 'Nuovo stato: Selezionato' })
      await select.getByLabel('Motivo (facoltativo)').fill('Colloquio superato')
      await checkA11y(page, select)
      await select.getByRole('button', { name: 'Conferma' }).click()
      await expect.poll(() => page.getByTestId('mentor-status').innerText()).toBe('Selezionato')

      // Suspending asks for a reason; activation does not.
      await page.getByRole('button', { name: 'Attiva', exact: true }).click()
      await page.getByRole('dialog', { name: 'Nuovo stato: Attivo' }).getByRole('button', { name: 'Conferma' }).click()
      await expect.poll(() => page.getByTestId('mentor-status').innerText()).toBe('Attivo')
      await expect.poll(() => page.getByTestId('mentor-history').innerText()).toContain('Colloquio superato')
      await checkA11y(page)

      // The list and the code of conduct's tab.
      await page.getByRole('link', { name: 'Torna ai mentor' }).click()
      await page.getByRole('link', { name: `Valentina Rinaldi ${tag}` }).waitFor()
      await page.getByRole('tab', { name: 'Codice di condotta' }).click()
      await expect.poll(() => page.getByTestId('code-text').innerText()).toContain('Gratuità')
      await checkA11y(page)
    } finally {
      await page.context().close()
    }
  })

  it('the demo mentor accepts a new version of the code of conduct and declares a conflict of interest', async () => {
    // A new version published by the national structure: the mentor is asked again.
    const published = await fetch(`${baseUrl}/api/v1/mentoring/code-of-conduct`, {
      method: 'POST', headers: { authorization: `Bearer ${await nationalToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: `Codice di condotta del mentor digitale – versione aggiornata ${tag}.\n\nGratuità, riservatezza, nessun conflitto di interessi.` }),
    })
    expect(published.status).toBe(201)
    const version = ((await published.json()) as { version: number }).version

    const page = await openAs(browser, 'mentor@pid.example')
    try {
      await nav(page).getByRole('link', { name: 'Il mio profilo di mentor' }).click()
      await page.getByRole('heading', { level: 1, name: 'Il mio profilo di mentor' }).waitFor()
      await expect.poll(() => page.getByTestId('code-banner').innerText()).toContain('nuova versione del codice di condotta')
      await expect.poll(() => page.getByTestId('code-text').innerText()).toContain(`versione aggiornata ${tag}`)
      await checkA11y(page)

      await page.getByRole('button', { name: `Accetto la versione ${version}` }).click()
      await page.getByRole('status').filter({ hasText: 'Codice di condotta accettato.' }).waitFor()
      await expect.poll(() => page.getByTestId('code-accepted').innerText()).toContain(`versione ${version}`)
      await expect.poll(() => page.getByTestId('code-banner').count()).toBe(0)
      await checkA11y(page)

      await page.getByRole('button', { name: 'Dichiara un conflitto' }).click()
      const dialog = page.getByRole('dialog', { name: "Dichiara un conflitto d'interessi" })
      await dialog.getByLabel('Cerca impresa per nome').fill(firm.name)
      await dialog.getByRole('button', { name: 'Cerca' }).click()
      await expect.poll(() => dialog.innerText()).toContain(firm.name)
      await dialog.getByLabel('Motivo').fill('Sono stato consulente di questa impresa fino allo scorso anno.')
      await checkA11y(page, dialog)
      await dialog.getByRole('button', { name: 'Dichiara' }).click()
      await dialog.waitFor({ state: 'hidden' })
      await expect.poll(() => page.getByTestId('conflicts').innerText()).toContain(firm.name)
      await checkA11y(page)
    } finally {
      await page.context().close()
    }
  })
})
