import { createRequire } from 'node:module'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { checkA11y, launchBrowser, nav, openAs } from './browser.ts'
import { api, apiLogin, createFirm, type ApiSession, type CreatedFirm } from './api.ts'

/**
 * A coordinator opens a mentoring request for a firm, reads the explained suggestions and proposes
 * the demo mentor; the mentor signs in and accepts (the "a mentor accepts a match"). The
 * demo mentor's record belongs to the mentors part's seed: when it is missing (this part's
 * worktree) the test writes it straight into the server's database, and either way makes sure the
 * mentor is active, has accepted the code in force and has a free place.
 */
interface PgClient { connect(): Promise<void>; query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>; end(): Promise<void> }
const require = createRequire(new URL('../../server/package.json', import.meta.url))
const { Client } = require('pg') as { Client: new (config: { connectionString: string }) => PgClient }

let browser: Browser
let db: PgClient
let staff: ApiSession
let firm: CreatedFirm
let mentorId: number
let mentorName: string
const NEED = `Mettere ordine nei dati dei clienti ${randomBytes(2).toString('hex')}`

beforeAll(async () => {
  browser = await launchBrowser()
  const url = inject('databaseUrl')
  if (!url) throw new Error('the matching test needs the PostgreSQL server (TEST_DB=embedded has no URL to reach)')
  db = new Client({ connectionString: url })
  await db.connect()
  staff = await apiLogin('coordinatore@pid.example')
  firm = await createFirm(staff, `Dati Chiari ${randomBytes(2).toString('hex')} S.r.l.`)
  const user = (await db.query<{ id: string; name: string }>("select id, name from app_user where email = 'mentor@pid.example'")).rows[0]!
  let mentor = (await db.query<{ id: string; full_name: string }>('select id, full_name from mentor where user_id = $1', [user.id])).rows[0]
  if (!mentor) {
    mentor = (await db.query<{ id: string; full_name: string }>(`insert into mentor (chamber_id, user_id, full_name, email, bio, expertise, sectors, languages, provinces, modes, max_mentees, status)
      values ($1, $2, $3, 'mentor@pid.example', 'Consulente di trasformazione digitale', '{data,strategy,ecommerce}', '{C,G}', '{it,en}', '{MI}', '{in_person,web}', 5, 'active')
      returning id, full_name`, [staff.chamberId, user.id, user.name])).rows[0]!
  }
  mentorId = Number(mentor.id)
  mentorName = mentor.full_name
  // Active, with the code in force accepted, expert in data, and a free place whatever the demo gave it.
  await db.query(`update mentor set status = 'active', expertise = array(select distinct unnest(expertise || '{data}'::text[])),
    max_mentees = greatest(max_mentees, (select count(*) from mentoring_match where mentor_id = $1 and status = 'accepted')::int + 2) where id = $1`, [mentorId])
  await db.query(`insert into mentor_code_acceptance (mentor_id, version) select $1, max(version) from mentoring_code_version
    having max(version) is not null on conflict do nothing`, [mentorId])
})

afterAll(async () => {
  await db?.end()
  await browser?.close()
})

describe('matching a firm with a mentor', () => {
  it('a coordinator proposes from the explained suggestions, the mentor accepts', async () => {
    const page = await openAs(browser, 'coordinatore@pid.example')
    let requestId: number
    try {
      await nav(page).getByRole('link', { name: 'Richieste di mentoring' }).click()
      await page.getByRole('heading', { level: 1, name: 'Richieste di mentoring' }).waitFor()
      await checkA11y(page)

      // A new request for the firm, found by the CRM's search.
      await page.getByRole('button', { name: 'Nuova richiesta' }).click()
      const dialog = page.getByRole('dialog', { name: 'Nuova richiesta di mentoring' })
      await dialog.getByLabel("Cerca l'impresa per nome o codice fiscale").fill(firm.name)
      await dialog.getByRole('button', { name: 'Cerca' }).click()
      await dialog.getByRole('button', { name: `Scegli ${firm.name} (${firm.taxCode})` }).click()
      await dialog.getByLabel('Bisogno').fill(NEED)
      await dialog.getByRole('combobox', { name: 'Area' }).click()
      await page.getByRole('option', { name: 'Gestione dei dati' }).click()
      await checkA11y(page, dialog)
      const created = page.waitForResponse((r) => r.url().endsWith('/mentoring/requests') && r.request().method() === 'POST')
      await dialog.getByRole('button', { name: 'Nuova richiesta' }).click()
      const res = await created
      expect(res.status()).toBe(201)
      requestId = ((await res.json()) as { id: number }).id

      // The request's page: its facts and the explained suggestions.
      await page.getByRole('heading', { level: 1, name: `Richiesta di mentoring n. ${requestId}` }).waitFor()
      await expect.poll(() => page.getByTestId('mentoring-request-firm').innerText()).toBe(firm.name)
      const card = page.getByTestId(`suggestion-${mentorId}`)
      await card.waitFor()
      const explained = await card.innerText()
      expect(explained).toContain("Esperto in Gestione dei dati, l'area richiesta")
      expect(explained).toContain('Parla italiano')
      expect(explained).toMatch(/Punteggio \d+\/100/)
      await checkA11y(page)

      // Proposed: the proposal waits for the mentor.
      await card.getByRole('button', { name: `Proponi ${mentorName}` }).click()
      const matches = page.getByTestId('mentoring-matches')
      await expect.poll(() => matches.innerText()).toContain(mentorName)
      expect(await matches.innerText()).toContain('Proposto')
      await checkA11y(page)

      // On a phone, the request and its suggestions still read without sideways scrolling.
      await page.setViewportSize({ width: 390, height: 844 })
      await card.waitFor()
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(1)
      await checkA11y(page)
    } finally {
      await page.context().close()
    }

    // The mentor, in its area, accepts.
    const mentorPage = await openAs(browser, 'mentor@pid.example')
    try {
      await nav(mentorPage).getByRole('link', { name: 'Proposte di abbinamento' }).click()
      await mentorPage.getByRole('heading', { level: 1, name: 'Proposte di abbinamento' }).waitFor()
      const proposal = mentorPage.locator('li.card', { hasText: firm.name })
      await proposal.waitFor()
      expect(await proposal.innerText()).toContain(NEED)
      await checkA11y(mentorPage)
      await proposal.getByRole('button', { name: `Accetta la proposta per ${firm.name}` }).click()
      await expect.poll(() => proposal.innerText()).toContain('Accettato')
      await checkA11y(mentorPage)
      await mentorPage.setViewportSize({ width: 390, height: 844 })
      await proposal.waitFor()
      expect(await mentorPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(1)
    } finally {
      await mentorPage.context().close()
    }

    // Matched, with its time to match; the firm's timeline tells it.
    const after = await api<{ status: string; timeToMatchSeconds: number | null; liveMatch: { status: string } }>(staff, 'GET', `/mentoring/requests/${requestId!}`)
    expect(after).toMatchObject({ status: 'matched', liveMatch: { status: 'accepted' } })
    expect(after.timeToMatchSeconds).not.toBeNull()
    const line = await db.query<{ summary: string }>("select summary from timeline_event where firm_id = $1 and summary like 'Abbinata%'", [firm.id])
    expect(line.rows.map((r) => r.summary)).toEqual([`Abbinata al mentor ${mentorName}`])
  })
})
