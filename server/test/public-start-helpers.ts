import { solveChallenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/sha'
import { PUBLIC_START_NOTICE_VERSION, type PowChallenge, type PublicStartBody } from '@pid/shared'
import type { TestContext } from './helpers.ts'
import { fakeVat } from './crm-factories.ts'

/** Environment for a test app: an easy proof of work (the page's work is the same, only shorter). */
export const PUBLIC_START_TEST_ENV = { PUBLIC_START_POW_COUNTER_MAX: '200', PUBLIC_START_EMAIL_MAX: '3', PUBLIC_START_CODE_MAX: '5' }

/** A challenge from the app, solved honestly (as the page does). */
export async function solvedPow(ctx: TestContext, ip?: string): Promise<PublicStartBody['pow']> {
  const req = ctx.http().get('/api/v1/public/self-assessment/challenge')
  const challenge = (await (ip ? req.set('x-forwarded-for', ip) : req).expect(200)).body as PowChallenge
  const solution = await solveChallenge({ challenge, deriveKey })
  if (!solution) throw new Error('challenge not solved')
  return { challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } }
}

let n = 0
/** A start request (without its proof of work) for a firm code and an address of its own. */
export function startRequest(overrides: Partial<PublicStartBody> = {}): Omit<PublicStartBody, 'pow'> {
  n += 1
  return {
    firmCode: fakeVat(), firmName: `Officina digitale ${n} S.r.l.`, firstName: 'Giulia', lastName: 'Verdi',
    email: `giulia.verdi.${n}.${Date.now()}@example.it`, consents: { service: true, newsletter: true, events: false, profiling: false },
    noticeVersion: PUBLIC_START_NOTICE_VERSION, ...overrides,
  }
}

/** The verification token of the last mail to `email` (held in the outbox, as staff read it). */
export async function verificationToken(ctx: TestContext, email: string): Promise<string> {
  const mail = await ctx.db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', email)
    .where('subject', 'like', 'Conferma il tuo indirizzo%').orderBy('id', 'desc').executeTakeFirstOrThrow()
  const m = /\/autovalutazione\/verifica\?token=([A-Za-z0-9_.%-]+)/.exec(mail.text_body)
  if (!m) throw new Error(`no verification link in: ${mail.text_body}`)
  return decodeURIComponent(m[1]!)
}
