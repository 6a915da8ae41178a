import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, count, createTestContext, demoAuth, login, makeUser, type TestContext } from '../../../../test/helpers.ts'
import { makeAgreement, makePartner } from '../../../../test/crm-factories.ts'

/** The partner registry, agreements and the linking of partner users, through the API. */
let ctx: TestContext
let milano: number, bergamo: number
let leader: { authorization: string }, promoter: { authorization: string }, admin: { authorization: string }
beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  const bearer = (email: string) => demoAuth(ctx, email)
  leader = await bearer('leader@pid.example')
  promoter = await bearer('promotore@pid.example')
  admin = await bearer('admin@pid.example')
})
afterAll(async () => { await ctx.close() })

const api = (path: string) => `/api/v1${path}`

describe('partner registry', () => {
  it('a digital leader registers an organisation; the audit records it; a second one with the same name is 409', async () => {
    const res = await ctx.http().post(api('/partners')).set(leader).send({
      name: 'Confartigianato Lombardia', kind: 'trade_association', email: 'pid@confartigianato.example',
      website: 'https://confartigianato.example', competences: ['formazione', 'e-commerce'],
    }).expect(201)
    expect(res.body).toMatchObject({ name: 'Confartigianato Lombardia', kind: 'trade_association', chambers: [], competences: ['formazione', 'e-commerce'] })
    const entry = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'crm.partner.created').executeTakeFirstOrThrow()
    expect(entry.entity_id).toBe(String(res.body.id))

    const before = await count(ctx.db, 'audit_log')
    const dup = await ctx.http().post(api('/partners')).set(leader).send({ name: 'CONFARTIGIANATO lombardia', kind: 'other' }).expect(409)
    expect(dup.body.code).toBe('conflict')
    expect(await count(ctx.db, 'audit_log')).toBe(before)
  })

  it('refuses bad input with field paths', async () => {
    const res = await ctx.http().post(api('/partners')).set(leader)
      .send({ name: 'X', kind: 'bank', competences: ['Not A Tag'], extra: 1 }).expect(400)
    const paths = res.body.errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['/kind', '/competences/0', '/extra']))
    // A promoter reads the registry but does not add to it.
    await ctx.http().post(api('/partners')).set(promoter).send({ name: 'Nuovo', kind: 'other' }).expect(403)
  })

  it('lists by kind, competence and name, with the chambers each has an agreement in force with, paged', async () => {
    const dih = await makePartner(ctx.db, 'DIH Brianza Test', 'digital_innovation_hub')
    await ctx.db.updateTable('partner').set({ competences: ['realta-aumentata', 'cloud'] }).where('id', '=', dih).execute()
    await makeAgreement(ctx.db, dih, milano)
    await makeAgreement(ctx.db, dih, bergamo, '2024-06-30') // ended: not listed
    const uni = await makePartner(ctx.db, 'Università degli Studi di Test', 'university')

    const byKind = (await ctx.http().get(api('/partners?kind=digital_innovation_hub')).set(promoter).expect(200)).body
    expect(byKind.items).toContainEqual(expect.objectContaining({ id: dih, chambers: [{ id: milano, shortName: 'Milano' }] }))
    expect(byKind.items.every((p: { kind: string }) => p.kind === 'digital_innovation_hub')).toBe(true)
    const byCompetence = (await ctx.http().get(api('/partners?competence=realta-aumentata')).set(promoter).expect(200)).body
    expect(byCompetence.items.map((p: { id: number }) => p.id)).toEqual([dih])
    const byName = (await ctx.http().get(api(`/partners?q=${encodeURIComponent('universita degli studi di t')}`)).set(promoter).expect(200)).body
    expect(byName.items.map((p: { id: number }) => p.id)).toEqual([uni])
    const wildcard = (await ctx.http().get(api(`/partners?q=${encodeURIComponent('%')}`)).set(promoter).expect(200)).body
    expect(wildcard.items).toEqual([])

    const names: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: { name: string }[]; nextCursor: string | null } = (await ctx.http().get(api('/partners'))
        .query({ limit: 2, ...(cursor ? { cursor } : {}) }).set(promoter).expect(200)).body
      names.push(...page.items.map((p) => p.name))
      cursor = page.nextCursor
    } while (cursor)
    const ordered = await ctx.db.selectFrom('partner').select('name').orderBy(sql`lower(name)`).orderBy('id').execute()
    expect(names).toEqual(ordered.map((p) => p.name))
    await ctx.http().get(api('/partners?cursor=nonsense')).set(promoter).expect(400)
    await ctx.http().get(api(`/partners/${uni}`)).set(promoter).expect(200)
    await ctx.http().get(api('/partners/999999')).set(promoter).expect(404)
  })

  it('network-wide records are edited by the platform admin only', async () => {
    const id = await makePartner(ctx.db, 'Fornitore Cloud S.p.A.', 'technology_provider')
    await ctx.http().patch(api(`/partners/${id}`)).set(leader).send({ email: 'x@example.com' }).expect(403)
    const res = await ctx.http().patch(api(`/partners/${id}`)).set(admin).send({ email: 'info@cloud.example', website: null, competences: ['cloud'] }).expect(200)
    expect(res.body).toMatchObject({ email: 'info@cloud.example', website: null, competences: ['cloud'] })
    await ctx.http().patch(api(`/partners/${id}`)).set(admin).send({ name: 'Confartigianato Lombardia' }).expect(409)
    await ctx.http().patch(api(`/partners/${id}`)).set(admin).send({}).expect(400)
  })
})

