import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemContext } from '../../../core/audit.ts'
import type { HttpError } from '../../../core/errors.ts'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { fakeVat, makeFirm } from '../../../../test/crm-factories.ts'
import type { Enrolment } from './enrolment.ts'

let ctx: TestContext
let milano: number
beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
})
afterAll(async () => { await ctx.close() })

const ctxOf = systemContext('test')
const form = (over: Partial<Enrolment> = {}): Enrolment => ({
  chamberId: milano, firmCode: fakeVat(), firmName: 'Officina Nuova S.r.l.',
  person: { firstName: 'Marta', lastName: 'Verdi', email: 'marta.verdi@example.it' },
  consents: ['events'], consentTextVersion: 'eventi-2026-1', source: 'event_registration', ...over,
})
const enrol = (e: Enrolment) => ctx.db.transaction().execute((tx) => ctx.app.crm.enrolFirmPerson(tx, ctxOf, e))

describe('enrolling a firm and its person from a form', () => {
  it('finds the register firm by its VAT number, adds the person once and records each consent once', async () => {
    const firm = await makeFirm(ctx.db, { province_code: 'BG' })
    const first = await enrol(form({ firmCode: ` ${firm.taxCode} `, consents: ['events', 'newsletter'] }))
    expect(first).toMatchObject({ firmId: firm.id, firmCreated: false })
    const again = await enrol(form({ firmCode: firm.taxCode, person: { firstName: 'M.', lastName: 'V.', email: 'MARTA.VERDI@example.it' }, consents: ['events'] }))
    expect(again.contactId).toBe(first.contactId)
    const consents = await ctx.db.selectFrom('consent').select(['purpose', 'source', 'text_version']).where('contact_id', '=', first.contactId).orderBy('purpose').execute()
    expect(consents).toEqual([
      { purpose: 'events', source: 'event_registration', text_version: 'eventi-2026-1' },
      { purpose: 'newsletter', source: 'event_registration', text_version: 'eventi-2026-1' },
    ])
  })

  it('makes an unknown firm a prospect of the chamber, once, when two forms for it arrive at the same moment', async () => {
    const code = fakeVat()
    const results = await Promise.all([enrol(form({ firmCode: code })), enrol(form({ firmCode: code, person: { firstName: 'Luca', lastName: 'Neri', email: 'luca@example.it' } }))])
    expect(new Set(results.map((r) => r.firmId)).size).toBe(1)
    expect(results.filter((r) => r.firmCreated)).toHaveLength(1)
    const firm = await ctx.db.selectFrom('firm').select(['chamber_id', 'tags', 'province_code', 'name']).where('tax_code', '=', code).executeTakeFirstOrThrow()
    expect(firm).toEqual({ chamber_id: milano, tags: ['prospect'], province_code: 'MI', name: 'Officina Nuova S.r.l.' })
  })

  it('follows a merged duplicate to the firm it was merged into', async () => {
    const kept = await makeFirm(ctx.db)
    const merged = await makeFirm(ctx.db, { merged_into_id: kept.id })
    expect((await enrol(form({ firmCode: merged.taxCode }))).firmId).toBe(kept.id)
  })

  it('refuses a code that is neither a codice fiscale nor a partita IVA, writing nothing', async () => {
    const before = await ctx.db.selectFrom('firm').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    const error = await enrol(form({ firmCode: '12345678901' })).catch((e: HttpError) => e)
    expect(error).toMatchObject({ statusCode: 400, code: 'validation', fieldErrors: [{ path: '/firmCode', code: 'invalid_firm_code' }] })
    expect(await ctx.db.selectFrom('firm').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).toEqual(before)
  })
})

describe('enrolling many forms at once', () => {
  it('answers in the forms\' order, makes an unknown firm once, shares a person named twice and records each consent once', async () => {
    const known = await makeFirm(ctx.db)
    const code = fakeVat()
    const forms = [
      form({ firmCode: code, ctx: { ...ctxOf, requestId: 'r0' } }),
      form({ firmCode: code, person: { firstName: 'Luca', lastName: 'Neri', email: 'luca.neri@example.it' }, ctx: { ...ctxOf, requestId: 'r1' } }),
      form({ firmCode: known.taxCode, consents: ['events', 'newsletter'] }),
      form({ firmCode: ` ${code} `, person: { firstName: 'M.', lastName: 'V.', email: 'MARTA.VERDI@example.it' }, consents: ['events', 'newsletter'] }),
    ]
    const out = await ctx.db.transaction().execute((tx) => ctx.app.crm.enrolFirmPeople(tx, ctxOf, forms))
    expect(out.map((o) => o.firmCreated)).toEqual([true, false, false, false])
    expect(out[1]!.firmId).toBe(out[0]!.firmId)
    expect(out[2]!.firmId).toBe(known.id)
    expect(out[3]!.contactId).toBe(out[0]!.contactId)
    expect(new Set(out.map((o) => o.contactId)).size).toBe(3)
    expect(await ctx.db.selectFrom('firm').select('id').where('tax_code', '=', code).execute()).toHaveLength(1)
    const consents = await ctx.db.selectFrom('consent').select('purpose').where('contact_id', '=', out[0]!.contactId).orderBy('purpose').execute()
    expect(consents.map((c) => c.purpose)).toEqual(['events', 'newsletter'])
    const audits = await ctx.db.selectFrom('audit_log').select(['action', 'request_id']).where('entity', '=', 'firm')
      .where('entity_id', '=', String(out[0]!.firmId)).execute()
    expect(audits).toEqual([{ action: 'crm.firm.created', request_id: 'r0' }])
  })
})
