import type { FirmPurpose } from './firm-access/firm-access.api.ts'
import type { ApiScope } from './partner-api/scopes.ts'

/**
 * The permission map: which role may perform which action. The server enforces it on every
 * route (each route names its action); the client reads it to hide what the server would refuse.
 */
export const ROLES = [
  'digital_leader',
  'digital_coordinator',
  'digital_promoter',
  'mentor',
  'partner_user',
  'firm_user',
  'regional_coordinator',
  'national_coordinator',
  'platform_admin',
] as const
export type Role = (typeof ROLES)[number]

/** Where a role is held: in one chamber, in one region, or across the whole network. */
export const ROLE_SCOPE: Record<Role, 'chamber' | 'region' | 'national'> = {
  digital_leader: 'chamber',
  digital_coordinator: 'chamber',
  digital_promoter: 'chamber',
  mentor: 'chamber',
  partner_user: 'chamber',
  firm_user: 'chamber',
  regional_coordinator: 'region',
  national_coordinator: 'national',
  platform_admin: 'national',
}

/** Roles a digital leader may hand out inside the chamber. */
export const CHAMBER_ROLES = ROLES.filter((r) => ROLE_SCOPE[r] === 'chamber')

export const ACTIONS = [
  // network reference data and chambers
  'network.read',
  'chamber.read',
  'chamber.manage',
  // staff administration
  'users.read',
  'users.manage',
  // operations
  'audit.read',
  'mail.read',
  // CRM: firms and their people
  'crm.firms.read',
  // a firm's timeline and stage history, the chamber's activity feed: people's touches and notes
  'crm.timeline.read',
  'crm.firms.write',
  'crm.firms.import',
  'crm.firms.export',
  'crm.firms.merge',
  'crm.contacts.read',
  'crm.contacts.write',
  'crm.privacy',
  'crm.stage.write',
  // CRM: outreach
  'crm.segments.read',
  'crm.segments.write',
  'crm.campaigns.read',
  'crm.campaigns.write',
  'crm.campaigns.outcome',
  // mailings to a segment's consenting people: promoters read them and their figures; coordinators and leaders write and send
  'crm.mailings.read',
  'crm.mailings.send',
  // CRM: partners and referrals
  'crm.partners.read',
  'crm.partners.manage',
  'crm.referrals.read',
  'crm.referrals.write',
  'crm.referrals.respond',
  // CRM: monitoring of the network
  'crm.monitoring.read',
  // staff take and close the firms' requests for help (the firm's home)
  'crm.help_requests',
  // Firm access: personal links that let a firm fill its own forms (assessment, vouchers)
  'firm_access.manage',
  // Assessment: digital-maturity self-assessments, expert review, analytics
  'assessment.read',
  'assessment.review',
  'assessment.questionnaires.manage',
  'assessment.catalogue.manage',
  'assessment.analytics.read',
  // budget: plans, execution, reallocations (the leader approves), programmes (platform set-up)
  'budget.read',
  'budget.write',
  'budget.spend',
  'budget.approve',
  'budget.programmes.manage',
  // vouchers: calls (bandi), applications, evaluation; firms apply through their firm session
  'vouchers.read',
  // whole applications (referent, declarations, documents, reports): staff, and partners for their firms
  'vouchers.applications.read',
  'vouchers.calls.manage',
  'vouchers.evaluate',
  // the figures of a whole call's evaluation: staff and the regional and national roles, not partners
  'vouchers.evaluation.read',
  'vouchers.apply',
  // payment orders (liquidazione) spend the budget: the digital leader signs them
  'vouchers.pay',
  // experience centre: events (registrations are personal data), the door's check-in, figures
  // (attendance and survey, also across chambers), the media library and the demo area
  'experience.read',
  'experience.events.manage',
  'experience.checkin',
  'experience.figures.read',
  'experience.media.manage',
  'experience.demo.manage',
  // mentoring: staff read requests, pairs and sessions (never the confidential notes) and match;
  // mentors' records are read by staff and the national structure, which selects them with the
  // chambers and keeps the code of conduct; confidential notes are the coordinator's; the mentor
  // role works in its own area (its mentees, sessions, expenses), found by its user id
  'mentoring.read',
  'mentoring.mentors.read',
  'mentoring.mentors.manage',
  'mentoring.code.manage',
  'mentoring.match',
  'mentoring.notes.read',
  'mentoring.expenses.approve',
  'mentoring.figures.read',
  'mentoring.mentor',
  // partner API: staff see partners' API clients, their usage and webhook deliveries; the chamber's
  // leader and coordinators create, rotate and revoke clients and replay deliveries
  'partner_api.read',
  'partner_api.manage',
  // a partner (user or API client) registers the firms it assists to the chamber's events
  'experience.events.register',
  // Network monitoring: the figures, funnel and targets of a chamber, a region, the nation; the leader sets the chamber's targets
  'monitoring.read',
  'monitoring.targets.write',
] as const
export type Action = (typeof ACTIONS)[number]

