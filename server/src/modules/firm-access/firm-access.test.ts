import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, type TestContext } from '../../../test/helpers.ts'
import { makeFirm } from '../../../test/crm-factories.ts'
import { firmLinkToken } from '../../../test/firm-access-helpers.ts'
import { auditEntries, partnerUser, userAuth, type Auth } from '../../../test/actors.ts'

let ctx: TestContext
let milano: number, bergamo: number
let promoter: Auth
const links = (firmId: number, c = milano) => `/api/v1/chambers/${c}/firms/${firmId}/access-links`

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  promoter = { authorization: (await userAuth(ctx, 'digital_promoter', milano)).authorization }
})
afterAll(async () => { await ctx.close() })

async function contactOf(firmId: number, email: string | null = 'mario.rossi@impresa.example') {
  return (await ctx.db.insertInto('contact').values({ firm_id: firmId, first_name: 'Mario', last_name: 'Rossi', email })
    .returning('id').executeTakeFirstOrThrow()).id
}

describe('firm access links', () => {
  it('staff create a link, mail it to a contact, and the firm opens a session with it', async () => {
    const firm = await makeFirm(ctx.db)
    const contactId = await contactOf(firm.id)
    const res = await ctx.http().post(links(firm.id)).set(promoter).send({ purposes: ['assessment'], validDays: 10, contactId }).expect(201)
    expect(res.body).toMatchObject({ firmId: firm.id, purposes: ['assessment'], active: true, mailedTo: 'mario.rossi@impresa.example' })
    expect(res.body.url).toBe(`http://pid.test/impresa/accesso?token=${encodeURIComponent(res.body.token)}`)
    const days = (new Date(res.body.expiresAt).getTime() - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(9.9)
    expect(days).toBeLessThan(10.1)
    const mail = await ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'mario.rossi@impresa.example').executeTakeFirstOrThrow()
    expect(mail.text_body).toContain(res.body.url)
    // The token is stored only as a hash and never listed again.
    const stored = await ctx.db.selectFrom('firm_access_link').select('token_hash').where('id', '=', res.body.id).executeTakeFirstOrThrow()
    expect(stored.token_hash).not.toContain(res.body.token)
    const list = (await ctx.http().get(links(firm.id)).set(promoter).expect(200)).body
    expect(list.items).toHaveLength(1)
    expect(JSON.stringify(list)).not.toContain(res.body.token)
    // The mail is a touch on the firm's timeline.
    const touch = await ctx.db.selectFrom('timeline_event').select(['type', 'source_module']).where('firm_id', '=', firm.id).executeTakeFirstOrThrow()
    expect(touch).toEqual({ type: 'email', source_module: 'firm-access' })

    const session = (await ctx.http().post('/api/v1/firm-access/session').send({ token: res.body.token }).expect(200)).body
    expect(session.firm).toMatchObject({ id: firm.id, chamberId: milano })
    expect(session.purposes).toEqual(['assessment'])
    const me = (await ctx.http().get('/api/v1/firm-access/me').set('authorization', `Bearer ${session.accessToken}`).expect(200)).body
    expect(me.firm.id).toBe(firm.id)
    expect((await auditEntries(ctx, 'firm_access.session_opened')).length).toBeGreaterThan(0)
  })

  it('a firm session is not a staff token, and a staff token is not a firm session', async () => {
    const firm = await makeFirm(ctx.db)
    const { token } = await firmLinkToken(ctx, firm.id)
    const session = (await ctx.http().post('/api/v1/firm-access/session').send({ token }).expect(200)).body
    const staffRoute = `/api/v1/chambers/${milano}/firms/${firm.id}`
    expect((await ctx.http().get(staffRoute).set('authorization', `Bearer ${session.accessToken}`)).status).toBe(401)
    expect((await ctx.http().get('/api/v1/firm-access/me').set(promoter)).status).toBe(401)
    expect((await ctx.http().get('/api/v1/firm-access/me')).status).toBe(401)
  })

  it('revoking a link ends its sessions at once; expired and unknown tokens open nothing', async () => {
    const firm = await makeFirm(ctx.db)
    const created = (await ctx.http().post(links(firm.id)).set(promoter).send({ purposes: ['assessment', 'vouchers'] }).expect(201)).body
    const session = (await ctx.http().post('/api/v1/firm-access/session').send({ token: created.token }).expect(200)).body
    const bearerFirm = { authorization: `Bearer ${session.accessToken}` }
    await ctx.http().get('/api/v1/firm-access/me').set(bearerFirm).expect(200)
    const revoked = (await ctx.http().post(`${links(firm.id)}/${created.id}/revoke`).set(promoter).send({}).expect(200)).body
    expect(revoked.active).toBe(false)
    await ctx.http().post(`${links(firm.id)}/${created.id}/revoke`).set(promoter).send({}).expect(409)
    expect((await ctx.http().get('/api/v1/firm-access/me').set(bearerFirm)).status).toBe(401)
    expect((await ctx.http().post('/api/v1/firm-access/session').send({ token: created.token })).status).toBe(401)

    const expired = await firmLinkToken(ctx, firm.id)
    await ctx.db.updateTable('firm_access_link').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', expired.id).execute()
    const res = await ctx.http().post('/api/v1/firm-access/session').send({ token: expired.token }).expect(401)
    expect(res.body.detail).toMatch(/expired|revoked/)
    await ctx.http().post('/api/v1/firm-access/session').send({ token: 'x'.repeat(43) }).expect(401)
  })

  it('refuses bad input and writes nothing', async () => {
    const firm = await makeFirm(ctx.db)
    const other = await makeFirm(ctx.db)
    const foreignContact = await contactOf(other.id)
    const noMail = await contactOf(firm.id, null)
    for (const body of [{ purposes: [] }, { purposes: ['payroll'] }, { purposes: ['assessment'], validDays: 365 },
      { purposes: ['assessment'], extra: true }, { purposes: ['assessment'], contactId: foreignContact }, { purposes: ['assessment'], contactId: noMail }]) {
      const res = await ctx.http().post(links(firm.id)).set(promoter).send(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    expect(await ctx.db.selectFrom('firm_access_link').select('id').where('firm_id', '=', firm.id).execute()).toEqual([])
  })

  it('row-level: staff of another chamber and unrelated partners reach nothing; a related partner may send a link', async () => {
    const firm = await makeFirm(ctx.db)
    const bergamoPromoter: Auth = { authorization: (await userAuth(ctx, 'digital_promoter', bergamo)).authorization }
    expect((await ctx.http().post(links(firm.id, bergamo)).set(bergamoPromoter).send({ purposes: ['assessment'] })).status).toBe(404)
    expect((await ctx.http().post(links(firm.id)).set(bergamoPromoter).send({ purposes: ['assessment'] })).status).toBe(403)
    const partner = await partnerUser(ctx, milano)
    expect((await ctx.http().post(links(firm.id)).set(partner.auth).send({ purposes: ['assessment'] })).status).toBe(404)
    await ctx.db.updateTable('firm').set({ registered_by_partner_id: partner.partnerId }).where('id', '=', firm.id).execute()
    await ctx.http().post(links(firm.id)).set(partner.auth).send({ purposes: ['assessment'] }).expect(201)
  })
})
