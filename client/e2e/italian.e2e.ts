import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import { baseUrl, launchBrowser, nav, openAs } from './browser.ts'
import { expectItalian, notItalian, settled, trackFetches } from './italian.ts'
import { api, apiLogin, createFirm } from './api.ts'
import { submittedAssessment } from './assessment-api.ts'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
  // A firm with a completed self-assessment, so that the coordinator has a report to read.
  const staff = await apiLogin('coordinatore@pid.example')
  await submittedAssessment(staff, (await createFirm(staff, 'Ottica Lombarda srl')).id)
  // An API client of the demo partner (in agreement with Milano), so that its page is read too.
  const partners = await api<{ items: { partnerId: number }[] }>(staff, 'GET', '/partner-agreements')
  await api(staff, 'POST', '/api-clients', { partnerId: partners.items[0]!.partnerId, name: 'Gestionale soci', scopes: ['firms:read', 'referrals'] })
})

afterAll(async () => {
  await browser?.close()
})

/** Every address the main navigation offers. */
async function navTargets(page: Page): Promise<string[]> {
  const links = nav(page).getByRole('link')
  await links.first().waitFor()
  return [...new Set(await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href)))]
}

/** The page, then each of its tabs in turn. */
async function expectItalianWithTabs(page: Page): Promise<void> {
  await expectItalian(page)
  const tabs = page.locator('main [role="tab"]')
  for (let i = 0; i < await tabs.count(); i++) {
    await tabs.nth(i).click()
    await expectItalian(page, `${page.url()} (tab ${await tabs.nth(i).innerText()})`)
  }
}

/** Opens the first link of a list, when there is one, and checks the page it leads to with its tabs. */
async function openFirst(page: Page, links: Locator): Promise<boolean> {
  await settled(page)
  if (await links.count() === 0) return false
  await visit(page, await links.first().evaluate((a) => (a as HTMLAnchorElement).href))
  return true
}

/** Goes to an address and checks the page there, with its tabs. */
async function visit(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.locator('main h1').first().waitFor()
  await expectItalianWithTabs(page)
}

/** Every page of the navigation, with its tabs. */
async function visitNavigation(page: Page): Promise<number> {
  const targets = await navTargets(page)
  for (const url of targets) await visit(page, url)
  return targets.length
}

async function asUser(email: string, more: (page: Page) => Promise<void> = async () => {}): Promise<void> {
  const page = await openAs(browser, email)
  await trackFetches(page)
  try {
    expect(await visitNavigation(page)).toBeGreaterThan(0)
    await more(page)
  } finally {
    await page.context().close()
  }
}

/** A firm with its tabs, a call with its tabs and an application, an assessment report, a partner's API client. */
async function deepPages(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/client-api`)
  expect(await openFirst(page, page.locator('main table a[href*="/client-api/"]'))).toBe(true)
  await page.goto(`${baseUrl}/imprese`)
  expect(await openFirst(page, page.locator('main table a[href*="/imprese/"]'))).toBe(true)
  await page.goto(`${baseUrl}/autovalutazioni`)
  expect(await openFirst(page, page.locator('main a[href*="/autovalutazioni/"]'))).toBe(true)
  await page.goto(`${baseUrl}/bandi`)
  const calls = page.getByTestId('call-table').getByRole('link')
  await calls.first().waitFor()
  for (const href of await calls.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))) {
    await visit(page, href)
    const applications = page.locator('main a[href*="/domande/"]')
    const tab = page.locator('main [role="tab"]', { hasText: 'Domande' })
    if (await tab.count()) await tab.first().click()
    await openFirst(page, applications)
  }
}

describe('Italian throughout', () => {
  it('recognises what is not Italian, and leaves Italian and data alone', () => {
    expect(notItalian('Fonte: assessment.report.source.vouchers')).toHaveLength(1)
    expect(notItalian('Registrata il 2027-01-06')).toHaveLength(1)
    expect(notItalian('Totale 100,000')).toHaveLength(1)
    expect(notItalian('size class micro (allowed: micro, small, medium)')).not.toEqual([])
    expect(notItalian('room today 28500000 cents')).not.toEqual([])
    expect(notItalian([
      'Officina Meccanica Brambilla S.r.l. · Rossi s.n.c. · coordinatore@pid.example · www.camcom.it · ricevuta.pdf',
      'Importo 4.750,00 € e 15.000,00 € entro l’8 gen 2027; Province: MI, LO, MB; versione 1.2',
    ].join('\n'))).toEqual([])
  })

  // The longest walk (every page and tab, then calls, firms, reports): near a minute on a busy machine.
  it('for the chamber coordinator, on every page and tab', async () => {
    await asUser('coordinatore@pid.example', deepPages)
  }, 120_000)

  it('for the digital leader, with the audit log', async () => {
    await asUser('leader@pid.example')
  })

  it('for the regional coordinator', async () => {
    await asUser('regione@pid.example')
  })

  it('for a partner', async () => {
    await asUser('partner@pid.example')
  })

  it('for a firm', async () => {
    await asUser('impresa@pid.example')
  })
})
