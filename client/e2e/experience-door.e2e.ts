import { createHash, randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { baseUrl, checkA11y, launchBrowser, openAs } from './browser.ts'
import { apiLogin, createFirm, type ApiSession, type CreatedFirm } from './api.ts'

/**
 * The door on a tablet: staff check someone in by search, then, the connection gone, check another
 * one in (queued), the connection back, see it sent once; the firm's CRM page shows the attendance
 * and its stage moved. The event and its registrations are written straight into the test
 * server's database: the events' API is another part, built alongside.
 */
interface PgClient { connect(): Promise<void>; query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>; end(): Promise<void> }
const require = createRequire(new URL('../../server/package.json', import.meta.url))
const { Client } = require('pg') as { Client: new (config: { connectionString: string }) => PgClient }

let browser: Browser
let db: PgClient
let staff: ApiSession
let eventId: number
const TITLE = `Negozi intelligenti alla porta ${randomBytes(2).toString('hex')}`
const people: { firm: CreatedFirm; first: string; last: string; registrationId: number }[] = []

async function register(firm: CreatedFirm, first: string, last: string): Promise<number> {
  const contact = await db.query<{ id: string }>('insert into contact (firm_id, first_name, last_name, email) values ($1, $2, $3, $4) returning id',
    [firm.id, first, last, `${first.toLowerCase()}.${firm.id}@example.it`])
  const hash = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('hex')
  await db.query('update ec_event set seats_taken = seats_taken + 1 where id = $1', [eventId])
  const reg = await db.query<{ id: string }>(`insert into ec_registration (event_id, chamber_id, firm_id, contact_id, status, token_hash)
    values ($1, $2, $3, $4, 'confirmed', $5) returning id`, [eventId, staff.chamberId, firm.id, contact.rows[0]!.id, hash])
  return Number(reg.rows[0]!.id)
}

beforeAll(async () => {
  browser = await launchBrowser()
  const url = inject('databaseUrl')
  if (!url) throw new Error('the door test needs the PostgreSQL server (TEST_DB=embedded has no URL to reach)')
  db = new Client({ connectionString: url })
  await db.connect()
  staff = await apiLogin('promotore@pid.example')
  const event = await db.query<{ id: string }>(`insert into ec_event (chamber_id, kind, title, starts_at, ends_at, capacity, status, published_at, venue)
    values ($1, 'seminar', $2, now() - interval '20 minutes', now() + interval '2 hours', 30, 'published', now(), 'Sala conferenze') returning id`,
  [staff.chamberId, TITLE])
  eventId = Number(event.rows[0]!.id)
  for (const [first, last] of [['Giorgia', 'Ingressi'], ['Bruno', 'Senzarete']] as const) {
    const firm = await createFirm(staff, `${last} Officina S.r.l.`)
    people.push({ firm, first, last, registrationId: await register(firm, first, last) })
  }
})

afterAll(async () => {
  await db?.end()
  await browser?.close()
})

const checkins = async (registrationId: number) =>
  Number((await db.query<{ n: string }>('select count(*) as n from ec_checkin where registration_id = $1', [registrationId])).rows[0]!.n)

describe('the door', () => {
  it('checks in by search on a tablet, queues a check-in offline and sends it once back online; the CRM shows the attendance', async () => {
    const page = await openAs(browser, 'promotore@pid.example')
    const context = page.context()
    try {
      await page.setViewportSize({ width: 820, height: 1180 })
      await page.goto(`${baseUrl}/eventi/${eventId}/ingresso`)
      await page.getByRole('heading', { level: 1, name: `Ingresso: ${TITLE}` }).waitFor()
      await checkA11y(page)
      const queue = page.getByTestId('door-queue')
      expect(await queue.innerText()).toBe('Nessun ingresso in coda')

      const [giorgia, bruno] = people as [typeof people[0], typeof people[0]]
      await page.getByLabel('Cerca per nome, impresa, codice fiscale o e-mail').fill('giorgia ingressi')
      await page.getByRole('button', { name: 'Registra ingresso di Giorgia Ingressi' }).click()
      await page.getByText(/^Entrato alle \d\d:\d\d$/).first().waitFor()
      expect(await checkins(giorgia.registrationId)).toBe(1)

      // The connection drops: the check-in waits in the queue, on the screen and in localStorage.
      await context.setOffline(true)
      await page.getByText('Senza connessione', { exact: true }).waitFor()
      await page.getByLabel('Cerca per nome, impresa, codice fiscale o e-mail').fill('senzarete')
      await page.getByRole('button', { name: 'Registra ingresso di Bruno Senzarete' }).click()
      await expect.poll(() => queue.innerText()).toBe('1 ingresso in coda')
      await page.getByText('In coda', { exact: true }).waitFor()
      expect(await page.evaluate((id) => localStorage.getItem(`pid.door.queue.${id}`), eventId)).toContain(String(bruno.registrationId))
      expect(await checkins(bruno.registrationId)).toBe(0)
      await checkA11y(page)

      // Back online: sent by itself, once.
      await context.setOffline(false)
      await expect.poll(() => queue.innerText(), { timeout: 15_000 }).toBe('Nessun ingresso in coda')
      await page.getByText(/^Entrato alle \d\d:\d\d$/).first().waitFor()
      expect(await checkins(bruno.registrationId)).toBe(1)
      expect(await page.evaluate((id) => localStorage.getItem(`pid.door.queue.${id}`), eventId)).toBeNull()

      // The firm's page in the CRM: the attendance on its timeline, its stage moved to informed.
      await page.setViewportSize({ width: 1366, height: 900 })
      await page.goto(`${baseUrl}/imprese/${bruno.firm.id}`)
      await expect.poll(() => page.getByTestId('stage-current').innerText()).toBe('Informata')
      await page.getByRole('tab', { name: 'Cronologia' }).click()
      await expect.poll(() => page.getByTestId('timeline-item').first().innerText()).toContain(`Presenza al seminario «${TITLE}»`)
      await checkA11y(page)
    } finally {
      await context.close()
    }
  })

  it('after the event: the attendee answers the survey on a phone; staff see the figures, add a cost and find the certificates', async () => {
    // An event of 2017 (the demo's budget plan has a communication line that year), Giorgia attended.
    const firm = await createFirm(staff, 'Questionari Officina S.r.l.')
    const past = await db.query<{ id: string }>(`insert into ec_event (chamber_id, kind, title, starts_at, ends_at, capacity, status, published_at)
      values ($1, 'workshop', $2, '2017-03-10T09:00:00Z', '2017-03-10T12:00:00Z', 20, 'published', now()) returning id`, [staff.chamberId, `Officina cloud ${TITLE}`])
    const pastId = Number(past.rows[0]!.id)
    const contact = await db.query<{ id: string }>("insert into contact (firm_id, first_name, last_name, email) values ($1, 'Sara', 'Risposte', 'sara.risposte@example.it') returning id", [firm.id])
    const token = randomBytes(32).toString('base64url')
    await db.query(`insert into ec_registration (event_id, chamber_id, firm_id, contact_id, status, token_hash, checked_in_at)
      values ($1, $2, $3, $4, 'confirmed', $5, '2017-03-10T09:05:00Z')`, [pastId, staff.chamberId, firm.id, contact.rows[0]!.id, createHash('sha256').update(token).digest('hex')])

    const phone = await browser.newContext({ locale: 'it-IT', viewport: { width: 390, height: 844 } })
    try {
      const page = await phone.newPage()
      await page.goto(`${baseUrl}/pubblico/eventi/questionario/${token}`)
      await page.getByRole('heading', { level: 1, name: 'Questionario di gradimento' }).waitFor()
      await checkA11y(page)
      await page.getByRole('group', { name: 'Giudizio complessivo (da 1 a 5)' }).getByLabel('5').check()
      await page.getByRole('group', { name: 'Consiglierebbe questo evento a un collega?' }).getByLabel('Sì').check()
      await page.getByLabel('Commento (facoltativo)').fill('Esempi concreti, grazie')
      await page.getByRole('button', { name: 'Invia' }).click()
      await page.getByText('Grazie! La sua risposta è stata registrata.').waitFor()
      await page.reload()
      await page.getByText('Ha già compilato il questionario: grazie!').waitFor()
    } finally {
      await phone.close()
    }

    const page = await openAs(browser, 'promotore@pid.example')
    try {
      await page.goto(`${baseUrl}/eventi/${pastId}/risultati`)
      await page.getByRole('heading', { level: 1, name: `Risultati: Officina cloud ${TITLE}` }).waitFor()
      const attendance = page.getByRole('region', { name: 'Presenze' })
      await expect.poll(() => attendance.innerText()).toContain('Presenti\n1')
      expect(await page.getByRole('region', { name: 'Questionario' }).innerText()).toContain('Esempi concreti, grazie')
      await checkA11y(page)
      await page.getByLabel('Descrizione').fill('Noleggio proiettore')
      await page.getByLabel('Importo (euro)').fill('150,00')
      await page.getByRole('button', { name: 'Aggiungi costo' }).click()
      await expect.poll(() => page.getByRole('region', { name: 'Costi' }).innerText()).toContain('Noleggio proiettore')
      expect(await page.getByRole('region', { name: 'Costi' }).innerText()).toMatch(/150,00\s€/)
      await page.getByRole('button', { name: 'Scarica attestato di Sara Risposte' }).waitFor()
      await checkA11y(page)
    } finally {
      await page.context().close()
    }
  })
})
