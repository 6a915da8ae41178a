import {
  applyDeMinimis, checkEligibility, computeGrant, quotaFor, type ApplicationContact, type Declarations, type DeMinimisResult,
  type EligibilityCheck, type Expense, type GrantResult, type SizeClass,
} from '@pid/shared'
import { fieldProblem, HttpError, type FieldProblem } from '../../core/errors.ts'
import type { FirmProfile } from '../crm/index.ts'
import type { CallState } from './call-state.ts'

/** A draft as the submission reads it (locked). */
export interface DraftRow {
  id: number
  call_id: number
  firm_id: number
  status: string
  protocol_number: number | null
  submitted_at: Date | null
  expenses: unknown
  declarations: unknown
  contact: unknown
}

export interface Accepted {
  grant: GrantResult
  eligibility: { eligible: boolean; checks: EligibilityCheck[] }
  deMinimis: DeMinimisResult
  requestedCents: number
  quotaCode: string | null
  profile: FirmProfile
}

/**
 * Everything a submission must satisfy besides timing and money, decided on facts loaded for the
 * whole batch: complete (contact, expenses reaching the minimum spend, required documents),
 * eligible (register data, declarations, self-assessment), within de minimis. The first failure
 * becomes the request's answer; nothing is written for it.
 */
export function checkSubmission(call: CallState, draft: DraftRow, facts: {
  profile: FirmProfile | undefined
  chamberProvinces: readonly string[]
  assessmentAt: Date | null
  platformAidCents: number
  documentTypes: ReadonlySet<string>
  now: Date
}): Accepted | HttpError {
  const { profile } = facts
  if (!profile) return new HttpError(404, 'not_found', 'the firm is no longer in the register (merged or removed)')
  const expenses = draft.expenses as Expense[]
  const declarations = draft.declarations as Declarations
  const missing: FieldProblem[] = []
  if (!draft.contact || !(draft.contact as ApplicationContact).email) missing.push({ path: '/contact', message: 'who the chamber writes to is required', keyword: 'required' })
  const grant = computeGrant(call.grantRule, expenses, declarations)
  missing.push(...grant.problems.map((p) => ({ path: p.path, message: p.message, code: p.code, ...(p.params ? { params: p.params } : {}) })))
  call.documents.forEach((d) => {
    if (d.required && !facts.documentTypes.has(d.code)) missing.push({ path: `/documents/${d.code}`, message: `${d.label.it}: required document missing`, code: 'document_missing' })
  })
  if (missing.length) return new HttpError(422, 'voucher_incomplete', 'the application is incomplete', missing)

  const eligibility = checkEligibility(call.eligibility, {
    sizeClass: profile.sizeClass as SizeClass | null, provinceCode: profile.provinceCode, chamberProvinces: facts.chamberProvinces,
    status: profile.status, atecoCode: profile.atecoCode, atecoSection: profile.atecoSection, assessmentSubmittedAt: facts.assessmentAt,
  }, declarations, facts.now)
  if (!eligibility.eligible) {
    return new HttpError(422, 'voucher_not_eligible', 'the firm does not meet the requirements of the call',
      eligibility.checks.filter((c) => c.outcome === 'fail').map((c) => ({ path: `/eligibility/${c.code}`, message: c.detail.code, code: c.detail.code, params: c.detail.params })))
  }
  const deMinimis = applyDeMinimis(call.deMinimis, declarations.deMinimisAidCents ?? 0, facts.platformAidCents, grant.grantCents)
  if (deMinimis.outcome === 'refused') {
    return new HttpError(422, 'voucher_de_minimis_exceeded', deMinimis.reason ?? 'de minimis ceiling reached',
      [fieldProblem('/declarations/deMinimisAidCents', 'de_minimis_ceiling', deMinimis.reason ?? 'ceiling reached',
        { ceilingCents: deMinimis.ceilingCents, declaredCents: deMinimis.declaredCents, platformCents: deMinimis.platformCents })])
  }
  const quotaCode = quotaFor(call.quotas, { sizeClass: profile.sizeClass, atecoCode: profile.atecoCode, atecoSection: profile.atecoSection })
  return { grant, eligibility, deMinimis, requestedCents: deMinimis.grantCents, quotaCode, profile }
}

/** Why a draft cannot be submitted now, as the API says it (null: it can). */
export function timingProblem(call: CallState, draft: DraftRow | undefined, protocol: (n: number | null) => string | null, now: Date): HttpError | null {
  if (!draft || draft.call_id !== call.id) return new HttpError(404, 'not_found', 'application not found')
  if (draft.status !== 'draft') {
    return new HttpError(409, 'voucher_application_submitted', `already submitted on ${draft.submitted_at?.toISOString() ?? '?'} with protocol ${protocol(draft.protocol_number)}`,
      undefined, { params: { protocol: protocol(draft.protocol_number) ?? '' } })
  }
  if (call.status === 'draft' || now < call.opensAt || now >= call.closesAt) {
    return new HttpError(409, 'voucher_call_not_open', now < call.opensAt
      ? `the call opens at ${call.opensAt.toISOString()}` : `the call closed at ${call.closesAt.toISOString()}`, undefined,
    { params: call.status === 'draft' ? {} : now < call.opensAt ? { opensAt: call.opensAt.toISOString() } : { closesAt: call.closesAt.toISOString() } })
  }
  return null
}