describe('agreements', () => {
  it('records an agreement, ends it, and audits both', async () => {
    const partnerId = await makePartner(ctx.db)
    const created = await ctx.http().post(api(`/chambers/${milano}/partner-agreements`)).set(leader)
      .send({ partnerId, title: 'Convenzione PID 2025', signedOn: '2025-01-15', validFrom: '2025-02-01', notes: 'rinnovabile' }).expect(201)
    expect(created.body).toMatchObject({ partnerId, chamberId: milano, validTo: null, inForce: true })

    const ended = await ctx.http().patch(api(`/chambers/${milano}/partner-agreements/${created.body.id}`)).set(leader)
      .send({ validTo: '2025-03-01' }).expect(200)
    expect(ended.body).toMatchObject({ validTo: '2025-03-01', inForce: false })
    const audits = await ctx.db.selectFrom('audit_log').select(['action', 'before', 'after'])
      .where('entity', '=', 'partner_agreement').where('entity_id', '=', String(created.body.id)).orderBy('id').execute()
    expect(audits.map((a) => a.action)).toEqual(['crm.partner_agreement.created', 'crm.partner_agreement.updated'])
    expect(audits[1]!.before).toMatchObject({ validTo: null })

    const list = (await ctx.http().get(api(`/chambers/${milano}/partner-agreements?partnerId=${partnerId}`)).set(promoter).expect(200)).body
    expect(list.items).toHaveLength(1)
    const inForce = (await ctx.http().get(api(`/chambers/${milano}/partner-agreements?inForce=true`)).set(promoter).expect(200)).body
    expect(inForce.items.map((a: { id: number }) => a.id)).not.toContain(created.body.id)
    // Another chamber's agreement is not found from here.
    await ctx.http().patch(api(`/chambers/${bergamo}/partner-agreements/${created.body.id}`)).set(admin).send({ title: 'x' }).expect(404)
  })

  it('refuses an agreement ending before it starts, or with an unknown partner, writing nothing', async () => {
    const partnerId = await makePartner(ctx.db)
    const before = await count(ctx.db, 'audit_log')
    const range = await ctx.http().post(api(`/chambers/${milano}/partner-agreements`)).set(leader)
      .send({ partnerId, title: 'C', signedOn: '2025-01-01', validFrom: '2025-02-01', validTo: '2025-01-31' }).expect(400)
    expect(range.body.errors).toEqual([{ path: '/validTo', message: 'must not be before validFrom' }])
    const unknown = await ctx.http().post(api(`/chambers/${milano}/partner-agreements`)).set(leader)
      .send({ partnerId: 999999, title: 'C', signedOn: '2025-01-01', validFrom: '2025-02-01' }).expect(400)
    expect(unknown.body.errors[0].path).toBe('/partnerId')
    expect(await count(ctx.db, 'audit_log')).toBe(before)
    await ctx.http().post(api(`/chambers/${milano}/partner-agreements`)).set(promoter)
      .send({ partnerId, title: 'C', signedOn: '2025-01-01', validFrom: '2025-02-01' }).expect(403)
  })
})

describe('partner users', () => {
  it('links a partner user to an organisation with an agreement, once, and unlinks them', async () => {
    const withAgreement = await makePartner(ctx.db)
    await makeAgreement(ctx.db, withAgreement, milano)
    const other = await makePartner(ctx.db)
    await makeAgreement(ctx.db, other, milano)
    const onlyBergamo = await makePartner(ctx.db)
    await makeAgreement(ctx.db, onlyBergamo, bergamo)
    const user = await makeUser(ctx.db, 'partner_user', { chamberId: milano })
    const url = api(`/chambers/${milano}/partner-members/${user.id}`)

    const refused = await ctx.http().put(url).set(leader).send({ partnerId: onlyBergamo }).expect(400)
    expect(refused.body.errors[0].path).toBe('/partnerId')
    const linked = await ctx.http().put(url).set(leader).send({ partnerId: withAgreement }).expect(200)
    expect(linked.body).toMatchObject({ userId: user.id, partnerId: withAgreement })
    await ctx.http().put(url).set(leader).send({ partnerId: withAgreement }).expect(200) // same: unchanged
    await ctx.http().put(url).set(leader).send({ partnerId: other }).expect(409)

    const list = (await ctx.http().get(api(`/chambers/${milano}/partner-members`)).set(leader).expect(200)).body.items
    expect(list).toContainEqual(expect.objectContaining({ userId: user.id, partnerId: withAgreement }))
    expect(list.every((m: { email: string }) => !m.email.startsWith('promotore'))).toBe(true)
    await ctx.http().delete(url).set(leader).expect(204)
    await ctx.http().delete(url).set(leader).expect(404)
    const actions = await ctx.db.selectFrom('audit_log').select('action').where('entity', '=', 'user')
      .where('entity_id', '=', String(user.id)).orderBy('id').execute()
    expect(actions.map((a) => a.action)).toEqual(['crm.partner_member.linked', 'crm.partner_member.unlinked'])
  })

  it('only partner users of the chamber can be linked, and only by who manages partners there', async () => {
    const partnerId = await makePartner(ctx.db)
    await makeAgreement(ctx.db, partnerId, milano)
    const staff = await makeUser(ctx.db, 'digital_promoter', { chamberId: milano })
    await ctx.http().put(api(`/chambers/${milano}/partner-members/${staff.id}`)).set(leader).send({ partnerId }).expect(404)
    const bergamoPartner = await makeUser(ctx.db, 'partner_user', { chamberId: bergamo })
    await ctx.http().put(api(`/chambers/${milano}/partner-members/${bergamoPartner.id}`)).set(leader).send({ partnerId }).expect(404)
    const coordinator = await makeUser(ctx.db, 'digital_coordinator', { chamberId: milano })
    const auth = { authorization: `Bearer ${(await login(ctx, coordinator.email)).token}` }
    await ctx.http().get(api(`/chambers/${milano}/partner-members`)).set(auth).expect(403)
  })
})
