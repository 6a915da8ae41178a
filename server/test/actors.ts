import type { Role } from '@pid/shared'
import { bearer, login, makeUser, type Auth, type TestContext } from './helpers.ts'
import { makeAgreement, makePartner } from './crm-factories.ts'

/** Test actors: a user of a role, a partner user with an agreement in force; and the audit rows a test looks for. */
export { bearer, demoAuth, type Auth } from './helpers.ts'

export async function userAuth(ctx: TestContext, role: Role, chamberId: number): Promise<Auth & { userId: number }> {
  const u = await makeUser(ctx.db, role, { chamberId })
  return { ...bearer((await login(ctx, u.email)).token), userId: u.id }
}

/** A partner organisation with an agreement in force in the chamber, and one of its users. */
export async function partnerUser(ctx: TestContext, chamberId: number, name?: string): Promise<{ auth: Auth; partnerId: number; userId: number }> {
  const partnerId = await makePartner(ctx.db, name)
  await makeAgreement(ctx.db, partnerId, chamberId)
  const u = await makeUser(ctx.db, 'partner_user', { chamberId })
  await ctx.db.insertInto('partner_member').values({ user_id: u.id, partner_id: partnerId }).execute()
  return { auth: bearer((await login(ctx, u.email)).token), partnerId, userId: u.id }
}

export async function auditEntries(ctx: TestContext, action: string) {
  return ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute()
}
