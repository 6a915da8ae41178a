import { expect } from 'vitest'
import { chamberId, demoAuth, type Auth, type TestContext } from '../../../../test/helpers.ts'
import { makeAgreement, makePartner } from '../../../../test/crm-factories.ts'

/** Test set-up shared by the referral tests (imported by *.test.ts only). */
export type { Auth }

export interface ReferralWorld {
  milano: number
  bergamo: number
  leader: Auth
  promoter: Auth
  /** The demo partner user, linked (through the API) to organisation A. */
  partner: Auth
  orgA: number
  orgB: number
  agreementA: number
  orgAEmail: string
}

export const api = (path: string) => `/api/v1${path}`

/** A due date a month ahead: never "today" whatever the time zones of test and database. */
export const dueInAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)

/**
 * Milano with two partner organisations holding agreements in force (A with an e-mail address,
 * B without), and the demo partner user acting for A. Whatever organisation the demo seed links
 * that user to is unlinked first, through the same API a digital leader uses.
 */
export async function referralWorld(ctx: TestContext): Promise<ReferralWorld> {
  const milano = await chamberId(ctx.db, 'Milano')
  const bergamo = await chamberId(ctx.db, 'Bergamo')
  const bearer = (email: string) => demoAuth(ctx, email)
  const leader = await bearer('leader@pid.example')
  const promoter = await bearer('promotore@pid.example')
  const orgAEmail = 'segnalazioni@organizzazione-a.example'
  const orgA = await makePartner(ctx.db, 'Organizzazione A di prova')
  await ctx.db.updateTable('partner').set({ email: orgAEmail }).where('id', '=', orgA).execute()
  const agreementA = await makeAgreement(ctx.db, orgA, milano)
  const orgB = await makePartner(ctx.db, 'Organizzazione B di prova')
  await makeAgreement(ctx.db, orgB, milano)

  const demo = await ctx.db.selectFrom('app_user').select('id').where('email', '=', 'partner@pid.example').executeTakeFirstOrThrow()
  const member = api(`/chambers/${milano}/partner-members/${demo.id}`)
  const unlinked = await ctx.http().delete(member).set(leader)
  expect([204, 404]).toContain(unlinked.status)
  await ctx.http().put(member).set(leader).send({ partnerId: orgA }).expect(200)
  const partner = await bearer('partner@pid.example')
  return { milano, bergamo, leader, promoter, partner, orgA, orgB, agreementA, orgAEmail }
}

/** Staff refer a firm to a partner through the API; returns the created referral. */
export async function refer(ctx: TestContext, w: ReferralWorld, firmId: number, partnerId: number,
  need = "Serve un sito di commercio elettronico per vendere all'estero") {
  const res = await ctx.http().post(api(`/chambers/${w.milano}/firms/${firmId}/referrals`)).set(w.promoter)
    .send({ partnerId, need, dueOn: dueInAMonth() }).expect(201)
  return res.body as { id: number; status: string; firmId: number; partnerId: number; overdue: boolean; daysOverdue: number }
}
