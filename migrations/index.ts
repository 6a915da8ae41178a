import type { Migration } from 'kysely'
import * as m0001 from './0001_foundation.ts'
import * as m0002 from './0002_crm.ts'
import * as m0003 from './0003_firms.ts'
import * as m0004 from './0004_imports.ts'
import * as m0005 from './0005_outreach_monitoring.ts'
import * as m0006 from './0006_partners.ts'
import * as m0007 from './0007_firm_name_words.ts'
import * as m0008 from './0008_firm_access.ts'
import * as m0008a from './0008a_assessment.ts'
import * as m0009 from './0009_budget.ts'
import * as m0011 from './0011_crm_followups.ts'
import * as m0012 from './0012_duplicate_candidates.ts'
import * as m0013 from './0013_firm_search_list_indexes.ts'
import * as m0014 from './0014_import_file_parts.ts'
import * as m0015 from './0015_firm_reference_checks.ts'
import * as m0016 from './0016_firm_name_words_index.ts'
import * as m0020 from './0020_vouchers.ts'
import * as m0030 from './0030_voucher_evaluation.ts'
import * as m0031 from './0031_voucher_file_metadata.ts'
import * as m0032 from './0032_drop_job_table.ts'
import * as m0033 from './0033_firm_user_accounts.ts'
import * as m0034 from './0034_eligibility_message_codes.ts'
import * as m0035 from './0035_status_reason_codes.ts'
import * as m0036 from './0036_experience_events.ts'
import * as m0037 from './0037_experience_media.ts'
import * as m0038 from './0038_experience_demo.ts'
import * as m0039 from './0039_experience_door.ts'
import * as m0040 from './0040_mail_attachments.ts'
import * as m0041 from './0041_mentoring_mentors.ts'
import * as m0042 from './0042_mentoring_matching.ts'
import * as m0043 from './0043_mentoring_engagement.ts'
import * as m0044 from './0044_mentoring_expenses.ts'
import * as m0045 from './0045_idempotency.ts'
import * as m0046 from './0046_partner_api.ts'
import * as m0047 from './0047_event_partner_registrations.ts'
import * as m0048 from './0048_public_self_assessment.ts'
import * as m0049 from './0049_crm_mailings.ts'
import * as m0050 from './0050_help_requests.ts'
import * as m0051 from './0051_monitoring.ts'

/** Every migration, in order. Add new ones at the end; never edit one that has landed. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_crm': m0002,
  '0003_firms': m0003,
  '0004_imports': m0004,
  '0005_outreach_monitoring': m0005,
  '0006_partners': m0006,
  '0007_firm_name_words': m0007,
  '0008_firm_access': m0008,
  '0008a_assessment': m0008a,
  '0009_budget': m0009,
  '0011_crm_followups': m0011,
  '0012_duplicate_candidates': m0012,
  '0013_firm_search_list_indexes': m0013,
  '0014_import_file_parts': m0014,
  '0015_firm_reference_checks': m0015,
  '0016_firm_name_words_index': m0016,
  '0020_vouchers': m0020,
  '0030_voucher_evaluation': m0030,
  '0031_voucher_file_metadata': m0031,
  '0032_drop_job_table': m0032,
  '0033_firm_user_accounts': m0033,
  '0034_eligibility_message_codes': m0034,
  '0035_status_reason_codes': m0035,
  '0036_experience_events': m0036,
  '0037_experience_media': m0037,
  '0038_experience_demo': m0038,
  '0039_experience_door': m0039,
  '0040_mail_attachments': m0040,
  '0041_mentoring_mentors': m0041,
  '0042_mentoring_matching': m0042,
  '0043_mentoring_engagement': m0043,
  '0044_mentoring_expenses': m0044,
  '0045_idempotency': m0045,
  '0046_partner_api': m0046,
  '0047_event_partner_registrations': m0047,
  '0048_public_self_assessment': m0048,
  '0049_crm_mailings': m0049,
  '0050_help_requests': m0050,
  '0051_monitoring': m0051,
}
