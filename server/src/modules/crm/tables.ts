import type { ColumnType, Generated } from 'kysely'
import type { Defaulted, Json, NullableDate, NullableTimestamp, TextArray, Timestamp } from '../../db/column-types.ts'

/** The CRM's tables (migrations 0002, 0006, 0007, 0012, 0014): firms, people, timeline, outreach, partners, imports. */
export interface AtecoTable {
  code: string
  level: string
  parent_code: string | null
  section: string
  title_it: string
  title_en: string
}

export interface PartnerTable {
  id: Generated<number>
  name: string
  kind: string
  tax_code: string | null
  website: string | null
  email: string | null
  competences: TextArray
  created_at: Timestamp
  updated_at: Timestamp
}

export interface FirmTable {
  id: Generated<number>
  chamber_id: number
  name: string
  /** Generated: pid_unaccent(lower(name)). */
  name_folded: ColumnType<string, never, never>
  tax_code: string
  vat_number: string | null
  rea_province: string | null
  rea_number: number | null
  legal_form: Defaulted<string>
  ateco_code: string | null
  ateco_section: string | null
  secondary_ateco_codes: TextArray
  employees: number | null
  turnover_cents: number | null
  balance_sheet_cents: number | null
  size_class: string | null
  founded_on: NullableDate
  address: string | null
  postal_code: string | null
  municipality_code: string | null
  province_code: string
  pec: string | null
  website: string | null
  email: string | null
  phone: string | null
  status: Defaulted<string>
  stage: Defaulted<number>
  stage_changed_at: NullableTimestamp
  assigned_to: number | null
  tags: TextArray
  last_touch_at: NullableTimestamp
  maturity_level: number | null
  registered_by_partner_id: number | null
  merged_into_id: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ContactTable {
  id: Generated<number>
  firm_id: number
  first_name: string | null
  last_name: string | null
  job_title: string | null
  email: string | null
  phone: string | null
  preferred_language: Defaulted<string>
  last_activity_at: Timestamp
  erased_at: NullableTimestamp
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ConsentTable {
  id: Generated<number>
  contact_id: number
  purpose: string
  granted_at: Timestamp
  source: string
  text_version: string
  withdrawn_at: NullableTimestamp
  recorded_by: number | null
}

export interface FirmPartnerConsentTable {
  firm_id: number
  partner_id: number
  granted_at: Timestamp
  source: string
  withdrawn_at: NullableTimestamp
}

export interface TimelineEventTable {
  id: Generated<number>
  firm_id: number
  chamber_id: number
  type: string
  occurred_at: Timestamp
  summary: string
  details: ColumnType<Record<string, unknown>, string | undefined, string>
  contact_id: number | null
  author_id: number | null
  partner_id: number | null
  source_module: Defaulted<string>
  created_at: Timestamp
}

export interface StageChangeTable {
  id: Generated<number>
  firm_id: number
  from_stage: number
  to_stage: number
  automatic: boolean
  reason: string
  event_id: number | null
  changed_by: number | null
  changed_at: Timestamp
}

export interface SegmentTable {
  id: Generated<number>
  chamber_id: number
  name: string
  description: string | null
  filter: Json<Record<string, unknown>>
  created_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface CampaignTable {
  id: Generated<number>
  chamber_id: number
  segment_id: number | null
  name: string
  goal: string
  status: Defaulted<string>
  starts_on: string
  ends_on: NullableDate
  created_by: number | null
  created_at: Timestamp
}

export interface CampaignFirmTable {
  campaign_id: number
  firm_id: number
  promoter_id: number | null
  outcome: Defaulted<string>
  outcome_note: string | null
  outcome_at: NullableTimestamp
  outcome_by: number | null
}

export interface PartnerAgreementTable {
  id: Generated<number>
  partner_id: number
  chamber_id: number
  title: string
  signed_on: string
  valid_from: string
  valid_to: NullableDate
  notes: string | null
  created_by: number | null
  created_at: Timestamp
}

export interface PartnerMemberTable {
  user_id: number
  partner_id: number
}

export interface ReferralTable {
  id: Generated<number>
  firm_id: number
  chamber_id: number
  partner_id: number
  need: string
  status: Defaulted<string>
  due_on: string
  feedback: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>
  created_by: number | null
  created_at: Timestamp
  responded_at: NullableTimestamp
  completed_at: NullableTimestamp
  updated_at: Timestamp
  /** When the daily job last reminded partner and referrer that the referral is overdue. */
  reminded_at: NullableTimestamp
}

export interface ImportRunTable {
  id: Generated<number>
  chamber_id: number
  file_name: string
  status: Defaulted<string>
  total_rows: number | null
  processed_rows: Generated<number>
  inserted: Generated<number>
  updated: Generated<number>
  unchanged: Generated<number>
  error_rows: Generated<number>
  failure: string | null
  created_by: number | null
  created_at: Timestamp
  started_at: NullableTimestamp
  finished_at: NullableTimestamp
}

export interface ImportFileTable {
  import_id: number
  /** Parts of at most 4 MB, in order (migration 0014). */
  part: Defaulted<number>
  content: Buffer
}

export interface ImportErrorTable {
  import_id: number
  row_number: number
  column_name: string | null
  message: string
}

export interface CrmSettingsTable {
  chamber_id: number
  contact_retention_months: Defaulted<number>
  updated_at: Timestamp
}

/** Maintained by triggers (migration 0007): the words of firm names, for typo correction. */
export interface FirmNameWordTable {
  word: string
}

/** Migration 0012: the background duplicate scan per chamber, its pairs, and pairs declared distinct. */
export interface DuplicateScanTable {
  chamber_id: number
  requested_at: NullableTimestamp
  started_at: NullableTimestamp
  finished_at: NullableTimestamp
  pairs: number | null
}
export interface DuplicateCandidateTable {
  chamber_id: number
  a_id: number
  b_id: number
  reason: 'same_vat' | 'similar_name'
  score: number
}
export interface DuplicateDismissalTable {
  a_id: number
  b_id: number
  dismissed_by: number | null
  dismissed_at: Timestamp
}

/** Each step of a referral's life (migration 0006). */
export interface ReferralStepTable {
  id: Generated<number>
  referral_id: number
  from_status: string | null
  to_status: string
  note: string | null
  actor_id: number | null
  at: Timestamp
}

/** The tables the CRM owns (partners and referrals are part of it). */
/** Mailings to a segment's consenting people (migration 0049). */
export interface MailingTable {
  id: Generated<number>
  chamber_id: number
  segment_id: number
  purpose: string
  subject: string
  body: string
  links: Json<string[]>
  status: Defaulted<string>
  send_at: NullableTimestamp
  started_at: NullableTimestamp
  finished_at: NullableTimestamp
  created_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface MailingRecipientTable {
  id: Generated<number>
  mailing_id: number
  contact_id: number
  firm_id: number
  email: string | null
  status: Defaulted<string>
  tracked: Defaulted<boolean>
  token_hash: Buffer | null
  message_id: string | null
  attempts: Defaulted<number>
  error: string | null
  sent_at: NullableTimestamp
  delivered_at: NullableTimestamp
  bounced_at: NullableTimestamp
  complained_at: NullableTimestamp
  unsubscribed_at: NullableTimestamp
  opened_at: NullableTimestamp
  clicked_at: NullableTimestamp
}

export interface MailingSuppressionTable {
  email: string
  reason: string
  recipient_id: number | null
  created_at: Timestamp
}

export interface CrmTables {
  duplicate_scan: DuplicateScanTable
  duplicate_candidate: DuplicateCandidateTable
  duplicate_dismissal: DuplicateDismissalTable
  firm_name_word: FirmNameWordTable
  ateco: AtecoTable
  partner: PartnerTable
  firm: FirmTable
  contact: ContactTable
  consent: ConsentTable
  firm_partner_consent: FirmPartnerConsentTable
  timeline_event: TimelineEventTable
  stage_change: StageChangeTable
  segment: SegmentTable
  campaign: CampaignTable
  campaign_firm: CampaignFirmTable
  mailing: MailingTable
  mailing_recipient: MailingRecipientTable
  mailing_suppression: MailingSuppressionTable
  partner_agreement: PartnerAgreementTable
  partner_member: PartnerMemberTable
  referral: ReferralTable
  referral_step: ReferralStepTable
  import_run: ImportRunTable
  import_file: ImportFileTable
  import_error: ImportErrorTable
  crm_settings: CrmSettingsTable
  help_request: HelpRequestTable
}

/** A firm's request for help from the PID (migration 0050): from its home or its assessment report. */
export interface HelpRequestTable {
  id: Generated<number>
  chamber_id: number
  firm_id: number
  topic: string
  message: string
  channel: string
  email: string | null
  phone: string | null
  origin: Defaulted<string>
  assessment_id: number | null
  status: Defaulted<string>
  link_id: number | null
  account_user_id: number | null
  taken_by: number | null
  taken_at: NullableTimestamp
  closed_by: number | null
  closed_at: NullableTimestamp
  outcome: string | null
  created_at: Timestamp
}
