import type { FirmPurpose } from '@pid/shared'
import { insertFirmLink, signFirmSession } from '../src/core/auth/firm-access.ts'
import type { TestContext } from './helpers.ts'

/** A personal link for the firm, as staff would create it; returns its token. */
export async function firmLinkToken(ctx: TestContext, firmId: number, purposes: FirmPurpose[] = ['assessment'], validDays = 30): Promise<{ id: number; token: string }> {
  const firm = await ctx.db.selectFrom('firm').select('chamber_id').where('id', '=', firmId).executeTakeFirstOrThrow()
  return insertFirmLink(ctx.db, { firmId, chamberId: firm.chamber_id, purposes, validDays, createdBy: null })
}

/** A firm session token (what POST /firm-access/session returns), without going through HTTP. */
export async function firmSession(ctx: TestContext, firmId: number, purposes: FirmPurpose[] = ['assessment']): Promise<string> {
  const firm = await ctx.db.selectFrom('firm').select('chamber_id').where('id', '=', firmId).executeTakeFirstOrThrow()
  const { id } = await firmLinkToken(ctx, firmId, purposes)
  return signFirmSession(ctx.app, { id, firmId, chamberId: firm.chamber_id, purposes })
}
