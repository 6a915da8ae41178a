import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, demoAuth, type Auth, type TestContext } from './helpers.ts'
import { makeFirm } from './crm-factories.ts'
import { HIDDEN_TAX_CODE } from '../src/modules/crm/access.ts'

/**
 * Private by purpose: regional and national roles coordinate and monitor. They get figures and
 * firms' register data, never personal data: no person's codice fiscale, no e-mail address, no
 * timeline, no staff list, no audit log, no whole voucher application.
 */
let ctx: TestContext
let milano: number
let soleTrader: { id: number; taxCode: string }
const PERSON_TAX_CODE = 'RSSMRA85T10F205Z'
const PERSON_EMAIL = 'mario.rossi.privato@example.it'

beforeAll(async () => {
  ctx = await createTestContext({ crmDemo: true })
  milano = await chamberId(ctx.db, 'Milano')
  soleTrader = await makeFirm(ctx.db, { name: 'Rossi Mario Ditta Individuale', tax_code: PERSON_TAX_CODE, legal_form: 'ditta_individuale', chamber_id: milano, email: PERSON_EMAIL })
  await ctx.db.insertInto('contact').values({ firm_id: soleTrader.id, first_name: 'Mario', last_name: 'Rossi', email: PERSON_EMAIL }).execute()
  await ctx.db.insertInto('timeline_event').values({ firm_id: soleTrader.id, chamber_id: milano, type: 'note', occurred_at: new Date(), summary: `Telefonato a ${PERSON_EMAIL}` }).execute()
})
afterAll(async () => { await ctx.close() })

/** Every GET route of the API, with Milano, Lombardy and the sole trader's ids filled in. */
function getRoutes(): string[] {
  return [...ctx.app.routeGuards.keys()]
    .filter((k) => k.startsWith('GET /api/v1/') && !k.includes('/auth/') && !k.includes('/firm/'))
    .map((k) => k.slice(4).replace(':chamberId', String(milano)).replace(':regionCode', '03')
      .replace(':firmId', String(soleTrader.id)).replace(/:[A-Za-z]+(\([^)]*\))?/g, '1'))
}

describe.each(['regione@pid.example', 'nazionale@pid.example'])('%s', (email) => {
  let auth: Auth
  beforeAll(async () => { auth = await demoAuth(ctx, email) })

  it('reads the sole trader\'s codice fiscale and e-mail address on no route it may call (nor its contact\'s)', async () => {
    let answered = 0
    for (const url of getRoutes()) {
      const res = await ctx.http().get(url).set(auth)
      if (res.status !== 200) continue
      answered++
      const text = res.text ?? JSON.stringify(res.body)
      expect(text, url).not.toContain(PERSON_TAX_CODE)
      expect(text, url).not.toContain(PERSON_EMAIL)
    }
    expect(answered).toBeGreaterThan(20)
  })

  it('sees the sole trader in the register with its codice fiscale hidden, in the list, the profile and the export', async () => {
    const list = await ctx.http().get(`/api/v1/chambers/${milano}/firms`).query({ q: 'Rossi Mario Ditta' }).set(auth).expect(200)
    expect(list.body.items.find((f: { id: number }) => f.id === soleTrader.id)).toMatchObject({ name: 'Rossi Mario Ditta Individuale', taxCode: HIDDEN_TAX_CODE })
    const profile = await ctx.http().get(`/api/v1/chambers/${milano}/firms/${soleTrader.id}`).set(auth).expect(200)
    expect(profile.body.taxCode).toBe(HIDDEN_TAX_CODE)
  })

  it('gets no timeline, staff list, audit log or voucher application', async () => {
    for (const url of [
      `/api/v1/chambers/${milano}/firms/${soleTrader.id}/timeline`, `/api/v1/chambers/${milano}/firms/${soleTrader.id}/stage-history`,
      `/api/v1/chambers/${milano}/timeline`, `/api/v1/chambers/${milano}/users`, `/api/v1/chambers/${milano}/audit`,
      `/api/v1/chambers/${milano}/vouchers/applications/1`, `/api/v1/chambers/${milano}/vouchers/calls/1/applications`,
    ]) expect((await ctx.http().get(url).set(auth)).status, url).toBe(403)
  })
})

describe('the chamber\'s own staff', () => {
  it('see the sole trader\'s codice fiscale and its timeline', async () => {
    const coordinator = await demoAuth(ctx, 'coordinatore@pid.example')
    const profile = await ctx.http().get(`/api/v1/chambers/${milano}/firms/${soleTrader.id}`).set(coordinator).expect(200)
    expect(profile.body.taxCode).toBe(PERSON_TAX_CODE)
    await ctx.http().get(`/api/v1/chambers/${milano}/firms/${soleTrader.id}/timeline`).set(coordinator).expect(200)
  })
})
