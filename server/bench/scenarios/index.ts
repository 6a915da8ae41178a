import type { AnyScenario } from '../types.ts'
import { readOneById } from './read-one-by-id.ts'
import { crmImport } from './crm-import.ts'
import { crmSearch } from './crm-search.ts'
import { crmList } from './crm-list.ts'
import { assessmentRegionLevels, assessmentReport } from './assessment.ts'
import { vouchersClickDay, vouchersClickDayCrash } from './vouchers.ts'
import { eventsRegistrationRush } from './events.ts'
import { mediaSearch } from './media-search.ts'
import { partnerReadFirm } from './partner-read-firm.ts'
import { publicStart } from './public-start.ts'

/** Every scenario `pnpm bench` runs, in order. A module adds its own file here and lists it. */
export const scenarios: AnyScenario[] = [
  readOneById,
  // crm-import loads the firms the two after it query (each loads them itself when run alone).
  crmImport,
  crmSearch,
  crmList,
  assessmentReport,
  assessmentRegionLevels,
  // Click day: builds its own firms (no register needed); the crash run reuses the first's drafts.
  vouchersClickDay,
  vouchersClickDayCrash,
  eventsRegistrationRush,
  mediaSearch,
  partnerReadFirm,
  publicStart,
]
