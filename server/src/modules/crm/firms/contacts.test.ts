import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { auditEntries, demoAuth, partnerUser, type Auth } from '../../../../test/actors.ts'

let ctx: TestContext
let milano: number
let promoter: Auth
let api: string
beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  promoter = await demoAuth(ctx, 'promotore@pid.example')
  api = `/api/v1/chambers/${milano}`
})
afterAll(async () => { await ctx.close() })

const anna = { firstName: 'Anna', lastName: 'Bianchi', jobTitle: 'Titolare', email: 'anna.bianchi@example.it', phone: '+39 02 555 1234' }
const contactCount = async () => Number((await ctx.db.selectFrom('contact').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

describe('contacts', () => {
  it('adds a person and lists them with their consents; every view is audited without personal data', async () => {
    const firm = await makeFirm(ctx.db)
    const created = await ctx.http().post(`${api}/firms/${firm.id}/contacts`).set(promoter).send({ ...anna, preferredLanguage: 'en' }).expect(201)
    expect(created.body).toMatchObject({ ...anna, firmId: firm.id, displayName: 'Anna Bianchi', preferredLanguage: 'en', erasedAt: null, consents: [] })
    const list = await ctx.http().get(`${api}/firms/${firm.id}/contacts`).set(promoter).expect(200)
    expect(list.body.items).toEqual([created.body])
    const [viewed] = (await auditEntries(ctx, 'crm.contacts.viewed')).filter((a) => a.entity_id === String(firm.id))
    expect(viewed).toMatchObject({ entity: 'firm', request_id: list.headers['x-request-id'] })
    expect(viewed!.after).toEqual({ contactIds: [created.body.id] })
    const [add] = (await auditEntries(ctx, 'crm.contact.created')).filter((a) => a.entity_id === String(created.body.id))
    expect(JSON.stringify(add!.after)).not.toMatch(/Bianchi|anna\.bianchi|555/)
  })

  it('edits a person, and refuses bad input and another chamber\'s firms writing nothing', async () => {
    const firm = await makeFirm(ctx.db)
    const c = (await ctx.http().post(`${api}/firms/${firm.id}/contacts`).set(promoter).send(anna).expect(201)).body
    const res = await ctx.http().patch(`${api}/contacts/${c.id}`).set(promoter).send({ jobTitle: null, email: 'a.bianchi@example.it' }).expect(200)
    expect(res.body).toMatchObject({ jobTitle: null, email: 'a.bianchi@example.it', lastName: 'Bianchi' })
    const before = await contactCount()
    const bad = await ctx.http().post(`${api}/firms/${firm.id}/contacts`).set(promoter).send({ firstName: '', lastName: 'X', email: 'nope', preferredLanguage: 'de' }).expect(400)
    expect([...new Set(bad.body.errors.map((e: { path: string }) => e.path))].sort()).toEqual(['/email', '/firstName', '/preferredLanguage'])
    const bergamo = await chamberId(ctx.db, 'Bergamo')
    const other = await makeFirm(ctx.db, { chamber_id: bergamo, province_code: 'BG' })
    await ctx.http().post(`${api}/firms/${other.id}/contacts`).set(promoter).send(anna).expect(404)
    await ctx.http().get(`${api}/firms/${other.id}/contacts`).set(promoter).expect(404)
    expect(await contactCount()).toBe(before)
  })

  it('records consent per purpose, one active at a time, and its withdrawal', async () => {
    const firm = await makeFirm(ctx.db)
    const c = (await ctx.http().post(`${api}/firms/${firm.id}/contacts`).set(promoter).send(anna).expect(201)).body
    const consent = { purpose: 'newsletter', grantedAt: '2026-01-15T10:00:00Z', source: 'modulo evento PID', textVersion: 'informativa-2025-v2' }
    const granted = await ctx.http().post(`${api}/contacts/${c.id}/consents`).set(promoter).send(consent).expect(201)
    expect(granted.body).toMatchObject({ purpose: 'newsletter', active: true, withdrawnAt: null, grantedAt: '2026-01-15T10:00:00.000Z' })
    await ctx.http().post(`${api}/contacts/${c.id}/consents`).set(promoter).send(consent).expect(409)
    await ctx.http().post(`${api}/contacts/${c.id}/consents`).set(promoter).send({ ...consent, purpose: 'marketing' }).expect(400)
    const future = await ctx.http().post(`${api}/contacts/${c.id}/consents`).set(promoter).send({ ...consent, purpose: 'events', grantedAt: '2099-01-01T00:00:00Z' }).expect(400)
    expect(future.body.errors).toEqual([{ path: '/grantedAt', message: 'in the future' }])

    const withdrawn = await ctx.http().post(`${api}/contacts/${c.id}/consents/${granted.body.id}/withdraw`).set(promoter).expect(200)
    expect(withdrawn.body).toMatchObject({ active: false, withdrawnAt: expect.any(String) })
    await ctx.http().post(`${api}/contacts/${c.id}/consents/${granted.body.id}/withdraw`).set(promoter).expect(409)
    await ctx.http().post(`${api}/contacts/${c.id}/consents`).set(promoter).send({ ...consent, textVersion: 'informativa-2026' }).expect(201)
    const list = await ctx.http().get(`${api}/firms/${firm.id}/contacts`).set(promoter).expect(200)
    expect(list.body.items[0].consents.map((x: { active: boolean; textVersion: string }) => [x.textVersion, x.active]))
      .toEqual([['informativa-2025-v2', false], ['informativa-2026', true]])
    expect((await auditEntries(ctx, 'crm.consent.withdrawn')).map((a) => a.entity_id)).toContain(String(c.id))
  })

  it('lets a partner read the people of related firms only, and never write them', async () => {
    const p = await partnerUser(ctx, milano)
    const related = await makeFirm(ctx.db, { registered_by_partner_id: p.partnerId })
    const unrelated = await makeFirm(ctx.db)
    const c = (await ctx.http().post(`${api}/firms/${unrelated.id}/contacts`).set(promoter).send(anna).expect(201)).body
    await ctx.http().get(`${api}/firms/${related.id}/contacts`).set(p.auth).expect(200)
    await ctx.http().get(`${api}/firms/${unrelated.id}/contacts`).set(p.auth).expect(404)
    await ctx.http().post(`${api}/firms/${related.id}/contacts`).set(p.auth).send(anna).expect(403)
    await ctx.http().patch(`${api}/contacts/${c.id}`).set(p.auth).send({ phone: null }).expect(403)
  })
})
