import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { sql } from 'kysely'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { answersFor } from '../../../../test/assessment-helpers.ts'
import { PUBLIC_START_TEST_ENV, solvedPow, startRequest, verificationToken } from '../../../../test/public-start-helpers.ts'

let ctx: TestContext
let milano: number
const START = '/api/v1/public/self-assessment/starts'
const VERIFY = '/api/v1/public/self-assessment/verifications'

beforeAll(async () => {
  ctx = await createTestContext({ env: { ...PUBLIC_START_TEST_ENV, PUBLIC_START_IP_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
})
afterAll(async () => { await ctx.close() })

/** Rows of everything a start must not write (the outbox aside: the verification mail is the one write). */
async function stored(): Promise<Record<string, number>> {
  const r = await sql<Record<string, string>>`SELECT (SELECT count(*) FROM firm) AS firm, (SELECT count(*) FROM contact) AS contact,
    (SELECT count(*) FROM consent) AS consent, (SELECT count(*) FROM public_start_used_link) AS used, (SELECT count(*) FROM audit_log) AS audit,
    (SELECT count(*) FROM timeline_event) AS timeline, (SELECT count(*) FROM firm_access_link) AS links`.execute(ctx.db)
  return Object.fromEntries(Object.entries(r.rows[0]!).map(([k, v]) => [k, Number(v)]))
}
const outbox = async () => Number((await ctx.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)

async function start(body: ReturnType<typeof startRequest> & { chamberId?: number }, status = 202) {
  return ctx.http().post(START).send({ chamberId: milano, ...body, pow: await solvedPow(ctx) }).expect(status)
}

describe('the public self-assessment', () => {
  it('start -> mail -> verify: an unknown firm becomes the prospect with the consents given, and fills in its self-assessment', async () => {
    const before = await stored()
    const body = startRequest({ consents: { service: true, newsletter: true, events: false, profiling: true } })
    const res = await start(body)
    expect(res.body).toEqual({ status: 'link_sent' })
    // Nothing stored but the mail, which is to be forgotten in 24 hours.
    expect(await stored()).toEqual(before)
    const mail = await ctx.db.selectFrom('mail_outbox').select(['status', 'forget_at', 'chamber_id']).where('to_address', '=', body.email).executeTakeFirstOrThrow()
    expect(mail.status).toBe('held')
    expect(mail.chamber_id).toBe(milano)
    expect(mail.forget_at!.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000)

    const token = await verificationToken(ctx, body.email)
    // The link is encrypted: none of its parts reads as the request's personal data.
    const readable = token.split('.').map((part) => Buffer.from(part, 'base64url').toString('latin1')).join(' ')
    for (const secret of [body.email, body.lastName, body.firmName, body.firmCode]) expect(readable).not.toContain(secret)
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'dir', enc: 'A256GCM' })
    const verified = (await ctx.http().post(VERIFY).send({ token }).expect(200)).body
    expect(verified).toMatchObject({ firm: { name: body.firmName, chamberId: milano }, purposes: ['assessment'] })
    const firm = await ctx.db.selectFrom('firm').select(['id', 'tags', 'chamber_id']).where('tax_code', '=', body.firmCode).executeTakeFirstOrThrow()
    expect(firm).toMatchObject({ id: verified.firm.id, tags: ['prospect'], chamber_id: milano })
    const person = await ctx.db.selectFrom('contact').select(['id', 'first_name', 'last_name']).where('firm_id', '=', firm.id).where('email', '=', body.email).executeTakeFirstOrThrow()
    expect(person).toMatchObject({ first_name: 'Giulia', last_name: 'Verdi' })
    const consents = await ctx.db.selectFrom('consent').select(['purpose', 'source', 'text_version']).where('contact_id', '=', person.id).orderBy('purpose').execute()
    expect(consents).toEqual(['newsletter', 'profiling', 'service'].map((purpose) => ({ purpose, source: 'public_self_assessment', text_version: body.noticeVersion })))
    const touch = await ctx.db.selectFrom('timeline_event').select(['type', 'summary']).where('firm_id', '=', firm.id).executeTakeFirstOrThrow()
    expect(touch.summary).toContain('sito pubblico')
    // The personal link is mailed too, to resume on another device: it opens a session as a staff-made link does.
    const personal = await ctx.db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', body.email)
      .where('subject', 'like', 'Il tuo accesso personale%').executeTakeFirstOrThrow()
    expect(personal.text_body).toContain(`/impresa/accesso?token=${encodeURIComponent(verified.linkToken)}`)
    await ctx.http().post('/api/v1/firm-access/session').send({ token: verified.linkToken }).expect(200)

    // The existing form, unchanged, with the session the verification opened.
    const as = { authorization: `Bearer ${verified.accessToken}` }
    const draft = (await ctx.http().post('/api/v1/firm/assessments').set(as).expect(201)).body
    await ctx.http().patch(`/api/v1/firm/assessments/${draft.id}/answers`).set(as).send({ answers: answersFor() }).expect(200)
    await ctx.http().post(`/api/v1/firm/assessments/${draft.id}/submit`).set(as).send({}).expect(200)
    const report = (await ctx.http().get(`/api/v1/firm/assessments/${draft.id}/report`).set(as).expect(200)).body
    expect(report.assessmentId).toBe(draft.id)

    // The link works once: 409 with a clear code, and nothing more is written.
    const after = await stored()
    const again = await ctx.http().post(VERIFY).send({ token }).expect(409)
    expect(again.body.code).toBe('public_start_link_used')
    expect(await stored()).toEqual(after)
  })

  it('matches a firm the CRM knows (no duplicate), and answers alike for known and unknown codes', async () => {
    const known = await makeFirm(ctx.db)
    const a = startRequest({ firmCode: known.taxCode })
    const b = startRequest()
    const [ra, rb] = [await start(a), await start(b)]
    expect(ra.body).toEqual(rb.body)
    expect(ra.headers['content-length']).toBe(rb.headers['content-length'])
    const firms = await stored()
    const verified = (await ctx.http().post(VERIFY).send({ token: await verificationToken(ctx, a.email) }).expect(200)).body
    expect(verified.firm.id).toBe(known.id)
    expect((await stored()).firm).toBe(firms.firm)
  })

  it('routes the national page by municipality to its chamber', async () => {
    const bergamo = await chamberId(ctx.db, 'Bergamo')
    const found = (await ctx.http().get('/api/v1/public/self-assessment/municipalities?q=bergam').expect(200)).body
    const city = found.items.find((m: { name: string }) => m.name === 'Bergamo')
    expect(city).toMatchObject({ provinceCode: 'BG' })
    const body = startRequest({ municipalityCode: city.istatCode })
    await ctx.http().post(START).send({ ...body, pow: await solvedPow(ctx) }).expect(202)
    const verified = (await ctx.http().post(VERIFY).send({ token: await verificationToken(ctx, body.email) }).expect(200)).body
    expect(verified.firm.chamberId).toBe(bergamo)
    // Without a chamber or a municipality, or with an unknown one: a 400 naming the field.
    const none = await ctx.http().post(START).send({ ...startRequest(), pow: await solvedPow(ctx) }).expect(400)
    expect(none.body.errors[0].path).toBe('/municipalityCode')
    await ctx.http().post(START).send({ ...startRequest({ municipalityCode: '999999' }), pow: await solvedPow(ctx) }).expect(400)
    const page = (await ctx.http().get(`/api/v1/public/chambers/${bergamo}/self-assessment`).expect(200)).body
    expect(page.chamber).toMatchObject({ id: bergamo })
    await ctx.http().get('/api/v1/public/chambers/999999/self-assessment').expect(404)
  })

  it('limits starts per address and per firm code (429), and writes nothing then', async () => {
    const email = `limited.${Date.now()}@example.it`
    for (let i = 0; i < 3; i++) await start(startRequest({ email }))
    const mails = await outbox()
    const refused = await start(startRequest({ email }), 429)
    expect(refused.body.code).toBe('rate_limited')
    expect(refused.headers['retry-after']).toBe('3600')
    // The same address in other letter cases is the same address.
    await start(startRequest({ email: email.toUpperCase() }), 429)
    const firmCode = startRequest().firmCode
    for (let i = 0; i < 5; i++) await start(startRequest({ firmCode }))
    await start(startRequest({ firmCode }), 429)
    expect(await outbox()).toBe(mails + 5)
  })

  it('refuses a bad, replayed or foreign proof of work with a 400, writing nothing', async () => {
    const before = [await stored(), await outbox()]
    const pow = await solvedPow(ctx)
    const wrong = await ctx.http().post(START).send({ chamberId: milano, ...startRequest(),
      // The derived key is the proof (its signature is in the challenge): a guessed one fails.
      pow: { ...pow, solution: { ...pow.solution, derivedKey: pow.solution.derivedKey.replace(/.$/, (c) => (c === '0' ? '1' : '0')) } } }).expect(400)
    expect(wrong.body.code).toBe('public_start_challenge_failed')
    // A forged challenge (its parameters changed, e.g. an easy prefix) fails its signature.
    await ctx.http().post(START).send({ chamberId: milano, ...startRequest(),
      pow: { ...pow, challenge: { ...pow.challenge, parameters: { ...pow.challenge.parameters, keyPrefix: '00' } } } }).expect(400)
    expect([await stored(), await outbox()]).toEqual(before)
    await ctx.http().post(START).send({ chamberId: milano, ...startRequest(), pow }).expect(202)
    const replay = await ctx.http().post(START).send({ chamberId: milano, ...startRequest(), pow }).expect(400)
    expect(replay.body.code).toBe('public_start_challenge_failed')
  })

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const before = [await stored(), await outbox()]
    const pow = await solvedPow(ctx)
    const cases: [Record<string, unknown>, string][] = [
      [{ firmCode: '12345678901' }, '/firmCode'],
      [{ email: 'not-an-address' }, '/email'],
      [{ consents: { service: false, newsletter: false, events: false, profiling: false } }, '/consents/service'],
      [{ noticeVersion: 'old' }, '/noticeVersion'],
      [{ firmName: '' }, '/firmName'],
      [{ lastName: 'Ver\u0000di' }, '/lastName'],
      [{ extra: 1 }, ''],
    ]
    for (const [change, path] of cases) {
      const res = await ctx.http().post(START).send({ chamberId: milano, ...startRequest(), ...change, pow }).expect(400)
      if (path) expect(JSON.stringify(res.body.errors ?? [])).toContain(path)
    }
    expect([await stored(), await outbox()]).toEqual(before)
    // The challenge was not used by the refused requests.
    await ctx.http().post(START).send({ chamberId: milano, ...startRequest(), pow }).expect(202)
    for (const token of ['not.a.token.at.all.really', 'x'.repeat(19)]) {
      const res = await ctx.http().post(VERIFY).send({ token }).expect(400)
      if (token.length >= 20) expect(res.body.code).toBe('public_start_link_invalid')
    }
    // A firm session or a staff token is not a verification link.
    await ctx.http().post(VERIFY).send({ token: ctx.app.jwt.sign({ sub: 'public-start', jti: 'x', cid: milano }) }).expect(400)
  })

  it('refuses an expired verification link with a 410', async () => {
    const body = startRequest()
    await start(body)
    const token = await verificationToken(ctx, body.email)
    const before = await stored()
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 25 * 3600_000 })
    try {
      const res = await ctx.http().post(VERIFY).send({ token }).expect(410)
      expect(res.body.code).toBe('public_start_link_expired')
    } finally {
      vi.useRealTimers()
    }
    expect(await stored()).toEqual(before)
  })

  it('forgets the verification mail: blanked at the link expiry when held, and prunes used link ids after expiry', async () => {
    const body = startRequest()
    await start(body)
    const row = await ctx.db.selectFrom('mail_outbox').select(['id']).where('to_address', '=', body.email).executeTakeFirstOrThrow()
    await ctx.app.jobs.bringForward('mail.forget', { mailId: row.id })
    await ctx.app.jobs.runOnce(['mail.forget'])
    const forgotten = await ctx.db.selectFrom('mail_outbox').select(['to_address', 'text_body', 'subject']).where('id', '=', row.id).executeTakeFirstOrThrow()
    expect(forgotten).toMatchObject({ to_address: '', text_body: '' })
    expect(forgotten.subject).toMatch(/Conferma/)
    await ctx.db.updateTable('public_start_used_link').set({ expires_at: new Date(Date.now() - 1000) }).execute()
    await ctx.app.jobs.enqueue(ctx.db, 'assessment.public-start.prune', {})
    await ctx.app.jobs.runOnce(['assessment.public-start.prune'])
    expect((await stored()).used).toBe(0)
  })
})

describe('the per-client-address limit', () => {
  let small: TestContext
  beforeAll(async () => { small = await createTestContext({ env: { ...PUBLIC_START_TEST_ENV, PUBLIC_START_IP_MAX: '2' } }) })
  afterAll(async () => { await small.close() })

  it('answers 429 past PUBLIC_START_IP_MAX starts an hour from one address', async () => {
    const chamber = await chamberId(small.db, 'Milano')
    for (let i = 0; i < 2; i++) await small.http().post(START).send({ chamberId: chamber, ...startRequest(), pow: await solvedPow(small) }).expect(202)
    const res = await small.http().post(START).send({ chamberId: chamber, ...startRequest(), pow: await solvedPow(small) }).expect(429)
    expect(res.body.code).toBe('rate_limited')
  })
})
