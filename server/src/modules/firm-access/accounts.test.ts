import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, chamberId, createTestContext, demoAuth, login, makeUser, type Auth, type TestContext } from '../../../test/helpers.ts'
import { makeFirm } from '../../../test/crm-factories.ts'
import { auditEntries, partnerUser, userAuth } from '../../../test/actors.ts'
import { completeDraft, firmWithDraft, makeVoucherBudget, publishedCall } from '../../../test/voucher-factories.ts'
import { firmSession } from '../../../test/firm-access-helpers.ts'

/** Firm accounts: staff link a firm_user login to a firm; the account opens firm sessions from its home. */
let ctx: TestContext
let milano: number, bergamo: number
let promoter: Auth
let callId: number
const accounts = (firmId: number, c = milano) => `/api/v1/chambers/${c}/firms/${firmId}/accounts`

beforeAll(async () => {
  // Many sign-ins (every firm user is one): above the per-minute login limit.
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  promoter = await userAuth(ctx, 'digital_promoter', milano)
  await makeVoucherBudget(ctx.db, milano, 50_000_000)
  callId = (await publishedCall(ctx, await demoAuth(ctx, 'leader@pid.example'), milano)).id
})
afterAll(async () => { await ctx.close() })

/** A firm user of the chamber, signed in: its staff token and the user. */
async function firmUser(chamber = milano) {
  const user = await makeUser(ctx.db, 'firm_user', { chamberId: chamber })
  const { token, cookie } = await login(ctx, user.email)
  return { ...user, auth: bearer(token), cookie }
}

function openSession(auth: Auth, firmId: number) {
  return ctx.http().post('/api/v1/firm-access/account-session').set(auth).send({ firmId })
}

const rows = (firmId: number) => ctx.db.selectFrom('firm_user_account').select('user_id').where('firm_id', '=', firmId).execute()

