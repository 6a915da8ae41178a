import type { Action } from '../permissions.ts'

/**
 * OAuth 2.0 scopes of partner API clients and the permission-map actions each one opens. A client
 * token carries the partner user's role (its organisation's firms, in the chambers it has an
 * agreement with) narrowed to the actions of its scopes: the guard checks both.
 */
export const API_SCOPES = [
  'firms:read',
  'firms:write',
  'referrals',
  'feedback',
  'assessments:invite',
  'vouchers:apply',
  'events:register',
  'webhooks',
] as const
export type ApiScope = (typeof API_SCOPES)[number]

export const SCOPE_ACTIONS: Record<ApiScope, readonly Action[]> = {
  'firms:read': ['network.read', 'crm.firms.read', 'crm.timeline.read', 'crm.contacts.read'],
  'firms:write': ['crm.firms.write'],
  referrals: ['crm.referrals.read', 'crm.partners.read'],
  feedback: ['crm.referrals.read', 'crm.referrals.respond'],
  'assessments:invite': ['firm_access.manage', 'assessment.read'],
  'vouchers:apply': ['vouchers.read', 'vouchers.applications.read', 'vouchers.apply'],
  'events:register': ['experience.events.register'],
  // The client's own webhook subscriptions and deliveries (routes under /api/v1/partner/webhooks).
  webhooks: [],
}

/** Whether any of the token's scopes opens the action. */
export function scopeAllows(scopes: readonly string[], action: Action): boolean {
  return scopes.some((s) => (SCOPE_ACTIONS as Record<string, readonly Action[] | undefined>)[s]?.includes(action) ?? false)
}

/** Parses an OAuth `scope` parameter (space-separated); unknown scopes are returned apart. */
export function parseScopes(raw: string | undefined): { scopes: ApiScope[]; unknown: string[] } {
  const words = (raw ?? '').split(' ').filter(Boolean)
  const known = new Set<string>(API_SCOPES)
  return {
    scopes: [...new Set(words.filter((w) => known.has(w)))] as ApiScope[],
    unknown: words.filter((w) => !known.has(w)),
  }
}
