import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import { baseUrl, checkA11y, launchBrowser, openAs } from './browser.ts'
import { apiLogin, createFirm, type CreatedFirm } from './api.ts'

/**
 * A firm that signs in: staff link the demo firm user's account to a firm on the firm's page; the
 * firm user finds it on its home and opens its self-assessment and voucher applications from there.
 */
let browser: Browser
let staff: Page
let firmUser: Page
let firm: CreatedFirm
const FIRM_USER = 'impresa@pid.example'

beforeAll(async () => {
  browser = await launchBrowser()
  firm = await createFirm(await apiLogin('coordinatore@pid.example'), `Ottica Account ${Date.now() % 100_000} srl`)
  staff = await openAs(browser, 'coordinatore@pid.example')
})

afterAll(async () => {
  await firmUser?.context().close()
  await staff?.context().close()
  await browser?.close()
})

/** The firm's card on the firm user's home. */
const card = (page: Page, name: string): Locator => page.getByTestId('my-firms').getByRole('listitem').filter({ hasText: name })

describe('the firm\'s home', () => {
  it('staff link the firm user\'s account to the firm on its page', async () => {
    await staff.goto(`${baseUrl}/imprese/${firm.id}`)
    await staff.getByRole('heading', { level: 1, name: firm.name }).waitFor()
    await staff.getByRole('tab', { name: 'Accesso impresa' }).click()
    const section = staff.getByTestId('firm-accounts')
    await section.getByRole('heading', { level: 2, name: 'Account dell\'impresa' }).waitFor()
    await section.getByText('Nessun account collegato all\'impresa.').waitFor()
    await checkA11y(staff)
    // A staff account is refused, with the reason.
    await section.getByLabel('Email dell\'account').fill('promotore@pid.example')
    await section.getByRole('button', { name: 'Collega account' }).click()
    await section.getByText(/non ha il ruolo Utente impresa/).waitFor()
    await checkA11y(staff)
    await section.getByLabel('Email dell\'account').fill(FIRM_USER)
    await section.getByRole('button', { name: 'Collega account' }).click()
    await section.getByRole('listitem').filter({ hasText: FIRM_USER }).waitFor()
    await section.getByRole('status').filter({ hasText: 'è ora collegato all\'impresa' }).waitFor()
  })

  it('the firm user finds the firm on its home and opens its self-assessment, then its voucher applications', async () => {
    firmUser = await openAs(browser, FIRM_USER)
    const panel = firmUser.getByTestId('my-firms')
    await panel.getByRole('heading', { level: 2, name: 'Le sue imprese' }).waitFor()
    const mine = card(firmUser, firm.name)
    await mine.waitFor()
    await expect.poll(() => mine.innerText()).toContain(firm.taxCode)
    // The demo's own link: a Milano firm that applied for a voucher.
    expect(await panel.getByRole('listitem').count()).toBeGreaterThanOrEqual(2)
    await checkA11y(firmUser)

    await mine.getByRole('button', { name: 'Autovalutazione' }).click()
    await firmUser.waitForURL(/\/impresa\/autovalutazione$/)
    await firmUser.getByRole('heading', { level: 1, name: 'Autovalutazione della maturità digitale' }).waitFor()
    await firmUser.getByText(firm.name).first().waitFor()
    await firmUser.getByRole('button', { name: 'Inizia l\'autovalutazione' }).waitFor()
    await checkA11y(firmUser)

    await firmUser.goBack()
    await firmUser.getByRole('heading', { level: 1, name: 'Cruscotto' }).waitFor()
    await card(firmUser, firm.name).getByRole('button', { name: 'Domande di voucher' }).click()
    await firmUser.waitForURL(/\/impresa\/voucher$/)
    await firmUser.getByRole('heading', { level: 1, name: 'Voucher digitali' }).waitFor()
    await firmUser.getByText(firm.name).first().waitFor()
    await firmUser.getByRole('heading', { name: 'Bandi' }).waitFor()
    await checkA11y(firmUser)
    // The header leads back to the firms.
    await firmUser.getByRole('link', { name: 'Le sue imprese' }).click()
    await firmUser.getByRole('heading', { level: 1, name: 'Cruscotto' }).waitFor()
    await card(firmUser, firm.name).waitFor()
  })

  it('staff unlink the account after a confirmation, and the firm leaves the firm user\'s home', async () => {
    const section = staff.getByTestId('firm-accounts')
    await section.getByRole('button', { name: /^Scollega Irene Impresa/ }).click()
    const dialog = staff.getByRole('dialog', { name: 'Scollegare l\'account?' })
    await dialog.getByText(/le sessioni aperte dal suo account si chiudono subito/).waitFor()
    await checkA11y(staff, dialog)
    await dialog.getByRole('button', { name: 'Scollega' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await section.getByText('Nessun account collegato all\'impresa.').waitFor()

    await firmUser.reload()
    await firmUser.getByTestId('my-firms').getByRole('listitem').first().waitFor()
    expect(await card(firmUser, firm.name).count()).toBe(0)
    await checkA11y(firmUser)
  })
})
