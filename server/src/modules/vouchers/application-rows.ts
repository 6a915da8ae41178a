import {
  computeGrant, type ApplicationContact, type ApplicationDocument, type ApplicationListItem, type ApplicationStatus, type Declarations,
  type DeMinimisResult, type DocumentMediaType, type EligibilityCheck, type Expense, type GrantResult, type GrantRule, type LocalText,
  type StatusReasonDetail, type VoucherApplication,
} from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import { notFound } from '../../core/errors.ts'
import type { Storage } from '../../core/storage.ts'
import type { CrmService } from '../crm/index.ts'

/** Who answers for what an application shows but vouchers do not own: partners' names, files' descriptions. */
export interface RowSources {
  crm: Pick<CrmService, 'partnerNames'>
  storage: Pick<Storage, 'infos'>
}

/** How applications are read back and shown: one query for many (with their call, filer and documents). */
export const protocolOf = (callCode: string, n: number | null) => (n === null ? null : `${callCode}/${String(n).padStart(6, '0')}`)

const columns = ['a.id', 'a.call_id', 'a.chamber_id', 'a.firm_id', 'a.firm_name', 'a.firm_tax_code', 'a.status', 'a.expenses', 'a.declarations',
  'a.contact', 'a.filed_by', 'a.partner_id', 'a.created_by', 'a.protocol_number', 'a.submitted_at', 'a.grant_figures', 'a.eligibility',
  'a.de_minimis', 'a.requested_cents', 'a.held_cents', 'a.granted_cents', 'a.quota_code', 'a.status_reason', 'a.status_reason_detail', 'a.withdrawn_at',
  'a.created_at', 'a.updated_at', 'v.code as call_code', 'v.title as call_title', 'v.allocation', 'v.grant_rule',
  'u.name as user_name'] as const

function query(db: DbOrTx) {
  return db.selectFrom('voucher_application as a').innerJoin('voucher_call as v', 'v.id', 'a.call_id')
    .leftJoin('app_user as u', 'u.id', 'a.created_by')
    .select(columns)
}
type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>

export async function documentsOf(db: DbOrTx, storage: RowSources['storage'], applicationIds: readonly number[]): Promise<Map<number, ApplicationDocument[]>> {
  const out = new Map<number, ApplicationDocument[]>()
  if (applicationIds.length === 0) return out
  const rows = await db.selectFrom('voucher_document as d').select(['d.id', 'd.application_id', 'd.doc_type', 'd.file_id', 'd.uploaded_at'])
    .where('d.application_id', 'in', [...applicationIds]).orderBy('d.id').execute()
  const files = await storage.infos(db, rows.map((r) => r.file_id))
  for (const r of rows) {
    const list = out.get(r.application_id) ?? []
    const f = files.get(r.file_id)!
    list.push({ id: r.id, type: r.doc_type, fileName: f.fileName, mediaType: f.mediaType as DocumentMediaType, sizeBytes: f.sizeBytes,
      sha256: f.sha256, uploadedAt: r.uploaded_at.toISOString() })
    out.set(r.application_id, list)
  }
  return out
}

function toApplication(r: Row, partnerName: string | undefined, documents: ApplicationDocument[]): VoucherApplication {
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
      kind: r.filed_by, partner: r.partner_id !== null ? { id: r.partner_id, name: partnerName ?? '' } : null,
      user: r.created_by !== null ? { id: r.created_by, name: r.user_name ?? '' } : null,
    },
    statusReason: r.status_reason, statusReasonDetail: r.status_reason_detail as StatusReasonDetail | null, withdrawnAt: r.withdrawn_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }
}

/** Several applications as the API shows them, keyed by id. */
export async function loadApplications(db: DbOrTx, sources: RowSources, ids: readonly number[]): Promise<Map<number, VoucherApplication>> {
  if (ids.length === 0) return new Map()
  const [rows, docs] = await Promise.all([query(db).where('a.id', 'in', [...ids]).execute(), documentsOf(db, sources.storage, ids)])
  const partners = await sources.crm.partnerNames(db, rows.map((r) => r.partner_id))
  return new Map(rows.map((r) => [r.id, toApplication(r, r.partner_id === null ? undefined : partners.get(r.partner_id), docs.get(r.id) ?? [])]))
}

export async function applicationView(db: DbOrTx, sources: RowSources, id: number): Promise<VoucherApplication> {
  const app = (await loadApplications(db, sources, [id])).get(id)
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