const STAFF_READ: Action[] = ['network.read', 'chamber.read']

/** What a promoter does: reach out, log every touch, move firms along the path. */
const CRM_OUTREACH: Action[] = [
  'crm.firms.read', 'crm.timeline.read', 'crm.firms.write', 'crm.contacts.read', 'crm.contacts.write', 'crm.stage.write',
  'crm.segments.read', 'crm.campaigns.read', 'crm.campaigns.outcome', 'crm.mailings.read', 'crm.partners.read',
  'crm.referrals.read', 'crm.referrals.write', 'crm.monitoring.read', 'crm.help_requests',
]
/** What a coordinator adds: bulk data, segments and campaigns, duplicates. */
const CRM_COORDINATION: Action[] = [
  ...CRM_OUTREACH, 'crm.firms.import', 'crm.firms.export', 'crm.firms.merge', 'crm.segments.write',
  'crm.campaigns.write', 'crm.mailings.send',
]
/** Read-only monitoring across chambers: figures and firms' register data, never people's personal data (no timelines). */
const CRM_MONITORING: Action[] = [
  'crm.firms.read', 'crm.segments.read', 'crm.campaigns.read', 'crm.partners.read', 'crm.referrals.read',
  'crm.monitoring.read', 'crm.firms.export',
]

/** Assessment: promoters read and send links; coordinators also review and configure. */
const ASSESSMENT_OUTREACH: Action[] = ['firm_access.manage', 'assessment.read', 'assessment.analytics.read']
const ASSESSMENT_COORDINATION: Action[] = [...ASSESSMENT_OUTREACH, 'assessment.review',
  'assessment.questionnaires.manage', 'assessment.catalogue.manage']
/** Read-only across chambers: results and analytics, never a write. */
const ASSESSMENT_MONITORING: Action[] = ['assessment.read', 'assessment.analytics.read']
/** The coordinator keeps the plan (drivers, lines, execution) and proposes reallocations; the leader approves. */
const BUDGET_KEEPING: Action[] = ['budget.read', 'budget.write', 'budget.spend']
/** Calls are written and applications evaluated by the chamber's leader and coordinators. */
/** The PID's staff run the experience centre: events, the door, the library, the demo area. */
const EXPERIENCE_STAFF: Action[] = ['experience.read', 'experience.events.manage', 'experience.checkin', 'experience.figures.read',
  'experience.media.manage', 'experience.demo.manage']
/** The PID's staff run mentoring: requests, matches, matchmaking days; coordinators also select mentors and approve expenses. */
const MENTORING_OUTREACH: Action[] = ['mentoring.read', 'mentoring.mentors.read', 'mentoring.match', 'mentoring.figures.read']
const MENTORING_COORDINATION: Action[] = [...MENTORING_OUTREACH, 'mentoring.mentors.manage', 'mentoring.expenses.approve']
/** Partners' API clients: who may see them and who may create, rotate and revoke them. */
const PARTNER_API_MANAGEMENT: Action[] = ['partner_api.read', 'partner_api.manage']
const VOUCHER_MANAGEMENT: Action[] = ['vouchers.read', 'vouchers.applications.read', 'vouchers.evaluation.read', 'vouchers.calls.manage', 'vouchers.evaluate']

