import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { CreatedFirmLink } from '@pid/shared'
import { baseUrl, checkA11y, launchBrowser, nav, openAs } from './browser.ts'
import { api, apiLogin, createFirm, type ApiSession, type CreatedFirm } from './api.ts'

/**
 * Mentoring's engagement: a mentor drafts and accepts the agreement, the firm accepts it on its page
 * (personal link, on a phone), the mentor logs a session with a confidential note; the coordinator
 * reads the note on the pair's page, a promoter does not, the firm never; a second mentor's area
 * lists none of the first's firms and its pair address says "not found". The mentors, their
 * accounts and the accepted matches are written straight into the test server's database: the
 * mentors' and matching's APIs are other parts, built alongside.
 */
interface PgClient { connect(): Promise<void>; query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>; end(): Promise<void> }
const require = createRequire(new URL('../../server/package.json', import.meta.url))
const { Client } = require('pg') as { Client: new (config: { connectionString: string }) => PgClient }

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 })
const tag = randomBytes(2).toString('hex')
const SECRET = `Il socio ${tag} frena gli investimenti`
let browser: Browser
let db: PgClient
let staff: ApiSession
let firm: CreatedFirm
let otherFirm: CreatedFirm
let matchId = 0
let firmUrl = ''
const mentors: { email: string; id: number }[] = []

/** A mentor's account (the demo password, the mentor role in Milano) and its active mentor record. */
async function mentorUser(name: string): Promise<{ email: string; id: number }> {
  const email = `mentore.${tag}.${mentors.length}@pid.example`
  const hash = (await db.query<{ h: string }>("select password_hash as h from app_user where email = 'mentor@pid.example'")).rows[0]!.h
  const user = await db.query<{ id: string }>("insert into app_user (email, name, password_hash, status) values ($1, $2, $3, 'active') returning id", [email, name, hash])
  await db.query("insert into role_assignment (user_id, role, chamber_id) values ($1, 'mentor', $2)", [user.rows[0]!.id, staff.chamberId])
  const mentor = await db.query<{ id: string }>(`insert into mentor (chamber_id, user_id, full_name, email, phone, bio, expertise, sectors, languages, provinces, modes, status)
    values ($1, $2, $3, $4, '+39 02 1234567', 'Consulente di commercio elettronico per le piccole imprese.', $5, $6, $7, $8, $9, 'active') returning id`,
  [staff.chamberId, user.rows[0]!.id, name, email, ['ecommerce', 'digital_marketing'], ['C'], ['it'], ['MI'], ['in_person', 'web']])
  const m = { email, id: Number(mentor.rows[0]!.id) }
  mentors.push(m)
  return m
}

/** An accepted match of the firm with the mentor, as the matching part leaves it (T0 set). */
async function acceptedMatch(firmId: number, mentorId: number): Promise<number> {
  const request = await db.query<{ id: string }>(`insert into mentoring_request (chamber_id, firm_id, source, need, area, status, matched_at)
    values ($1, $2, 'staff', 'Vendere online i prodotti della pasticceria', 'ecommerce', 'matched', now()) returning id`, [staff.chamberId, firmId])
  const match = await db.query<{ id: string }>(`insert into mentoring_match (request_id, chamber_id, firm_id, mentor_id, status, responded_at, t0_overall, t0_level)
    values ($1, $2, $3, $4, 'accepted', now(), 42, 2) returning id`, [request.rows[0]!.id, staff.chamberId, firmId, mentorId])
  return Number(match.rows[0]!.id)
}

beforeAll(async () => {
  browser = await launchBrowser()
  const url = inject('databaseUrl')
  if (!url) throw new Error('the mentoring test needs the PostgreSQL server (TEST_DB=embedded has no URL to reach)')
  db = new Client({ connectionString: url })
  await db.connect()
  staff = await apiLogin('coordinatore@pid.example')
  firm = await createFirm(staff, `Pasticceria Aurora ${tag} S.r.l.`)
  otherFirm = await createFirm(staff, `Ferramenta Borsieri ${tag} S.r.l.`)
  const first = await mentorUser('Giulia Ferraris')
  const second = await mentorUser('Paolo Brambilla')
  matchId = await acceptedMatch(firm.id, first.id)
  await acceptedMatch(otherFirm.id, second.id)
  const link = await api<CreatedFirmLink>(staff, 'POST', `/firms/${firm.id}/access-links`, { purposes: ['mentoring'] })
  firmUrl = link.url.replace(/^https?:\/\/[^/]+/, baseUrl)
})

afterAll(async () => {
  for (const c of browser?.contexts() ?? []) await c.close()
  await db?.end()
  await browser?.close()
})

