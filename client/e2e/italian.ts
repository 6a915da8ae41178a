import type { Page } from 'playwright-core'

/**
 * What an Italian page must not show: a message key or code ("assessment.report.source.vouchers",
 * "crm.timeline.recorded"), an ISO date, a number with English thousands ("100,000"), or an English
 * word that no Italian screen uses. Names typed by users (firms, e-mails, addresses, files) are data
 * and are left alone.
 */

/** English words that never appear in Italian UI. Not "province" (the plural of provincia), "partner", "budget", "report", "link": Italian uses them. */
export const ENGLISH_WORDS = [
  'the', 'and', 'of', 'with', 'is', 'are', 'not', 'must', 'cannot', 'still', 'need', 'their', 'every', 'today',
  'allowed', 'cents', 'applications', 'application', 'declared', 'required', 'missing', 'attached', 'room', 'requested',
  'size', 'registered', 'truthful', 'difficulty', 'funding', 'firm', 'firms', 'call', 'calls', 'loading', 'cancel',
  'choose', 'upload', 'results', 'found', 'search', 'save', 'submit', 'submitted', 'pending', 'none', 'manual', 'automatic',
] as const

const KEY = /^[a-z]+(\.[a-zA-Z_]+)+$/
/** s.r.l., s.n.c., s.s.: abbreviations in firm names, not keys (a key has a word longer than three letters). */
const ABBREVIATION = /^([a-z]{1,3}\.)*[a-z]{1,3}$/i
const FILE_OR_HOST = /\.(pdf|csv|xlsx|xml|p7m|png|jpe?g|json|zip|txt|it|eu|com|org|net|example)$/i
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/
const ENGLISH_THOUSANDS = /(?<![\d.,])\d{1,3}(,\d{3})+(?![\d,])/
const ENGLISH = new RegExp(`\\b(${ENGLISH_WORDS.join('|')})\\b`, 'i')

/** The reasons a text is not Italian, with the offending bit (empty: it is). */
export function notItalian(text: string): string[] {
  const found: string[] = []
  // A mailing's template field ({{impresa.nome}}) is words staff wrote, not a message key.
  const withoutTemplateFields = text.replace(/\{\{\s*[\w.]+\s*\}\}/g, ' ')
  for (const raw of withoutTemplateFields.split(/[\s,;:()«»"“”'’[\]{}]+/)) {
    const token = raw.replace(/[.!?…]+$/, '')
    if (KEY.test(token) && !token.includes('@') && !token.includes('/') && !token.startsWith('www.') && !FILE_OR_HOST.test(token)
      && !ABBREVIATION.test(token)) {
      found.push(`message key or code: ${token}`)
    }
  }
  for (const line of text.split('\n')) {
    if (line.includes('@')) continue // an e-mail address or a mail's subject line quoting one
    const iso = ISO_DATE.exec(line)
    if (iso) found.push(`ISO date: ${iso[0]} in "${line.trim()}"`)
    const thousands = ENGLISH_THOUSANDS.exec(line)
    if (thousands) found.push(`English thousands: ${thousands[0]} in "${line.trim()}"`)
    const word = ENGLISH.exec(line)
    if (word) found.push(`English word "${word[0]}" in "${line.trim()}"`)
  }
  return found
}

// Counts the page's fetches in flight: a page is read once its data has arrived and rendered.
const FETCH_COUNTER = `(() => {
  let pending = 0
  const fetch = window.fetch.bind(window)
  window.fetch = (...args) => { pending++; return fetch(...args).finally(() => { pending-- }) }
  Object.defineProperty(window, '__pidPendingFetches', { get: () => pending })
})()`

/** Lets expectItalian wait for the page's data (before the first navigation that should be checked). */
export async function trackFetches(page: Page): Promise<void> {
  await page.addInitScript(FETCH_COUNTER)
}

/** No fetch in flight, and two frames rendered since. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __pidPendingFetches?: number }).__pidPendingFetches === 0)
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
  await page.waitForFunction(() => (window as unknown as { __pidPendingFetches?: number }).__pidPendingFetches === 0)
}

/** Fails, naming what it found, when the page's main content is not Italian throughout. */
export async function expectItalian(page: Page, where = page.url()): Promise<void> {
  await settled(page)
  const text = await page.locator('main').innerText()
  const problems = notItalian(text)
  if (problems.length) throw new Error(`${where} is not Italian throughout:\n- ${problems.join('\n- ')}`)
}
