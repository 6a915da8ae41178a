import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ACTIONS, can, canAcrossNetwork, CHAMBER_ROLES, PERMISSIONS, ROLE_SCOPE, ROLES, type Grant } from './permissions.ts'

const role = fc.constantFrom(...ROLES)
const action = fc.constantFrom(...ACTIONS)
const chambers = fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 5 })

describe('permission map', () => {
  it('names only known actions, and every action is granted to some role', () => {
    const granted = new Set(Object.values(PERMISSIONS).flat())
    for (const a of granted) expect(ACTIONS).toContain(a)
    for (const a of ACTIONS) expect(granted, a).toContain(a)
  })

  it('keeps firm users out of staff actions and reserves chamber management to the platform admin', () => {
    expect(PERMISSIONS.firm_user).toEqual([])
    for (const r of ROLES) expect(PERMISSIONS[r].includes('chamber.manage'), r).toBe(r === 'platform_admin')
    expect(CHAMBER_ROLES).not.toContain('platform_admin')
    expect(CHAMBER_ROLES.every((r) => ROLE_SCOPE[r] === 'chamber')).toBe(true)
  })

  it('a chamber-bound grant never reaches a chamber outside its list', () => {
    fc.assert(fc.property(role, action, chambers, fc.integer({ min: 51, max: 100 }), (r, a, cs, other) => {
      expect(can([{ role: r, chambers: cs }], a, other)).toBe(false)
    }))
  })

  it('inside its chambers a grant allows exactly what the map gives its role', () => {
    fc.assert(fc.property(role, action, chambers, (r, a, cs) => {
      expect(can([{ role: r, chambers: cs }], a, cs[0])).toBe(PERMISSIONS[r].includes(a))
    }))
  })

  it('more grants never allow less', () => {
    const grant = fc.record({ role, chambers: fc.option(chambers, { nil: undefined }) }) as fc.Arbitrary<Grant>
    fc.assert(fc.property(fc.array(grant), grant, action, fc.integer({ min: 1, max: 60 }), (gs, extra, a, c) => {
      if (can(gs, a, c)) expect(can([...gs, extra], a, c)).toBe(true)
      if (canAcrossNetwork(gs, a)) expect(canAcrossNetwork([...gs, extra], a)).toBe(true)
    }))
  })

  it('network-wide actions need a national grant', () => {
    expect(canAcrossNetwork([{ role: 'digital_leader', chambers: [1, 2, 3] }], 'audit.read')).toBe(false)
    expect(canAcrossNetwork([{ role: 'platform_admin' }], 'audit.read')).toBe(true)
    // The national coordinator monitors figures: no audit log, no staff list (personal data).
    expect(canAcrossNetwork([{ role: 'national_coordinator' }], 'audit.read')).toBe(false)
    expect(canAcrossNetwork([{ role: 'national_coordinator' }], 'users.read')).toBe(false)
    expect(canAcrossNetwork([{ role: 'national_coordinator' }], 'chamber.manage')).toBe(false)
  })

  it('vouchers: leaders and coordinators manage calls and evaluate, partners apply, regional and national roles only read', () => {
    for (const r of ['digital_leader', 'digital_coordinator'] as const) {
      expect(PERMISSIONS[r]).toEqual(expect.arrayContaining(['vouchers.read', 'vouchers.calls.manage', 'vouchers.evaluate']))
    }
    for (const r of ROLES) expect(PERMISSIONS[r].includes('vouchers.apply'), r).toBe(r === 'partner_user')
    for (const r of ['regional_coordinator', 'national_coordinator'] as const) {
      expect(PERMISSIONS[r].filter((a) => a.startsWith('vouchers.'))).toEqual(['vouchers.read', 'vouchers.evaluation.read'])
    }
    // A partner reads its own firms' applications, never the figures of a whole call's evaluation.
    expect(PERMISSIONS.partner_user).not.toContain('vouchers.evaluation.read')
    expect(PERMISSIONS.firm_user).toEqual([])
  })
})