export const PERMISSIONS: Record<Role, readonly Action[]> = {
  digital_leader: [...STAFF_READ, 'users.read', 'users.manage', 'audit.read', 'mail.read', 'monitoring.read', 'monitoring.targets.write',
    ...CRM_COORDINATION, 'crm.privacy', 'crm.partners.manage', ...ASSESSMENT_COORDINATION, ...BUDGET_KEEPING, 'budget.approve', ...VOUCHER_MANAGEMENT, 'vouchers.pay',
    ...EXPERIENCE_STAFF, ...MENTORING_COORDINATION, ...PARTNER_API_MANAGEMENT],
  digital_coordinator: [...STAFF_READ, 'users.read', 'mail.read', 'monitoring.read', ...CRM_COORDINATION, ...ASSESSMENT_COORDINATION, ...BUDGET_KEEPING,
    ...VOUCHER_MANAGEMENT, ...EXPERIENCE_STAFF, ...MENTORING_COORDINATION, 'mentoring.notes.read', ...PARTNER_API_MANAGEMENT],
  digital_promoter: [...STAFF_READ, 'monitoring.read', ...CRM_OUTREACH, ...ASSESSMENT_OUTREACH, 'vouchers.read', 'vouchers.applications.read', 'vouchers.evaluation.read',
    ...EXPERIENCE_STAFF, ...MENTORING_OUTREACH, 'partner_api.read'],
  mentor: ['network.read', 'mentoring.mentor'],
  // Partners see only the firms they are related to (registered, referred, consent): the CRM
  // narrows every query for them; here they get the actions, there the rows.
  partner_user: ['network.read', 'crm.firms.read', 'crm.timeline.read', 'crm.firms.write', 'crm.contacts.read', 'crm.partners.read',
    'crm.referrals.read', 'crm.referrals.respond', 'firm_access.manage', 'assessment.read', 'vouchers.read', 'vouchers.applications.read', 'vouchers.apply',
    'experience.events.register'],
  firm_user: [],
  regional_coordinator: [...STAFF_READ, 'monitoring.read', ...CRM_MONITORING, ...ASSESSMENT_MONITORING, 'budget.read', 'vouchers.read', 'vouchers.evaluation.read',
    'experience.figures.read', 'mentoring.figures.read'],
  // The national structure selects mentors with the chambers and keeps the code of conduct.
  national_coordinator: [...STAFF_READ, 'monitoring.read', ...CRM_MONITORING, ...ASSESSMENT_MONITORING, 'budget.read', 'vouchers.read', 'vouchers.evaluation.read',
    'experience.figures.read', 'mentoring.figures.read', 'mentoring.mentors.read', 'mentoring.mentors.manage', 'mentoring.code.manage'],
  platform_admin: [...STAFF_READ, 'chamber.manage', 'users.read', 'users.manage', 'audit.read', 'mail.read',
    'crm.partners.read', 'crm.partners.manage', 'budget.programmes.manage', ...PARTNER_API_MANAGEMENT],
}

/**
 * How a route is guarded. `public`: anyone. `authenticated`: any signed-in user (their own data).
 * `{ action, scope: 'global' }`: a role granting the action anywhere. `{ action, scope: 'chamber' }`:
 * a role granting the action that reaches the chamber named by the route's `chamberId` parameter.
 * `{ action, scope: 'region' }`: a regional or national role granting the action, for the region
 * named by the route's `regionCode` parameter (roll-ups). `{ action, scope: 'network' }`: a
 * national role granting the action (it reaches every chamber).
 */
export type RouteGuard =
  | 'public'
  | 'authenticated'
  | { action: Action; scope: 'global' | 'chamber' | 'region' | 'network' }
  /** A firm's own page: a firm session (from a personal link) granting this purpose ('any': any purpose); staff tokens are refused. */
  | { firm: FirmPurpose | 'any' }
  /** A partner API client's own resources: a client token with this scope ('any': any scope); people's tokens are refused. */
  | { apiClient: ApiScope | 'any' }

/**
 * A role as carried in the access token: `chambers` lists every chamber id the assignment reaches
 * (the chamber itself and the chambers merged into it; for a regional role, the region's chambers);
 * it is absent for national roles, which reach every chamber.
 */
export interface Grant {
  role: Role
  chambers?: number[]
  /** For a regional role: the ISTAT code of its region. */
  region?: string
}

export function roleAllows(role: Role, action: Action): boolean {
  return PERMISSIONS[role].includes(action)
}

/** Whether the grants allow `action`, anywhere or (with `chamberId`) in that chamber. */
export function can(grants: readonly Grant[], action: Action, chamberId?: number): boolean {
  return grants.some(
    (g) =>
      roleAllows(g.role, action) &&
      (chamberId === undefined || g.chambers === undefined || g.chambers.includes(chamberId)),
  )
}

/** Whether a national grant allows `action` across the whole network. */
export function canAcrossNetwork(grants: readonly Grant[], action: Action): boolean {
  return grants.some((g) => g.chambers === undefined && roleAllows(g.role, action))
}

/** Whether a regional grant of that region, or a national one, allows `action` for the region's roll-up. */
export function canInRegion(grants: readonly Grant[], action: Action, regionCode: string): boolean {
  return grants.some((g) => roleAllows(g.role, action) && (g.chambers === undefined || g.region === regionCode))
}
