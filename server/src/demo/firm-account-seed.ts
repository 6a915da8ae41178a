import type { Db } from '../db/database.ts'
import { audit, systemContext } from '../core/audit.ts'

export const DEMO_FIRM_USER = 'impresa@pid.example'

/**
 * The demo's firm user acts for one Milano firm that has something to show: the first firm that
 * submitted a voucher application (the demo has no self-assessment; the firm can start one). A
 * newcomer signing in as the firm finds it on the home with its assessment and applications.
 */
export async function seedDemoFirmAccount(db: Db): Promise<void> {
  const user = await db.selectFrom('app_user').select('id').where('email', '=', DEMO_FIRM_USER).executeTakeFirstOrThrow()
  const milano = await db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirstOrThrow()
  const firm = await db.selectFrom('voucher_application').select(['firm_id', 'chamber_id'])
    .where('chamber_id', '=', milano.id).where('filed_by', '=', 'firm').where('protocol_number', 'is not', null)
    .orderBy('id').limit(1).executeTakeFirstOrThrow()
  const { id } = await db.insertInto('firm_user_account')
    .values({ user_id: user.id, firm_id: firm.firm_id, chamber_id: firm.chamber_id, created_by: null })
    .returning('id').executeTakeFirstOrThrow()
  await audit(db, systemContext('seed'), { chamberId: firm.chamber_id, action: 'firm_access.account_linked', entity: 'firm_user_account',
    entityId: id, after: { firmId: firm.firm_id, userId: user.id, email: DEMO_FIRM_USER } })
}
