import { execSync } from 'node:child_process'
import { afterEach, expect, inject } from 'vitest'
import { AxeBuilder } from '@axe-core/playwright'
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

/** The browsers this test file launched: a failing test reports what their pages showed. */
const launched = new Set<Browser>()

/** Debian's Chromium, headless, with nothing that would reach the (closed) network. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic', '--no-first-run'],
  })
  launched.add(browser)
  browser.once('disconnected', () => launched.delete(browser))
  return browser
}

// A failure on a CI machine is read from its log alone: print each open page's address and text.
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return
  for (const browser of launched) {
    for (const page of browser.contexts().flatMap((c) => c.pages())) {
      const text = await page.locator('body').innerText({ timeout: 2_000 }).catch((err: Error) => `(unreadable: ${err.message})`)
      console.error(`[e2e failure] ${context.task.name}\n  page ${page.url()}\n  ${text.replace(/\s+/g, ' ').slice(0, 1500)}`)
    }
  }
})

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
  await checkA11y(page)
  return page
}

/** WCAG 2.1 levels A and AA: what AgID requires of public bodies' software. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/**
 * Runs axe-core on what the page shows now (or only inside `scope`, e.g. an open dialog) and fails
 * on any serious or critical WCAG 2.1 AA violation. Call it once a page or dialog is shown.
 */
export async function checkA11y(page: Page, scope?: Locator): Promise<void> {
  await settled(page)
  const axe = new AxeBuilder({ page }).withTags(WCAG_21_AA)
  // axe scopes by CSS selector: name the scope's element with a one-off attribute for the run.
  if (scope) await scope.evaluate((el) => el.setAttribute('data-a11y-scope', ''))
  const { violations } = await (scope ? axe.include('[data-a11y-scope]') : axe).analyze()
  if (scope) await scope.evaluate((el) => el.removeAttribute('data-a11y-scope'))
  const grave = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  const found = grave.flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} at ${n.target.join(' ')}: ${n.failureSummary ?? v.help}`))
  expect(found, `accessibility of ${new URL(page.url()).pathname}`).toEqual([])
}

/**
 * Waits until the page has stopped changing: no DOM change for a quarter of a second (data that
 * arrives mid-scan would be judged half-rendered) and no finite animation running (a half-faded
 * dialog, message or toast would fail colour contrast). Gives up waiting for quiet after 5 s.
 */
async function settled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => {
    const quiet = (): void => { observer.disconnect(); clearTimeout(cap); resolve() }
    let timer = setTimeout(quiet, 250)
    const cap = setTimeout(quiet, 5_000)
    const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(quiet, 250) })
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
  }))
  await page.waitForFunction(() => document.getAnimations()
    .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity))
}

/**
 * Fails if two labels of an SVG chart overlap or one sticks out of the chart (cut off), or if the
 * chart is wider than the window (its labels need a sideways scroll). Polls for up to 10 s: a chart
 * that was just resized lays its labels out again with an animation, which on a busy machine can
 * outlast the poll's default second; until its drawing has taken its box's new width, the labels
 * are those of the old size and prove nothing.
 */
export async function expectLegibleChart(chart: Locator): Promise<void> {
  await chart.locator('svg text').first().waitFor()
  const name = await chart.getAttribute('aria-label') ?? await chart.locator('figcaption').innerText()
  await expect.poll(() => chart.evaluate((root) => {
    const svg = root.querySelector('svg') as SVGSVGElement
    const frame = svg.getBoundingClientRect()
    // ECharts marks the element it draws in; the drawing follows that element's width after a resize.
    const box = svg.closest('[_echarts_instance_]')?.getBoundingClientRect() ?? frame
    if (Math.abs(box.width - frame.width) > 1) return [`drawn ${frame.width} px wide in a box of ${box.width} px: not redrawn yet`]
    const screen = document.documentElement.clientWidth
    if (root.getBoundingClientRect().right > screen + 1) return [`the chart is wider than the ${screen} px window`]
    const labels = [...svg.querySelectorAll('text')].filter((t) => t.textContent?.trim())
      .map((t) => ({ text: t.textContent?.trim(), box: t.getBoundingClientRect() }))
    // One pixel of slack: adjacent lines of a wrapped label touch without overlapping.
    const apart = (a: DOMRect, b: DOMRect) => a.right <= b.left + 1 || b.right <= a.left + 1 || a.bottom <= b.top + 1 || b.bottom <= a.top + 1
    const inside = (b: DOMRect) => b.left >= frame.left - 1 && b.right <= frame.right + 1 && b.top >= frame.top - 1 && b.bottom <= frame.bottom + 1
    return [
      ...labels.filter((l) => !inside(l.box)).map((l) => `"${l.text}" is cut off`),
      ...labels.flatMap((a, i) => labels.slice(i + 1).filter((b) => !apart(a.box, b.box)).map((b) => `"${a.text}" overlaps "${b.text}"`)),
    ]
  }), { message: name, timeout: 10_000 }).toEqual([])
}

export const nav = (page: Page): Locator =>
  page.getByRole('navigation', { name: /Navigazione principale|Main navigation/ })
