import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VoucherApplication } from '@pid/shared'
import { type Auth, type TestContext } from '../../../test/helpers.ts'
import { partnerUser } from '../../../test/actors.ts'
import { makeFirm } from '../../../test/crm-factories.ts'
import { callBody, completeDraft, firmWithDraft, publishedCall, voucherTestContext } from '../../../test/voucher-factories.ts'

let ctx: TestContext
let milano: number
let leader: Auth, partner: Auth
let partnerId: number
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')
const binary = (r: import('supertest').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const b: Buffer[] = []
  const stream = r as unknown as NodeJS.ReadableStream
  stream.on('data', (d: Buffer) => b.push(d))
  stream.on('end', () => cb(null, Buffer.concat(b)))
}

beforeAll(async () => {
  ({ ctx, milano, leader } = await voucherTestContext(50_000_000))
  const p = await partnerUser(ctx, milano, 'Confartigianato Milano')
  partner = p.auth
  partnerId = p.partnerId
})
afterAll(async () => { await ctx.close() })

const documents = [{ code: 'quote', label: { it: 'Preventivo del fornitore' }, required: true, mediaTypes: ['application/pdf' as const], maxBytes: 2048 }]

describe('documents of an application', () => {
  it('takes only the types the call asks for, in its formats and size, checks the bytes, and freezes them at submission', async () => {
    const c = await publishedCall(ctx, leader, milano, { documents })
    const { auth, applicationId } = await firmWithDraft(ctx, c.id)
    const url = `/api/v1/firm/vouchers/applications/${applicationId}`
    const upload = (type: string, contentType: string, body: Buffer) =>
      ctx.http().post(`${url}/documents?type=${type}&fileName=preventivo.pdf`).set(auth).set('content-type', contentType).send(body)

    const missing = await ctx.http().post(`${url}/submit`).set(auth)
    expect(missing.status).toBe(422)
    expect(missing.body.errors).toEqual([{ path: '/documents/quote', message: 'Preventivo del fornitore: required document missing', code: 'document_missing' }])

    expect((await upload('invoice', 'application/pdf', PDF)).status).toBe(400)
    expect((await upload('quote', 'image/png', PDF)).status).toBe(415)
    expect((await upload('quote', 'application/pdf', Buffer.from('MZ not really a pdf'))).status).toBe(415)
    expect((await upload('quote', 'application/pdf', Buffer.concat([PDF, Buffer.alloc(4096)]))).status).toBe(413)
    const ok = await upload('quote', 'application/pdf', PDF)
    expect(ok.status).toBe(201)
    expect(ok.body).toMatchObject({ type: 'quote', fileName: 'preventivo.pdf', mediaType: 'application/pdf', sizeBytes: PDF.length })
    const back = await ctx.http().get(`${url}/documents/${ok.body.id}`).set(auth).buffer(true).parse(binary).expect(200)
    expect(Buffer.compare(back.body as Buffer, PDF)).toBe(0)
    await ctx.http().get(`/api/v1/chambers/${milano}/vouchers/applications/${applicationId}/documents/${ok.body.id}`).set(leader).expect(200)

    await ctx.http().post(`${url}/submit`).set(auth).expect(200)
    const submitted = (await ctx.http().get(url).set(auth).expect(200)).body as VoucherApplication
    expect(submitted.documents).toEqual([expect.objectContaining({ id: ok.body.id, sha256: ok.body.sha256 })])
    expect((await upload('quote', 'application/pdf', PDF)).status).toBe(409)
    expect((await ctx.http().delete(`${url}/documents/${ok.body.id}`).set(auth)).status).toBe(409)
    // Another firm's session reaches none of it.
    const other = await firmWithDraft(ctx, c.id)
    expect((await ctx.http().get(`${url}/documents/${ok.body.id}`).set(other.auth)).status).toBe(404)
  })
})

