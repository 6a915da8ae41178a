import type { FastifyInstance } from 'fastify'
import referenceRoutes from './reference/index.ts'
import firmsRoutes from './firms/index.ts'
import timelineRoutes from './timeline/index.ts'
import outreachRoutes from './outreach/index.ts'
import partnersRoutes from './partners/index.ts'
import importsRoutes from './imports/index.ts'
import monitoringRoutes from './monitoring/index.ts'
import firmHomeRoutes from './firm-home/index.ts'
import { crmFigures } from './monitoring/figures.ts'

/**
 * The CRM module: firms of the register and their people (firms/), reference lookups (reference/),
 * every touch and the awareness stage (timeline/), segments and campaigns (outreach/), partners and
 * referrals (partners/), register imports and duplicates (imports/), network monitoring (monitoring/).
 * Other modules reach it through `app.crm` (CrmService), never through its tables.
 */
export default async function crmModule(app: FastifyInstance) {
  app.figures.register(crmFigures)
  await app.register(referenceRoutes)
  await app.register(firmsRoutes)
  await app.register(timelineRoutes)
  await app.register(outreachRoutes)
  await app.register(partnersRoutes)
  await app.register(importsRoutes)
  await app.register(monitoringRoutes)
  await app.register(firmHomeRoutes)
}

// The CRM's public face: what other modules may import. Everything else in this folder is internal.
export type { CrmService } from './crm.service.ts'
export type { FunnelCell, MonitoringScopeRef, ScopeChamber } from './monitoring/figures.ts'
export type { FirmCard, FirmMergeHandler, FirmProfile, RecordedEvent, TimelineInput } from './crm.types.ts'
export type { ConsentPurpose, Enrolled, Enrolment } from './firms/enrolment.ts'
export { firmAccess, visibleFirm, type FirmAccess, type VisibleFirm } from './access.ts'