describe('firm accounts', () => {
  it('staff link an account by e-mail; the account sees the firm and opens a session that works the firm\'s own pages only', async () => {
    const firm = await makeFirm(ctx.db, { name: 'Ottica Brambilla S.r.l.' })
    const other = await makeFirm(ctx.db)
    const account = await firmUser()
    expect((await ctx.http().get('/api/v1/firm-access/my-firms').set(account.auth).expect(200)).body).toEqual({ items: [] })

    const linked = await ctx.http().post(accounts(firm.id)).set(promoter).send({ email: account.email.toUpperCase() }).expect(201)
    expect(linked.body).toMatchObject({ userId: account.id, firmId: firm.id, email: account.email, active: true, linkedBy: { id: expect.any(Number) } })
    expect((await ctx.http().get(accounts(firm.id)).set(promoter).expect(200)).body.items).toEqual([linked.body])
    const touch = await ctx.db.selectFrom('timeline_event').select(['type', 'source_module', 'summary']).where('firm_id', '=', firm.id).executeTakeFirstOrThrow()
    expect(touch).toEqual({ type: 'note', source_module: 'firm-access', summary: `Account ${account.email} collegato all'impresa` })
    expect((await auditEntries(ctx, 'firm_access.account_linked')).at(-1)).toMatchObject({ entity: 'firm_user_account', chamber_id: milano })

    const mine = (await ctx.http().get('/api/v1/firm-access/my-firms').set(account.auth).expect(200)).body.items
    expect(mine).toEqual([{ id: firm.id, name: 'Ottica Brambilla S.r.l.', chamberId: milano, taxCode: firm.taxCode, town: null, provinceCode: 'MI' }])

    const session = (await openSession(account.auth, firm.id).expect(200)).body
    expect(session).toMatchObject({ firm: { id: firm.id, name: 'Ottica Brambilla S.r.l.', chamberId: milano }, purposes: ['assessment', 'vouchers', 'mentoring', 'profile'] })
    expect((await auditEntries(ctx, 'firm_access.account_session_opened')).at(-1)).toMatchObject({ actor_id: account.id })
    const asFirm = bearer(session.accessToken)
    expect((await ctx.http().get('/api/v1/firm-access/me').set(asFirm).expect(200)).body.firm.id).toBe(firm.id)
    // Its own forms: the self-assessment and a voucher application, filed with no personal link behind them.
    expect((await ctx.http().get('/api/v1/firm/assessment').set(asFirm).expect(200)).body.firm.id).toBe(firm.id)
    const started = await ctx.http().post('/api/v1/firm/assessments').set(asFirm).send({}).expect(201)
    const home = (await ctx.http().get('/api/v1/firm/vouchers').set(asFirm).expect(200)).body
    expect(home.firm.id).toBe(firm.id)
    const draft = await ctx.http().post(`/api/v1/firm/vouchers/calls/${callId}/applications`).set(asFirm).send(completeDraft()).expect(201)
    const stored = await ctx.db.selectFrom('voucher_application').select(['firm_id', 'filed_by', 'link_id']).where('id', '=', draft.body.id).executeTakeFirstOrThrow()
    expect(stored).toEqual({ firm_id: firm.id, filed_by: 'firm', link_id: null })
    expect((await ctx.db.selectFrom('assessment').select('link_id').where('id', '=', started.body.id).executeTakeFirstOrThrow()).link_id).toBeNull()

    // Another firm: no session for it, and its application and assessment stay out of reach.
    expect((await openSession(account.auth, other.id)).status).toBe(404)
    const theirs = await firmWithDraft(ctx, callId, completeDraft(), other)
    expect((await ctx.http().get(`/api/v1/firm/vouchers/applications/${theirs.applicationId}`).set(asFirm)).status).toBe(404)
    const theirAssessment = await ctx.http().post('/api/v1/firm/assessments').set(bearer(await firmSession(ctx, other.id))).send({}).expect(201)
    expect((await ctx.http().patch(`/api/v1/firm/assessments/${theirAssessment.body.id}/answers`).set(asFirm).send({ answers: {} })).status).toBe(404)
    // A firm session is not a staff token.
    expect((await ctx.http().get(`/api/v1/chambers/${milano}/firms/${firm.id}`).set(asFirm)).status).toBe(401)
  })

  it('unlinking ends the account\'s firm sessions at once, and so do signing out and losing the firm user role', async () => {
    const firm = await makeFirm(ctx.db)
    const account = await firmUser()
    await ctx.http().post(accounts(firm.id)).set(promoter).send({ userId: account.id }).expect(201)
    const asFirm = bearer((await openSession(account.auth, firm.id).expect(200)).body.accessToken)
    await ctx.http().get('/api/v1/firm/vouchers').set(asFirm).expect(200)

    await ctx.http().delete(`${accounts(firm.id)}/${account.id}`).set(promoter).expect(204)
    expect((await ctx.http().get('/api/v1/firm/vouchers').set(asFirm)).status).toBe(401)
    expect((await ctx.http().get('/api/v1/firm-access/me').set(asFirm)).status).toBe(401)
    expect((await ctx.http().get('/api/v1/firm-access/my-firms').set(account.auth).expect(200)).body.items).toEqual([])
    expect((await openSession(account.auth, firm.id)).status).toBe(404)
    expect((await ctx.http().delete(`${accounts(firm.id)}/${account.id}`).set(promoter)).status).toBe(404)
    expect((await auditEntries(ctx, 'firm_access.account_unlinked')).at(-1)).toMatchObject({ entity: 'firm_user_account', chamber_id: milano })

    // Linked again: a role taken away ends the session too, and the staff see the account as not active.
    await ctx.http().post(accounts(firm.id)).set(promoter).send({ userId: account.id }).expect(201)
    const again = bearer((await openSession(account.auth, firm.id).expect(200)).body.accessToken)
    await ctx.http().get('/api/v1/firm-access/me').set(again).expect(200)
    await ctx.db.deleteFrom('role_assignment').where('user_id', '=', account.id).execute()
    expect((await ctx.http().get('/api/v1/firm-access/me').set(again)).status).toBe(401)
    expect((await ctx.http().get(accounts(firm.id)).set(promoter).expect(200)).body.items[0]).toMatchObject({ userId: account.id, active: false })

    // Signing out of the staff session ends a firm session opened in it.
    const third = await firmUser()
    await ctx.http().post(accounts(firm.id)).set(promoter).send({ userId: third.id }).expect(201)
    const third_ = bearer((await openSession(third.auth, firm.id).expect(200)).body.accessToken)
    await ctx.http().get('/api/v1/firm-access/me').set(third_).expect(200)
    await ctx.http().post('/api/v1/auth/logout').set(third.auth).set('cookie', third.cookie).send({}).expect(204)
    expect((await ctx.http().get('/api/v1/firm-access/me').set(third_)).status).toBe(401)
  })

  it('links only an active firm user of the firm\'s chamber, named once; anything else is a 400, 404 or 409 that writes nothing', async () => {
    const firm = await makeFirm(ctx.db)
    const staff = await makeUser(ctx.db, 'digital_promoter', { chamberId: milano })
    const inBergamo = await makeUser(ctx.db, 'firm_user', { chamberId: bergamo })
    const disabled = await makeUser(ctx.db, 'firm_user', { chamberId: milano })
    await ctx.db.updateTable('app_user').set({ status: 'disabled' }).where('id', '=', disabled.id).execute()
    const auditBefore = (await ctx.db.selectFrom('audit_log').select('id').execute()).length
    const cases: [unknown, number][] = [
      [{ userId: staff.id }, 400], [{ email: staff.email }, 400], [{ userId: inBergamo.id }, 400], [{ userId: disabled.id }, 400],
      [{ email: 'nessuno@test.example' }, 404], [{ userId: 987654 }, 404], [{}, 400], [{ userId: staff.id, email: staff.email }, 400],
      [{ email: 'not-an-email' }, 400], [{ userId: 'x' }, 400], [{ userId: staff.id, admin: true }, 400],
    ]
    for (const [body, status] of cases) {
      const res = await ctx.http().post(accounts(firm.id)).set(promoter).send(body as object)
      expect(res.status, JSON.stringify(body)).toBe(status)
      expect(res.headers['content-type']).toMatch(/problem\+json/)
    }
    expect(await rows(firm.id)).toEqual([])
    expect((await ctx.db.selectFrom('audit_log').select('id').execute()).length).toBe(auditBefore)
    const account = await firmUser()
    await ctx.http().post(accounts(firm.id)).set(promoter).send({ userId: account.id }).expect(201)
    expect((await ctx.http().post(accounts(firm.id)).set(promoter).send({ email: account.email })).status).toBe(409)
    expect(await rows(firm.id)).toHaveLength(1)
  })

  it('only firm_access.manage in the firm\'s chamber: other chambers, other roles and unrelated partners reach nothing', async () => {
    const firm = await makeFirm(ctx.db)
    const account = await firmUser()
    const bergamoPromoter = await userAuth(ctx, 'digital_promoter', bergamo)
    const mentor = await userAuth(ctx, 'mentor', milano)
    for (const [auth, url, status] of [
      [bergamoPromoter, accounts(firm.id), 403], [bergamoPromoter, accounts(firm.id, bergamo), 404],
      [mentor, accounts(firm.id), 403], [account.auth, accounts(firm.id), 403],
    ] as [Auth, string, number][]) {
      expect((await ctx.http().get(url).set(auth)).status, url).toBe(status)
      expect((await ctx.http().post(url).set(auth).send({ userId: account.id })).status, url).toBe(status)
      expect((await ctx.http().delete(`${url}/${account.id}`).set(auth)).status, url).toBe(status)
    }
    const partner = await partnerUser(ctx, milano)
    expect((await ctx.http().post(accounts(firm.id)).set(partner.auth).send({ userId: account.id })).status).toBe(404)
    expect(await rows(firm.id)).toEqual([])
    await ctx.db.updateTable('firm').set({ registered_by_partner_id: partner.partnerId }).where('id', '=', firm.id).execute()
    await ctx.http().post(accounts(firm.id)).set(partner.auth).send({ userId: account.id }).expect(201)

    // Staff are nobody's firm account: an empty list, and no session for any firm.
    expect((await ctx.http().get('/api/v1/firm-access/my-firms').set(promoter).expect(200)).body.items).toEqual([])
    expect((await openSession(promoter, firm.id)).status).toBe(404)
    expect((await ctx.http().get('/api/v1/firm-access/my-firms')).status).toBe(401)
    expect((await ctx.http().post('/api/v1/firm-access/account-session').send({ firmId: firm.id })).status).toBe(401)
  })

  it('a merge of duplicates takes the accounts along: the kept firm is theirs, the merged one no longer', async () => {
    const kept = await makeFirm(ctx.db)
    const dup = await makeFirm(ctx.db)
    const both = await firmUser()
    const onlyDup = await firmUser()
    for (const [firmId, userId] of [[kept.id, both.id], [dup.id, both.id], [dup.id, onlyDup.id]]) {
      await ctx.http().post(accounts(firmId!)).set(promoter).send({ userId }).expect(201)
    }
    const stale = bearer((await openSession(onlyDup.auth, dup.id).expect(200)).body.accessToken)
    const coordinator = bearer((await login(ctx, (await makeUser(ctx.db, 'digital_coordinator', { chamberId: milano })).email)).token)
    await ctx.http().post(`/api/v1/chambers/${milano}/firms/${dup.id}/merge`).set(coordinator).send({ intoFirmId: kept.id }).expect(200)
    expect((await rows(kept.id)).map((r) => r.user_id).sort()).toEqual([both.id, onlyDup.id].sort())
    expect(await rows(dup.id)).toEqual([])
    expect((await ctx.http().get('/api/v1/firm-access/my-firms').set(onlyDup.auth).expect(200)).body.items.map((f: { id: number }) => f.id)).toEqual([kept.id])
    expect((await ctx.http().get('/api/v1/firm-access/me').set(stale)).status).toBe(401)
  })
})