async function firmOnPhone(): Promise<Page> {
  const context = await browser.newContext({ locale: 'it-IT', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  await page.goto(firmUrl)
  await page.waitForURL(/\/impresa\/mentoring$/)
  await page.getByRole('heading', { level: 1, name: 'Il tuo mentoring' }).waitFor()
  return page
}

describe('mentoring: agreement, sessions and confidential notes', () => {
  let mentorPage: Page
  let firmPage: Page

  it('the mentor drafts the agreement in its area and accepts it', async () => {
    mentorPage = await openAs(browser, mentors[0]!.email)
    await nav(mentorPage).getByRole('link', { name: 'Le mie imprese' }).click()
    await mentorPage.getByRole('heading', { level: 1, name: 'Le mie imprese' }).waitFor()
    await checkA11y(mentorPage)
    await mentorPage.getByRole('link', { name: firm.name }).click()
    await mentorPage.getByRole('heading', { level: 1, name: `${firm.name} con Giulia Ferraris` }).waitFor()
    await checkA11y(mentorPage)
    await mentorPage.getByRole('button', { name: "Redigi l'accordo" }).click()
    await mentorPage.getByLabel('Obiettivo 1', { exact: true }).fill('Aprire il negozio online con i dolci da forno')
    await mentorPage.getByRole('button', { name: 'Aggiungi un obiettivo' }).click()
    await mentorPage.getByLabel('Obiettivo 2', { exact: true }).fill('Gestire ordini e spedizioni refrigerate')
    await mentorPage.getByLabel('Sessioni previste').fill('6')
    await mentorPage.getByLabel('Durata prevista (mesi)').fill('4')
    await checkA11y(mentorPage)
    await mentorPage.getByRole('button', { name: "Salva l'accordo" }).click()
    const agreement = mentorPage.getByTestId('agreement')
    await agreement.getByText('Gestire ordini e spedizioni refrigerate').waitFor()
    await mentorPage.getByRole('button', { name: "Accetta l'accordo" }).click()
    await poll(() => agreement.innerText()).toMatch(/Accettato dal mentor: (il |l')\d\d\/\d\d\/\d\d/)
    expect(await mentorPage.getByTestId('agreement-status').innerText()).toBe('In attesa di accettazione')
    // Not in force yet: no session can be logged.
    await mentorPage.getByText("Le sessioni si registrano quando l'accordo è in vigore.").waitFor()
  })

  it('the firm accepts it on its page (on a phone); then it sees its mentor\'s contacts', async () => {
    firmPage = await firmOnPhone()
    await firmPage.getByText('Aprire il negozio online con i dolci da forno').waitFor()
    await firmPage.getByText("I contatti del mentor saranno visibili quando l'accordo sarà in vigore.").waitFor()
    await checkA11y(firmPage)
    await firmPage.getByLabel('Nome e ruolo di chi accetta').fill('Aurora Colombo, titolare')
    await firmPage.getByRole('button', { name: "Accetto l'accordo" }).click()
    await poll(() => firmPage.getByTestId('agreement-status').innerText()).toBe('In vigore')
    await poll(() => firmPage.getByTestId('mentor-contacts').innerText()).toContain(mentors[0]!.email)
    expect(await firmPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await checkA11y(firmPage)
  })

  it('the mentor logs a session with a confidential note; the firm reads the summary, never the note', async () => {
    await mentorPage.reload()
    await poll(() => mentorPage.getByTestId('agreement-status').innerText()).toBe('In vigore')
    await mentorPage.getByRole('button', { name: 'Registra una sessione' }).click()
    await mentorPage.getByLabel('Durata (minuti)').fill('90')
    await mentorPage.getByLabel("Sintesi per l'impresa").fill('Scelta della piattaforma e del corriere refrigerato.')
    await mentorPage.getByLabel('Note riservate').fill(SECRET)
    await mentorPage.getByLabel(/Avanzamento di «Aprire il negozio online/).fill('30')
    await checkA11y(mentorPage)
    await mentorPage.getByRole('button', { name: 'Salva la sessione' }).click()
    const session = mentorPage.getByTestId('session').first()
    await poll(() => session.innerText()).toContain(SECRET)
    expect(await session.innerText()).toContain('90 minuti')

    await firmPage.reload()
    await firmPage.getByText('Scelta della piattaforma e del corriere refrigerato.').waitFor()
    expect(await firmPage.locator('body').innerText()).not.toContain(SECRET)
    await checkA11y(firmPage)
  })

  it('the coordinator reads the note on the pair\'s page; a promoter does not', async () => {
    const coordinator = await openAs(browser, 'coordinatore@pid.example')
    await nav(coordinator).getByRole('link', { name: 'Percorsi di mentoring' }).click()
    await coordinator.getByRole('heading', { level: 1, name: 'Percorsi di mentoring' }).waitFor()
    const row = coordinator.getByRole('row').filter({ hasText: firm.name })
    await poll(() => row.innerText()).toContain('1 di 6')
    await checkA11y(coordinator)
    await row.getByRole('link', { name: `Apri il percorso con ${firm.name}` }).click()
    await coordinator.getByRole('heading', { level: 1, name: `${firm.name} con Giulia Ferraris` }).waitFor()
    await poll(() => coordinator.getByTestId('session-notes').innerText()).toContain(SECRET)
    await coordinator.getByText("All'abbinamento (T0)").waitFor()
    await checkA11y(coordinator)

    const promoter = await openAs(browser, 'promotore@pid.example')
    await promoter.goto(`${baseUrl}/mentoring/percorsi/${matchId}`)
    await promoter.getByRole('heading', { level: 1, name: `${firm.name} con Giulia Ferraris` }).waitFor()
    await promoter.getByText('Scelta della piattaforma e del corriere refrigerato.').waitFor()
    await promoter.getByText('Le note riservate sono visibili solo al mentor e al coordinatore.').waitFor()
    expect(await promoter.locator('main').innerText()).not.toContain(SECRET)
    expect(await promoter.getByTestId('session-notes').count()).toBe(0)
    await checkA11y(promoter)
  })

  it('a mentor never sees another mentor\'s mentees', async () => {
    const second = await openAs(browser, mentors[1]!.email)
    await nav(second).getByRole('link', { name: 'Le mie imprese' }).click()
    await second.getByRole('link', { name: otherFirm.name }).waitFor()
    expect(await second.getByTestId('my-firms').innerText()).not.toContain(firm.name)
    await second.goto(`${baseUrl}/area-mentor/imprese/${matchId}`)
    await second.getByTestId('pair-not-found').waitFor()
    expect(await second.getByTestId('pair-not-found').innerText()).toBe('Percorso non trovato: non è tra le tue imprese.')
    expect(await second.locator('main').innerText()).not.toContain(firm.name)
    await checkA11y(second)
  })
})
