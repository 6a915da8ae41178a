import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { fakeVat, makeFirm } from '../../../../test/crm-factories.ts'
import { auditEntries, demoAuth, partnerUser, userAuth, type Auth } from '../../../../test/actors.ts'

let ctx: TestContext
let milano: number, bergamo: number
let promoter: Auth, leader: Auth
let url: string
let rea = 900_000
beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  promoter = await demoAuth(ctx, 'promotore@pid.example')
  leader = await demoAuth(ctx, 'leader@pid.example')
  url = `/api/v1/chambers/${milano}/firms`
})
afterAll(async () => { await ctx.close() })

const validFirm = (over: Record<string, unknown> = {}) => {
  const vat = fakeVat()
  return {
    name: 'Officina Digitale S.r.l.', taxCode: vat, vatNumber: `IT${vat}`, legalForm: 'srl', provinceCode: 'MI',
    municipalityCode: '015146', atecoCode: '62.10.00', employees: 12, turnoverCents: 150_000_000, reaNumber: ++rea,
    address: 'Via Meravigli 9/b', postalCode: '20123', pec: 'officina@pec.example.it', ...over,
  }
}
const firmCount = async () => Number((await ctx.db.selectFrom('firm').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

describe('registering a firm', () => {
  it('stores the checked, normalised data, computes the size class and puts "Impresa registrata" on the timeline', async () => {
    const body = validFirm()
    const res = await ctx.http().post(url).set(promoter).send(body).expect(201)
    expect(res.body).toMatchObject({
      name: 'Officina Digitale S.r.l.', taxCode: body.taxCode, vatNumber: body.taxCode, reaProvince: 'MI', reaNumber: body.reaNumber,
      atecoCode: '62.10.00', atecoSection: 'K', atecoTitle: 'Attività di programmazione informatica', sizeClass: 'small',
      municipalityName: 'Milano', chamberId: milano, registeredByPartnerId: null, contactCount: 0, timelineEventCount: 1, stage: 0,
    })
    const events = await ctx.db.selectFrom('timeline_event').selectAll().where('firm_id', '=', res.body.id).execute()
    expect(events).toEqual([expect.objectContaining({ type: 'registry_update', summary: 'Impresa registrata', chamber_id: milano })])
    const [created] = (await auditEntries(ctx, 'crm.firm.created')).filter((a) => a.entity_id === String(res.body.id))
    expect(created!.after).toMatchObject({ taxCode: body.taxCode })
    expect(created!.request_id).toBe(res.headers['x-request-id'])
  })

  it('accepts a sole trader with the owner\'s personal codice fiscale, and refuses it for a company', async () => {
    const trader = await ctx.http().post(url).set(promoter)
      .send(validFirm({ name: 'Rossi Mario', taxCode: 'rssmra85t10a562s', legalForm: 'ditta_individuale', employees: 1 })).expect(201)
    expect(trader.body).toMatchObject({ taxCode: 'RSSMRA85T10A562S', sizeClass: 'micro' })
    const company = await ctx.http().post(url).set(promoter).send(validFirm({ taxCode: 'RSSMRA85T10A562S' })).expect(400)
    expect(company.body.errors).toEqual([{ path: '/taxCode', message: expect.stringContaining('11 digits') }])
  })

  it('rejects invalid codes and places with the reason on the right path, and writes nothing', async () => {
    const before = await firmCount()
    const audits = (await auditEntries(ctx, 'crm.firm.created')).length
    const vat = fakeVat()
    const wrongDigit = vat.slice(0, 10) + String((Number(vat[10]) + 1) % 10)
    const res = await ctx.http().post(url).set(promoter).send(validFirm({
      taxCode: 'RSSMRA85T10A562T', vatNumber: wrongDigit, municipalityCode: '016024', atecoCode: '99.99.99',
      secondaryAtecoCodes: ['62.20', '12.34'],
    })).expect(400)
    expect(res.body.code).toBe('validation')
    expect(res.body.errors).toEqual(expect.arrayContaining([
      { path: '/taxCode', message: 'the check digit is wrong' },
      { path: '/vatNumber', message: 'the check digit is wrong' },
      { path: '/municipalityCode', message: 'the municipality is not in province MI' },
      { path: '/atecoCode', message: expect.stringContaining('99.99.99') },
      { path: '/secondaryAtecoCodes/1', message: expect.stringContaining('12.34') },
    ]))
    expect(res.body.errors).toHaveLength(5)

    const province = await ctx.http().post(url).set(promoter).send(validFirm({ provinceCode: 'BG', municipalityCode: '016024' })).expect(400)
    expect(province.body.errors).toEqual([{ path: '/provinceCode', message: 'the chamber does not cover province BG' }])
    const shape = await ctx.http().post(url).set(promoter).send(validFirm({ taxCode: 12345678903, postalCode: '2012', extra: 1 })).expect(400)
    expect(shape.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/extra', '/postalCode', '/taxCode'])
    expect(await firmCount()).toBe(before)
    expect(await auditEntries(ctx, 'crm.firm.created')).toHaveLength(audits)
  })

  it('answers 409 naming the firm already registered with the tax code or REA number', async () => {
    const existing = await makeFirm(ctx.db, { chamber_id: bergamo, province_code: 'BG', name: 'Bergamasca Tessile S.p.A.', rea_province: 'BG', rea_number: 4242 })
    const dup = await ctx.http().post(url).set(promoter).send(validFirm({ taxCode: existing.taxCode })).expect(409)
    expect(dup.body.detail).toContain('Bergamasca Tessile S.p.A.')
    const reaDup = await ctx.http().post(url).set(promoter).send(validFirm({ reaProvince: 'BG', reaNumber: 4242 })).expect(409)
    expect(reaDup.body.detail).toContain(`id ${existing.id}`)
  })

  it('records the partner organisation that registers a firm; only staff may register in another chamber', async () => {
    const partner = await partnerUser(ctx, milano)
    const res = await ctx.http().post(url).set(partner.auth).send(validFirm({ name: 'Impresa del Partner S.r.l.' })).expect(201)
    expect(res.body.registeredByPartnerId).toBe(partner.partnerId)
    await ctx.http().get(`${url}/${res.body.id}`).set(partner.auth).expect(200)
    await ctx.http().post(`/api/v1/chambers/${bergamo}/firms`).set(promoter).send(validFirm({ provinceCode: 'BG', municipalityCode: '016024' })).expect(403)
  })
})

describe('a firm\'s profile and edits', () => {
  it('shows the assignee, ATECO title, municipality and counts; 404 for another chamber\'s firm', async () => {
    const promoterId = (await ctx.db.selectFrom('app_user').select('id').where('email', '=', 'promotore@pid.example').executeTakeFirstOrThrow()).id
    const firm = await makeFirm(ctx.db, { assigned_to: promoterId, municipality_code: '015209', ateco_code: '62.20.10', ateco_section: 'K' })
    await ctx.db.insertInto('contact').values([{ firm_id: firm.id, first_name: 'Anna' }, { firm_id: firm.id, first_name: 'Bruno' }]).execute()
    const res = await ctx.http().get(`${url}/${firm.id}`).set(promoter).expect(200)
    expect(res.body).toMatchObject({
      assignedTo: { id: promoterId, name: expect.any(String) }, atecoTitle: 'Attività di consulenza informatica',
      municipalityName: 'Sesto San Giovanni', contactCount: 2, timelineEventCount: 0,
    })
    const other = await makeFirm(ctx.db, { chamber_id: bergamo, province_code: 'BG' })
    await ctx.http().get(`${url}/${other.id}`).set(promoter).expect(404)
    await ctx.http().patch(`${url}/${other.id}`).set(promoter).send({ tags: ['x'] }).expect(404)
  })

  it('updates part of the data with the same rules, normalises tags, assigns and unassigns; audits before and after', async () => {
    const firm = await makeFirm(ctx.db, { employees: 5 })
    const coordinator = await userAuth(ctx, 'digital_coordinator', milano)
    const res = await ctx.http().patch(`${url}/${firm.id}`).set(promoter)
      .send({ tags: [' Export', 'export', 'Cyber '], assignedTo: coordinator.userId, employees: 60, turnoverCents: null }).expect(200)
    expect(res.body).toMatchObject({ tags: ['cyber', 'export'], assignedTo: { id: coordinator.userId }, employees: 60, sizeClass: 'medium' })
    const [entry] = (await auditEntries(ctx, 'crm.firm.updated')).filter((a) => a.entity_id === String(firm.id))
    expect(entry!.before).toEqual({ tags: [], assignedTo: null, employees: 5, sizeClass: 'micro' })
    expect(entry!.after).toMatchObject({ tags: ['cyber', 'export'], employees: 60, sizeClass: 'medium' })

    const unassigned = await ctx.http().patch(`${url}/${firm.id}`).set(promoter).send({ assignedTo: null }).expect(200)
    expect(unassigned.body.assignedTo).toBeNull()
  })

  it('refuses an assignee who is not staff of this chamber, a bad code or an uncovered province, writing nothing', async () => {
    const firm = await makeFirm(ctx.db)
    const elsewhere = await userAuth(ctx, 'digital_promoter', bergamo)
    const firmUser = await userAuth(ctx, 'firm_user', milano)
    for (const assignee of [elsewhere.userId, firmUser.userId]) {
      const res = await ctx.http().patch(`${url}/${firm.id}`).set(promoter).send({ assignedTo: assignee }).expect(400)
      expect(res.body.errors).toEqual([{ path: '/assignedTo', message: 'not a staff member of this chamber' }])
    }
    const bad = await ctx.http().patch(`${url}/${firm.id}`).set(promoter).send({ vatNumber: '00000000001', provinceCode: 'CO', name: 'Nuovo nome' }).expect(400)
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/provinceCode', '/vatNumber'])
    await ctx.http().patch(`${url}/${firm.id}`).set(promoter).send({}).expect(400)
    const after = await ctx.db.selectFrom('firm').selectAll().where('id', '=', firm.id).executeTakeFirstOrThrow()
    expect(after).toMatchObject({ assigned_to: null, name: expect.stringContaining('Impresa di prova'), province_code: 'MI' })
  })

  it('lets a partner correct a related firm but not assign it; unrelated firms are 404 to the partner', async () => {
    const partner = await partnerUser(ctx, milano)
    const related = await makeFirm(ctx.db, { registered_by_partner_id: partner.partnerId })
    const unrelated = await makeFirm(ctx.db)
    await ctx.http().patch(`${url}/${related.id}`).set(partner.auth).send({ phone: '+39 02 1234567' }).expect(200)
    await ctx.http().patch(`${url}/${related.id}`).set(partner.auth).send({ assignedTo: null }).expect(403)
    await ctx.http().patch(`${url}/${unrelated.id}`).set(partner.auth).send({ phone: '+39 02 1234567' }).expect(404)
    await ctx.http().get(`${url}/${unrelated.id}`).set(partner.auth).expect(404)
    await ctx.http().get(`${url}/${related.id}`).set(leader).expect(200)
  })
})
