import { ROLE_SCOPE, type Grant, type Role, type RoleAssignment } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'

/**
 * The user's role assignments and the chambers each one reaches: a chamber role reaches its
 * chamber and every chamber merged into it (their history stays readable); a regional role
 * reaches every chamber, past or present, of its region; a national role reaches all.
 */
export async function loadGrants(db: DbOrTx, userId: number): Promise<{ grants: Grant[]; roles: RoleAssignment[] }> {
  const [assignments, chambers] = await Promise.all([
    db
      .selectFrom('role_assignment as ra')
      .leftJoin('chamber as c', 'c.id', 'ra.chamber_id')
      .select(['ra.role', 'ra.chamber_id', 'ra.region_code', 'c.name as chamber_name', 'c.region_code as chamber_region'])
      .where('ra.user_id', '=', userId)
      .orderBy('ra.id')
      .execute(),
    db.selectFrom('chamber').select(['id', 'region_code', 'merged_into_id']).execute(),
  ])
  const predecessors = new Map<number, number[]>()
  for (const c of chambers) {
    if (c.merged_into_id != null) {
      predecessors.set(c.merged_into_id, [...(predecessors.get(c.merged_into_id) ?? []), c.id])
    }
  }
  const reach = (chamberId: number): number[] => {
    const out = [chamberId]
    for (let i = 0; i < out.length; i++) out.push(...(predecessors.get(out[i]!) ?? []))
    return out
  }
  const grants: Grant[] = []
  const roles: RoleAssignment[] = []
  for (const a of assignments) {
    const role = a.role as Role
    const scope = ROLE_SCOPE[role]
    if (scope === 'chamber' && a.chamber_id != null) grants.push({ role, chambers: reach(a.chamber_id) })
    else if (scope === 'region') {
      grants.push({ role, region: a.region_code!, chambers: chambers.filter((c) => c.region_code === a.region_code).map((c) => c.id) })
    }
    else grants.push({ role })
    roles.push({
      role,
      chamberId: a.chamber_id,
      chamberName: a.chamber_name,
      regionCode: a.region_code ?? a.chamber_region,
    })
  }
  return { grants, roles }
}
