import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MailPage, PersonalRegistration } from '@pid/shared'
import { bearer, chamberId, createTestContext, login, makeUser, type TestContext } from '../../../../test/helpers.ts'
import { fakeVat } from '../../../../test/crm-factories.ts'
import { makeEvent } from '../../../../test/experience-factories.ts'
import { renderMail } from '../../../core/mail.ts'
import { registrationTokenHash } from './registration-token.ts'

/**
 * The confirmation mail carries the QR code the door scans: the outbox stores only its description
 * (the registration path draws nothing), the mail job draws it and sends it inline beside an HTML body.
 */
let ctx: TestContext
let milano: number
// Mail is sent (nodemailer's JSON transport), not held: the rows wait as 'pending' for the job.
beforeAll(async () => {
  ctx = await createTestContext({ sendMail: true })
  milano = await chamberId(ctx.db, 'Milano')
})
afterAll(async () => { await ctx.close() })

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
let serial = 0
const person = () => {
  serial += 1
  return { firmCode: fakeVat(), firmName: `Impresa QR ${serial} S.r.l.`, firstName: 'Anna', lastName: `Bianchi <${serial}>`,
    email: `anna.qr.${serial}.${Date.now()}@example.it`, consents: ['events'], consentTextVersion: 'eventi-2026-01', privacyAcknowledged: true }
}
const register = (eventId: number, body: object) => ctx.http().post(`/api/v1/public/experience/events/${eventId}/registrations`).send(body)
const mailOf = (email: string) => ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).orderBy('id', 'desc').executeTakeFirstOrThrow()

describe('the confirmation mail and its QR code', () => {
  it('a public registration queues a mail describing the QR: the token the personal page and the door read', async () => {
    const { id } = await makeEvent(ctx.db, milano, { capacity: 1 })
    const confirmed = person()
    const waitlisted = person()
    await register(id, confirmed).expect(201)
    await register(id, waitlisted).expect(201)

    const mail = await mailOf(confirmed.email)
    expect(mail).toMatchObject({ status: 'pending', subject: expect.stringMatching(/^Iscrizione confermata/) })
    const token = /\/pubblico\/iscrizioni\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]!
    expect(mail.attachments).toEqual([{ kind: 'qr', filename: 'iscrizione.png', text: token, cid: 'qr' }])
    // The door checks in by the token's hash: the QR's text is that token, as on the personal page.
    const registration = await ctx.db.selectFrom('ec_registration').select('token_hash').where('event_id', '=', id)
      .where('status', '=', 'confirmed').executeTakeFirstOrThrow()
    expect(registrationTokenHash(mail.attachments![0]!.text)).toBe(registration.token_hash)
    const page = (await ctx.http().get(`/api/v1/public/experience/registrations/${token}`).expect(200)).body as PersonalRegistration
    expect(page.status).toBe('confirmed')
    // The staff's "Posta inviata" shows that the mail carries the QR code.
    const staff = bearer((await login(ctx, (await makeUser(ctx.db, 'digital_coordinator', { chamberId: milano })).email)).token)
    const sentMail = (await ctx.http().get(`/api/v1/chambers/${milano}/mail`).set(staff).expect(200)).body as MailPage
    expect(sentMail.items.find((m) => m.id === mail.id)?.attachments).toEqual([{ kind: 'qr', filename: 'iscrizione.png' }])
    expect(sentMail.items.find((m) => m.to === waitlisted.email)?.attachments).toEqual([])

    // A place on the waitlist is no ticket to the door: no QR.
    const waiting = await mailOf(waitlisted.email)
    expect(waiting.subject).toMatch(/^In lista d'attesa/)
    expect(waiting.attachments).toBeNull()
  })

  it('the mail job sends the QR as an inline PNG with its cid, referenced by the HTML body', async () => {
    const { id } = await makeEvent(ctx.db, milano, { capacity: 5 })
    const p = person()
    await register(id, p).expect(201)
    const row = await mailOf(p.email)

    const info = await ctx.app.mailer.sendPending(ctx.db, row.id) as { message: string }
    const sent = JSON.parse(info.message) as {
      text: string; html: string
      attachments: { filename: string; cid: string; contentType: string; contentDisposition: string; content: string; encoding: string }[]
    }
    expect(sent.text).toBe(row.text_body)
    expect(sent.attachments).toHaveLength(1)
    const [qr] = sent.attachments
    expect(qr).toMatchObject({ filename: 'iscrizione.png', cid: 'qr', contentType: 'image/png', contentDisposition: 'inline', encoding: 'base64' })
    const png = Buffer.from(qr!.content, 'base64')
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true)
    expect(sent.html).toContain('<img src="cid:qr"')
    // The person's name is text, escaped in the HTML.
    expect(sent.html).toContain(`Bianchi &#60;${serial}&#62;`)
    expect(sent.html).not.toContain(`<${serial}>`)
    expect((await mailOf(p.email)).status).toBe('sent')
    // Sent once: a second run of the job finds nothing pending.
    expect(await ctx.app.mailer.sendPending(ctx.db, row.id)).toBeNull()
  })

  it('a mail without attachments stays plain text', async () => {
    const message = await renderMail('pid@test.example', { to_address: 'a@example.it', subject: 'S', text_body: 'Ciao', attachments: null })
    expect(message).toEqual({ from: 'pid@test.example', to: 'a@example.it', subject: 'S', text: 'Ciao' })
  })
})
