import { execSync } from 'node:child_process'
import { inject } from 'vitest'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'

/** Every demo account's password (server/src/demo/seed.ts). */
export const DEMO_PASSWORD = 'pid-demo-2026'
export const baseUrl = inject('baseUrl')

function chromiumPath(): string {
  try {
    const path = execSync('command -v chromium', { encoding: 'utf8', shell: '/bin/sh' }).trim()
    if (path) return path
  } catch {
    // fall through to the Debian default
  }
  return '/usr/bin/chromium'
}

/** Debian's Chromium, headless, with nothing that would reach the (closed) network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic', '--no-first-run'],
  })
}

/** A fresh context per user (own cookies, Italian as a first-time visitor), signed in on the dashboard. */
export async function openAs(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'it-IT', viewport: { width: 1366, height: 900 } })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  await page.goto(baseUrl)
  await page.waitForURL(/\/login/)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Accedi' }).click()
  await page.getByRole('heading', { level: 1, name: 'Cruscotto' }).waitFor()
  return page
}

export const nav = (page: Page): Locator =>
  page.getByRole('navigation', { name: /Navigazione principale|Main navigation/ })
