import {
  computeGrant, type ApplicationContact, type ApplicationDocument, type ApplicationListItem, type ApplicationStatus, type Declarations,
  type DeMinimisResult, type DocumentMediaType, type EligibilityCheck, type Expense, type GrantResult, type GrantRule, type LocalText,
  type VoucherApplication,
} from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import { notFound } from '../../core/errors.ts'

/** How applications are read back and shown: one query for many (with their call, filer and documents). */
export const protocolOf = (callCode: string, n: number | null) => (n === null ? null : `${callCode}/${String(n).padStart(6, '0')}`)

const columns = ['a.id', 'a.call_id', 'a.chamber_id', 'a.firm_id', 'a.firm_name', 'a.firm_tax_code', 'a.status', 'a.expenses', 'a.declarations',
  'a.contact', 'a.filed_by', 'a.partner_id', 'a.created_by', 'a.protocol_number', 'a.submitted_at', 'a.grant_figures', 'a.eligibility',
  'a.de_minimis', 'a.requested_cents', 'a.held_cents', 'a.granted_cents', 'a.quota_code', 'a.status_reason', 'a.withdrawn_at',
  'a.created_at', 'a.updated_at', 'v.code as call_code', 'v.title as call_title', 'v.allocation', 'v.grant_rule',
  'p.name as partner_name', 'u.name as user_name'] as const

function query(db: DbOrTx) {
  return db.selectFrom('voucher_application as a').innerJoin('voucher_call as v', 'v.id', 'a.call_id')
    .leftJoin('partner as p', 'p.id', 'a.partner_id').leftJoin('app_user as u', 'u.id', 'a.created_by')
    .select(columns)
}
type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>

export async function documentsOf(db: DbOrTx, applicationIds: readonly number[]): Promise<Map<number, ApplicationDocument[]>> {
  const out = new Map<number, ApplicationDocument[]>()
  if (applicationIds.length === 0) return out
  const rows = await db.selectFrom('voucher_document as d').innerJoin('stored_file as f', 'f.id', 'd.file_id')
    .select(['d.id', 'd.application_id', 'd.doc_type', 'f.file_name', 'f.media_type', 'f.size_bytes', 'f.sha256', 'd.uploaded_at'])
    .where('d.application_id', 'in', [...applicationIds]).orderBy('d.id').execute()
  for (const r of rows) {
    const list = out.get(r.application_id) ?? []
    list.push({ id: r.id, type: r.doc_type, fileName: r.file_name, mediaType: r.media_type as DocumentMediaType, sizeBytes: r.size_bytes,
      sha256: r.sha256, uploadedAt: r.uploaded_at.toISOString() })
    out.set(r.application_id, list)
  }
  return out
}

function toApplication(r: Row, documents: ApplicationDocument[]): VoucherApplication {
  const expenses = r.expenses as Expense[]
  const declarations = r.declarations as Declarations
  // A draft shows the live preview of the call's rule; a submitted application what was computed then.
  const grant = (r.grant_figures as GrantResult | null) ?? computeGrant(r.grant_rule as GrantRule, expenses, declarations)
  return {
    id: r.id, call: { id: r.call_id, code: r.call_code, title: r.call_title as LocalText, allocation: r.allocation }, chamberId: r.chamber_id,
    firm: { id: r.firm_id, name: r.firm_name, taxCode: r.firm_tax_code }, status: r.status as ApplicationStatus,
    protocol: protocolOf(r.call_code, r.protocol_number), protocolNumber: r.protocol_number, submittedAt: r.submitted_at?.toISOString() ?? null,
    expenses, declarations, contact: (r.contact as ApplicationContact | null) ?? null, grant, requestedCents: r.requested_cents,
    heldCents: r.held_cents, grantedCents: r.granted_cents, quotaCode: r.quota_code, deMinimis: (r.de_minimis as DeMinimisResult | null) ?? null,
    eligibility: (r.eligibility as { eligible: boolean; checks: EligibilityCheck[] } | null) ?? null, documents,
    filedBy: {
      kind: r.filed_by, partner: r.partner_id !== null ? { id: r.partner_id, name: r.partner_name ?? '' } : null,
      user: r.created_by !== null ? { id: r.created_by, name: r.user_name ?? '' } : null,
    },
    statusReason: r.status_reason, withdrawnAt: r.withdrawn_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }
}

/** Several applications as the API shows them, keyed by id. */
export async function loadApplications(db: DbOrTx, ids: readonly number[]): Promise<Map<number, VoucherApplication>> {
  if (ids.length === 0) return new Map()
  const [rows, docs] = await Promise.all([query(db).where('a.id', 'in', [...ids]).execute(), documentsOf(db, ids)])
  return new Map(rows.map((r) => [r.id, toApplication(r, docs.get(r.id) ?? [])]))
}

export async function applicationView(db: DbOrTx, id: number): Promise<VoucherApplication> {
  const app = (await loadApplications(db, [id])).get(id)
  if (!app) throw notFound('application')
  return app
}

export function toListItem(r: { id: number; call_id: number; call_code: string; protocol_number: number | null; firm_id: number; firm_name: string;
  status: string; requested_cents: number | null; held_cents: number; quota_code: string | null; submitted_at: Date | null; updated_at: Date }): ApplicationListItem {
  return {
    id: r.id, callId: r.call_id, protocol: protocolOf(r.call_code, r.protocol_number), protocolNumber: r.protocol_number,
    firm: { id: r.firm_id, name: r.firm_name }, status: r.status as ApplicationStatus, requestedCents: r.requested_cents, heldCents: r.held_cents,
    quotaCode: r.quota_code, submittedAt: r.submitted_at?.toISOString() ?? null, updatedAt: r.updated_at.toISOString(),
  }
}

export const listColumns = ['a.id', 'a.call_id', 'v.code as call_code', 'a.protocol_number', 'a.firm_id', 'a.firm_name', 'a.status', 'a.requested_cents',
  'a.held_cents', 'a.quota_code', 'a.submitted_at', 'a.updated_at'] as const
