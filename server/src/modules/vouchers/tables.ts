import type { ColumnType, Generated } from 'kysely'
import type { Defaulted, Json, NullableJson, NullableTimestamp, TextArray, Timestamp } from '../../db/column-types.ts'

/** The vouchers' tables (migration 0020_vouchers). Money in integer cents. */
export interface VoucherCallTable {
  id: Generated<number>
  chamber_id: number
  code: string
  title: Json<{ it: string; en?: string }>
  summary: Json<{ it: string; en?: string }>
  body: NullableJson<{ it: string; en?: string }>
  opens_at: Timestamp
  closes_at: Timestamp
  budget_year: number
  budget_category: Defaulted<string>
  allocation: 'fcfs' | 'ranking' | 'pro_rata'
  allow_remainder: Defaulted<boolean>
  reserve_limit: number | null
  grant_rule: Json<object>
  eligibility: Json<object>
  de_minimis: Json<object>
  ranking_criteria: ColumnType<unknown, string | undefined, string>
  documents: ColumnType<unknown, string | undefined, string>
  reporting_deadline: string
  rna_car_code: string | null
  cup: string | null
  status: Defaulted<'draft' | 'published' | 'closed_exhausted'>
  envelope_cents: number
  reserved_cents: Defaulted<number>
  granted_cents: Defaulted<number>
  quota_cents: Defaulted<number>
  quota_used_cents: Defaulted<number>
  reserve_count: Defaulted<number>
  last_protocol: Defaulted<number>
  last_submitted_at: NullableTimestamp
  published_at: NullableTimestamp
  published_by: number | null
  exhausted_at: NullableTimestamp
  quotas_merged_at: NullableTimestamp
  reporting_assessment: Defaulted<boolean>
  paid_cents: Defaulted<number>
  evaluated_at: NullableTimestamp
  evaluated_by: number | null
  closed_out_at: NullableTimestamp
  released_cents: number | null
  created_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface VoucherCallQuotaTable {
  call_id: number
  code: string
  position: number
  label: Json<{ it: string; en?: string }>
  share_pm: number
  size_classes: TextArray
  ateco_prefixes: TextArray
  size_cents: number
  used_cents: Defaulted<number>
  reserve_count: Defaulted<number>
}

export interface VoucherApplicationTable {
  id: Generated<number>
  call_id: number
  chamber_id: number
  firm_id: number
  firm_name: string
  firm_tax_code: string
  status: Defaulted<string>
  expenses: ColumnType<unknown, string | undefined, string>
  declarations: ColumnType<unknown, string | undefined, string>
  contact: NullableJson<unknown>
  filed_by: 'firm' | 'partner'
  partner_id: number | null
  created_by: number | null
  link_id: number | null
  protocol_number: number | null
  submitted_at: NullableTimestamp
  received_at: NullableTimestamp
  submitted_by: number | null
  content_sha256: string | null
  grant_figures: NullableJson<unknown>
  eligibility: NullableJson<unknown>
  de_minimis: NullableJson<unknown>
  requested_cents: number | null
  quota_code: string | null
  held_pool: string | null
  held_cents: Defaulted<number>
  granted_cents: number | null
  status_reason: string | null
  /** A platform reason as { code, params } (status-reason.ts); status_reason holds a person's words. */
  status_reason_detail: NullableJson<unknown>
  withdrawn_at: NullableTimestamp
  decided_at: NullableTimestamp
  cor_code: string | null
  admissible: boolean | null
  score_milli: number | null
  rank_position: number | null
  proposed_cents: number | null
  decided_by: number | null
  paid_cents: number | null
  revoked_at: NullableTimestamp
  created_at: Timestamp
  updated_at: Timestamp
}

export interface VoucherIdempotencyTable {
  scope: string
  key: string
  fingerprint: string
  application_id: number
  status_code: number
  response: Json<object>
  created_at: Timestamp
}

export interface VoucherDocumentTable {
  id: Generated<number>
  application_id: number
  doc_type: string
  /** name, media type, size and SHA-256 are the stored file's */
  file_id: number
  uploaded_by: number | null
  uploaded_at: Timestamp
}

export interface VoucherAdmissibilityTable {
  application_id: number
  admissible: boolean
  checks: Json<{ code: string; outcome: 'pass' | 'fail'; note: string | null }[]>
  notes: string | null
  recorded_by: number | null
  recorded_at: Timestamp
}

export interface VoucherScoreTable {
  application_id: number
  criterion: string
  score: number
  note: string | null
  scored_by: number | null
  scored_at: Timestamp
}

export interface VoucherReportTable {
  application_id: number
  status: Defaulted<'open' | 'submitted' | 'checked'>
  submitted_at: NullableTimestamp
  submitted_by: number | null
  assessment_id: number | null
  assessment_at: NullableTimestamp
  checked_at: NullableTimestamp
  checked_by: number | null
  check_note: string | null
  figures: NullableJson<unknown>
  payable_cents: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface VoucherInvoiceTable {
  id: Generated<number>
  application_id: number
  source: 'fatturapa' | 'manual'
  category: string
  supplier_name: string
  supplier_vat: string | null
  number: string
  issue_date: ColumnType<string, string, string>
  taxable_cents: number
  total_cents: number
  eligible_cents: number | null
  check_note: string | null
  checked_by: number | null
  checked_at: NullableTimestamp
  created_at: Timestamp
}

export interface VoucherReportFileTable {
  id: Generated<number>
  application_id: number
  invoice_id: number
  kind: 'invoice' | 'payment_proof'
  /** name, media type, size and SHA-256 are the stored file's */
  file_id: number
  uploaded_by: number | null
  uploaded_at: Timestamp
}

export interface VoucherPaymentTable {
  application_id: number
  amount_cents: number
  paid_on: ColumnType<string, string, string>
  order_ref: string
  created_by: number | null
  created_at: Timestamp
}

/** The tables the vouchers module owns. */
export interface VouchersTables {
  voucher_call: VoucherCallTable
  voucher_call_quota: VoucherCallQuotaTable
  voucher_application: VoucherApplicationTable
  voucher_idempotency: VoucherIdempotencyTable
  voucher_document: VoucherDocumentTable
  voucher_admissibility: VoucherAdmissibilityTable
  voucher_score: VoucherScoreTable
  voucher_report: VoucherReportTable
  voucher_invoice: VoucherInvoiceTable
  voucher_report_file: VoucherReportFileTable
  voucher_payment: VoucherPaymentTable
}
