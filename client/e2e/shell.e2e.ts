import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { baseUrl, checkA11y, DEMO_PASSWORD, launchBrowser, nav, openAs as signIn } from './browser.ts'
import { api, apiLogin } from './api.ts'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

const openAs = (email: string): Promise<Page> => signIn(browser, email)

async function navItems(page: Page): Promise<string[]> {
  const links = nav(page).getByRole('link')
  await links.first().waitFor()
  return (await links.allInnerTexts()).map((s) => s.trim())
}

describe('application shell', () => {
  it('shows a promoter only what the promoter may do', async () => {
    const page = await openAs('promotore@pid.example')
    try {
      expect(await navItems(page)).toEqual([
        'Cruscotto', 'Imprese', 'Segmenti', 'Campagne', 'Mailing', 'Segnalazioni', 'Richieste di aiuto', 'Partner', 'API dei partner', 'Monitoraggio', 'Risultati della rete', 'Autovalutazioni', 'Bandi', 'Eventi',
        'Risultati eventi', 'Mediateca', 'Area demo', 'Rete', 'Mentor', 'Richieste di mentoring', 'Percorsi di mentoring', 'Giornate di speed mentoring', 'Cifre del mentoring', 'Analisi maturità', 'Profilo',
      ])
      // Typing the address does not help either: the guard blocks it.
      await page.goto(`${baseUrl}/utenti`)
      await page.getByRole('heading', { level: 1, name: 'Accesso non consentito' }).waitFor()
      await checkA11y(page)
    } finally {
      await page.context().close()
    }
  })

  it('lets the digital leader invite a user, read the mail, switch language and log out', async () => {
    const page = await openAs('leader@pid.example')
    try {
      await expect.poll(() => page.getByTestId('current-chamber').innerText()).toBe('Camera di commercio di Milano')
      expect(await navItems(page)).toEqual([
        'Cruscotto', 'Imprese', 'Segmenti', 'Campagne', 'Mailing', 'Segnalazioni', 'Richieste di aiuto', 'Partner', 'API dei partner', 'Importazioni', 'Duplicati', 'Monitoraggio', 'Risultati della rete',
        'Autovalutazioni', 'Budget', 'Bandi', 'Eventi', 'Risultati eventi', 'Mediateca', 'Area demo', 'Rete', 'Mentor', 'Richieste di mentoring', 'Percorsi di mentoring', 'Giornate di speed mentoring', 'Spese dei mentor', 'Cifre del mentoring', 'Questionari', 'Analisi maturità', 'Utenti', 'Posta inviata', 'Registro attività', 'Profilo',
      ])

      // Invite a new promoter from the Users page.
      await nav(page).getByRole('link', { name: 'Utenti' }).click()
      await page.getByRole('heading', { level: 1, name: 'Utenti' }).waitFor()
      await checkA11y(page)
      await page.getByRole('cell', { name: 'leader@pid.example' }).waitFor()
      const email = `nuovo.${Date.now()}@pid.example`
      await page.getByRole('button', { name: 'Invita utente' }).click()
      const dialog = page.getByRole('dialog', { name: 'Invita un nuovo utente' })
      await checkA11y(page, dialog)
      await dialog.getByLabel('Nome e cognome').fill('Nuovo Promotore')
      await dialog.getByLabel('Email').fill(email)
      await dialog.getByRole('combobox', { name: 'Ruolo' }).click()
      await page.getByRole('option', { name: 'Digital promoter' }).click()
      const invited = page.waitForResponse((r) => r.url().endsWith('/invitations') && r.request().method() === 'POST')
      await dialog.getByRole('button', { name: 'Invia invito' }).click()
      expect((await invited).status()).toBe(201)
      await dialog.waitFor({ state: 'hidden' })
      const row = page.getByRole('row').filter({ hasText: email })
      await row.waitFor()
      await expect.poll(() => row.innerText()).toContain('Invitato')

      // The invitation is in the outbox, with the link to /invito.
      await nav(page).getByRole('link', { name: 'Posta inviata' }).click()
      await page.getByRole('heading', { level: 1, name: 'Posta inviata' }).waitFor()
      await checkA11y(page)
      const mailRow = page.getByRole('row').filter({ hasText: email })
      await mailRow.getByRole('button', { name: /Leggi/ }).click()
      await expect.poll(() => page.getByTestId('mail-text').innerText()).toContain('/invito?token=')
      await page.keyboard.press('Escape')
      await page.getByTestId('mail-text').waitFor({ state: 'hidden' })

      // English labels after the switch, and <html lang> follows.
      await page.getByRole('group', { name: 'Lingua' }).getByRole('button', { name: 'English' }).click()
      await page.getByRole('heading', { level: 1, name: 'Sent mail' }).waitFor()
      await checkA11y(page)
      expect(await navItems(page)).toEqual([
        'Dashboard', 'Businesses', 'Segments', 'Campaigns', 'Mailings', 'Referrals', 'Help requests', 'Partners', 'Partner API', 'Imports', 'Duplicates', 'Monitoring', 'Network results',
        'Self-assessments', 'Budget', 'Voucher calls', 'Events', 'Event results', 'Media library', 'Demo area', 'Network', 'Mentors', 'Mentoring requests', 'Mentoring pairs', 'Speed mentoring days', "Mentors' expenses", 'Mentoring in figures', 'Questionnaires', 'Maturity analytics', 'Users', 'Sent mail', 'Activity log', 'Profile',
      ])
      expect(await page.locator('html').getAttribute('lang')).toBe('en')

      // Log out from the user menu: back to the sign-in page.
      await page.getByRole('button', { name: /User menu/ }).click()
      await page.getByRole('menuitem', { name: 'Log out' }).click()
      await page.waitForURL(/\/login/)
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
      await checkA11y(page)
      // The session is really gone: a reload does not restore it.
      await page.reload()
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
      await checkA11y(page)
    } finally {
      await page.context().close()
    }
  })

  it('passes axe on the sign-in and invitation pages, as shown and with their errors', async () => {
    // An invitation for a new promoter; its mail carries the link to /invito.
    const leader = await apiLogin('leader@pid.example')
    const email = `accesso.${Date.now()}@pid.example`
    await api(leader, 'POST', '/invitations', { email, name: 'Nuova Persona', role: 'digital_promoter' })
    const mail = await api<{ items: { to: string; text: string }[] }>(leader, 'GET', '/mail')
    const link = /https?:\/\/\S+\/invito\?token=\S+/.exec(mail.items.find((m) => m.to === email)?.text ?? '')?.[0]
    expect(link).toBeDefined()

    const context = await browser.newContext({ locale: 'it-IT', viewport: { width: 1366, height: 900 } })
    const page = await context.newPage()
    try {
      await page.goto(baseUrl)
      await page.getByRole('heading', { level: 1, name: 'Accedi' }).waitFor()
      expect(await page.locator('html').getAttribute('lang')).toBe('it')
      await checkA11y(page)
      await page.getByRole('button', { name: 'Accedi' }).click()
      await page.getByText('Campo obbligatorio').first().waitFor()
      await checkA11y(page)

      // Without a token, with a mismatch, and once the account is active.
      await page.goto(`${baseUrl}/invito`)
      await page.getByText('Il collegamento di invito non è valido o è incompleto.').waitFor()
      await checkA11y(page)
      await page.goto(link!)
      await page.getByRole('heading', { level: 1, name: 'Attiva il tuo account' }).waitFor()
      await checkA11y(page)
      await page.getByLabel('Nuova password').fill('una-password-lunga')
      await page.getByLabel('Conferma password').fill('una-password-diversa')
      await page.getByRole('button', { name: 'Attiva account' }).click()
      await page.getByText('Le password non coincidono').waitFor()
      await checkA11y(page)
      await page.getByLabel('Conferma password').fill('una-password-lunga')
      await page.getByRole('button', { name: 'Attiva account' }).click()
      await page.getByRole('status').waitFor()
      await checkA11y(page)
    } finally {
      await context.close()
    }
  })

  it('passes axe in English, from the sign-in page to two modules, and <html lang> follows the language both ways', async () => {
    const context = await browser.newContext({ locale: 'it-IT', viewport: { width: 1366, height: 900 } })
    const page = await context.newPage()
    const lang = () => page.locator('html').getAttribute('lang')
    try {
      await page.goto(baseUrl)
      await page.getByRole('heading', { level: 1, name: 'Accedi' }).waitFor()
      await page.getByRole('group', { name: 'Lingua' }).getByRole('button', { name: 'English' }).click()
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
      expect(await lang()).toBe('en')
      await checkA11y(page)
      await page.getByLabel('Email').fill('leader@pid.example')
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()
      await checkA11y(page)
      await nav(page).getByRole('link', { name: 'Businesses' }).click()
      await page.getByRole('heading', { level: 1, name: 'Businesses' }).waitFor()
      await page.getByRole('row').nth(1).waitFor()
      await checkA11y(page)
      await nav(page).getByRole('link', { name: 'Budget' }).click()
      await page.getByRole('heading', { level: 1, name: 'Budget' }).waitFor()
      await page.getByTestId('voucher-gauge').waitFor()
      await checkA11y(page)
      expect(await lang()).toBe('en')

      await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Italiano' }).click()
      await nav(page).getByRole('link', { name: 'Cruscotto' }).waitFor()
      expect(await lang()).toBe('it')
    } finally {
      await context.close()
    }
  })

  // One test per user: each signs in and runs three accessibility scans, which on a busy machine
  // take most of a test's minute for one user alone.
  it.each(['partner@pid.example', 'impresa@pid.example', 'promotore@pid.example'])('makes no call %s may not make, and logs no error, from the login page to the home', async (email) => {
    const context = await browser.newContext({ locale: 'it-IT', viewport: { width: 1366, height: 900 } })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`) })
    page.on('response', (r) => { if (r.url().includes('/api/') && r.status() >= 400) problems.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`) })
    try {
      await page.goto(baseUrl)
      await page.waitForURL(/\/login/)
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
      await page.getByRole('button', { name: 'Accedi' }).click()
      await page.getByRole('heading', { level: 1, name: 'Cruscotto' }).waitFor()
      await checkA11y(page)
      await nav(page).getByRole('link', { name: 'Profilo' }).click()
      await page.getByRole('heading', { level: 1, name: 'Profilo' }).waitFor()
      await checkA11y(page)
      await page.reload()
      await page.getByRole('heading', { level: 1, name: 'Profilo' }).waitFor()
      await checkA11y(page)
      await page.waitForLoadState('networkidle')
      expect(problems, email).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('shows the leader what waits in the chamber on the home, and each count opens its list', async () => {
    // An invitation is mail held for the chamber (no SMTP server here): one more message waiting.
    const leader = await apiLogin('leader@pid.example')
    await api(leader, 'POST', '/invitations', { email: `attesa.${Date.now()}@pid.example`, name: 'In Attesa', role: 'digital_promoter' })
    const page = await openAs('leader@pid.example')
    try {
      const card = page.getByTestId('work')
      await card.getByRole('heading', { level: 2, name: 'Da fare' }).waitFor()
      const mail = card.getByRole('link', { name: /messaggi? in attesa di invio/ })
      await mail.click()
      await page.getByRole('heading', { level: 1, name: 'Posta inviata' }).waitFor()
    } finally {
      await page.context().close()
    }
    // A partner has no such work in the chamber: no card at all.
    const partner = await openAs('partner@pid.example')
    try {
      await partner.getByRole('heading', { level: 2, name: 'I tuoi ruoli' }).waitFor()
      expect(await partner.getByTestId('work').count()).toBe(0)
    } finally {
      await partner.context().close()
    }
  })
})
