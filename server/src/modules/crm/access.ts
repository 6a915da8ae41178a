import { sql, type ExpressionBuilder } from 'kysely'
import { ROLE_SCOPE, roleAllows, type Action } from '@pid/shared'
import type { Database } from '../../db/schema.ts'
import type { DbOrTx } from '../../db/database.ts'
import type { Actor } from '../../core/auth/guard.ts'
import { forbidden, notFound } from '../../core/errors.ts'

/**
 * Which firms of a chamber an actor may see. Staff see the chamber's firms. A partner user (when
 * that is the only role granting the action there) sees only the firms its organisation is related
 * to - registered by it, referred to it, or with the firm's consent - and only in chambers where the
 * organisation has an agreement in force.
 */
export interface FirmAccess {
  chamberId: number
  /** Set when the actor sees only the firms related to this partner organisation. */
  partnerId: number | null
  /**
   * Whether the actor works with the chamber's firms and may see people's data (a sole trader's
   * codice fiscale is a person's). Regional and national roles coordinate and monitor: register
   * data and figures, never personal data.
   */
  personalData: boolean
}

/** What stands for a person's codice fiscale where personal data may not be shown. */
export const HIDDEN_TAX_CODE = '****************'

/** A sole trader's or professional's codice fiscale is a person's: 16 characters, not a company's 11 digits. */
const isPerson = (taxCode: string) => taxCode.length === 16

/** A firm's codice fiscale as this actor may see it: a person's only with personal data. */
export function shownTaxCode(access: Pick<FirmAccess, 'personalData'>, taxCode: string): string {
  return access.personalData || !isPerson(taxCode) ? taxCode : HIDDEN_TAX_CODE
}

/** A firm's row as this actor may see it: a person's codice fiscale, e-mail and phone only with personal data. */
export function withoutPersonalData<R extends { tax_code: string; email: string | null; phone: string | null }>(access: Pick<FirmAccess, 'personalData'>, r: R): R {
  return access.personalData || !isPerson(r.tax_code) ? r : { ...r, tax_code: HIDDEN_TAX_CODE, email: null, phone: null }
}

export async function firmAccess(db: DbOrTx, actor: Actor, chamberId: number, action: Action): Promise<FirmAccess> {
  const reaching = actor.grants.filter((g) => roleAllows(g.role, action) && (g.chambers === undefined || g.chambers.includes(chamberId)))
  const personalData = reaching.some((g) => ROLE_SCOPE[g.role] === 'chamber')
  if (reaching.some((g) => g.role !== 'partner_user')) return { chamberId, partnerId: null, personalData }
  const member = await db.selectFrom('partner_member as m')
    .innerJoin('partner_agreement as a', 'a.partner_id', 'm.partner_id')
    .select('m.partner_id')
    .where('m.user_id', '=', actor.userId)
    .where('a.chamber_id', '=', chamberId)
    .where('a.valid_from', '<=', sql<string>`current_date`)
    .where((w) => w.or([w('a.valid_to', 'is', null), w('a.valid_to', '>=', sql<string>`current_date`)]))
    .executeTakeFirst()
  if (!member) throw forbidden('your organisation has no agreement in force with this chamber')
  return { chamberId, partnerId: member.partner_id, personalData }
}

/**
 * The WHERE condition for a query over `firm as f`: the chamber's firms (merged duplicates
 * excluded), narrowed to the partner's related firms when the access says so.
 */
export function visibleFirms(access: FirmAccess) {
  return (eb: ExpressionBuilder<Database & { f: Database['firm'] }, 'f'>) => {
    const inChamber = eb.and([eb('f.chamber_id', '=', access.chamberId), eb('f.merged_into_id', 'is', null)])
    if (access.partnerId === null) return inChamber
    const p = access.partnerId
    return eb.and([
      inChamber,
      eb.or([
        eb('f.registered_by_partner_id', '=', p),
        eb.exists(eb.selectFrom('referral as r').select(sql`1`.as('one'))
          .whereRef('r.firm_id', '=', 'f.id').where('r.partner_id', '=', p)),
        eb.exists(eb.selectFrom('firm_partner_consent as c').select(sql`1`.as('one'))
          .whereRef('c.firm_id', '=', 'f.id').where('c.partner_id', '=', p).where('c.withdrawn_at', 'is', null)),
      ]),
    ])
  }
}

export interface VisibleFirm {
  id: number
  chamberId: number
  name: string
  stage: number
  stageChangedAt: Date | null
}

/**
 * The firm of the path if the access reaches it; 404 otherwise (another chamber, a merged
 * duplicate, a firm the partner is not related to), so nobody learns which firms exist.
 */
export async function visibleFirm(db: DbOrTx, access: FirmAccess, firmId: number): Promise<VisibleFirm> {
  const firm = await db.selectFrom('firm as f')
    .select(['f.id', 'f.chamber_id', 'f.name', 'f.stage', 'f.stage_changed_at'])
    .where('f.id', '=', firmId).where(visibleFirms(access)).executeTakeFirst()
  if (!firm) throw notFound('firm')
  return { id: firm.id, chamberId: firm.chamber_id, name: firm.name, stage: firm.stage, stageChangedAt: firm.stage_changed_at }
}

/** The chamber that currently covers a province: a firm belongs to it. */
export async function chamberForProvince(db: DbOrTx, provinceCode: string): Promise<number | null> {
  const row = await db.selectFrom('chamber_province').select('chamber_id')
    .where('province_code', '=', provinceCode).where('valid_to', 'is', null).executeTakeFirst()
  return row?.chamber_id ?? null
}