describe('a partner filing for a firm', () => {
  it('files, edits and submits for a firm its organisation registered; never for another firm', async () => {
    const c = await publishedCall(ctx, leader, milano)
    const related = await makeFirm(ctx.db, { registered_by_partner_id: partnerId })
    const unrelated = await makeFirm(ctx.db)
    const base = `/api/v1/chambers/${milano}/vouchers`
    expect((await ctx.http().post(`${base}/calls/${c.id}/applications`).set(partner).send({ firmId: unrelated.id })).status).toBe(404)
    // Staff do not file for firms: the action is the partners'.
    expect((await ctx.http().post(`${base}/calls/${c.id}/applications`).set(leader).send({ firmId: related.id })).status).toBe(403)

    const created = await ctx.http().post(`${base}/calls/${c.id}/applications`).set(partner).send({ firmId: related.id, expenses: completeDraft().expenses })
    expect(created.status).toBe(201)
    expect(created.body.filedBy).toMatchObject({ kind: 'partner', partner: { id: partnerId, name: 'Confartigianato Milano' } })
    const id = created.body.id as number
    await ctx.http().patch(`${base}/applications/${id}`).set(partner)
      .send({ declarations: completeDraft().declarations, contact: completeDraft().contact }).expect(200)
    const submitted = await ctx.http().post(`${base}/applications/${id}/submit`).set(partner).set('idempotency-key', 'partner-key-0001').expect(200)
    expect(submitted.body).toMatchObject({ status: 'funded', protocolNumber: 1 })
    const list = (await ctx.http().get(`${base}/calls/${c.id}/applications`).set(partner).expect(200)).body
    expect(list.items.map((i: { id: number }) => i.id)).toEqual([id])

    // The firm sees what its partner filed; another firm of the chamber's list is hidden from the partner.
    const mine = await firmWithDraft(ctx, c.id, completeDraft(), unrelated)
    await ctx.http().post(`/api/v1/firm/vouchers/applications/${mine.applicationId}/submit`).set(mine.auth).expect(200)
    expect((await ctx.http().get(`${base}/applications/${mine.applicationId}`).set(partner)).status).toBe(404)
    const all = (await ctx.http().get(`${base}/calls/${c.id}/applications`).set(leader).expect(200)).body
    expect(all.items.map((i: { protocolNumber: number }) => i.protocolNumber)).toEqual([1, 2])
    await ctx.http().post(`${base}/applications/${id}/withdraw`).set(partner).send({}).expect(200)
  })
})

describe('calls as a partner sees them', () => {
  it('shows published calls only, and not the evaluation counts of a whole call', async () => {
    const published = await publishedCall(ctx, leader, milano)
    const draft = (await ctx.http().post(`/api/v1/chambers/${milano}/vouchers/calls`).set(leader).send(callBody({ title: { it: 'Bando in preparazione' } })).expect(201)).body as { id: number }
    const calls = `/api/v1/chambers/${milano}/vouchers/calls`
    const staffIds = ((await ctx.http().get(calls).set(leader).expect(200)).body.items as { id: number }[]).map((c) => c.id)
    expect(staffIds).toEqual(expect.arrayContaining([published.id, draft.id]))
    const partnerIds = ((await ctx.http().get(calls).set(partner).expect(200)).body.items as { id: number }[]).map((c) => c.id)
    expect(partnerIds).toContain(published.id)
    expect(partnerIds).not.toContain(draft.id)
    expect(((await ctx.http().get(calls).query({ status: 'draft' }).set(partner).expect(200)).body.items)).toEqual([])
    await ctx.http().get(`${calls}/${draft.id}`).set(partner).expect(404)
    await ctx.http().get(`${calls}/${published.id}`).set(partner).expect(200)
    await ctx.http().get(`${calls}/${draft.id}`).set(leader).expect(200)
    await ctx.http().get(`${calls}/${published.id}/evaluation`).set(partner).expect(403)
    await ctx.http().get(`${calls}/${published.id}/evaluation`).set(leader).expect(200)
  })
})
