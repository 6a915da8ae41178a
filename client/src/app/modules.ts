import type { ClientModule } from './module'
import { authModule } from '../modules/auth'
import { networkModule } from '../modules/network'
import { usersModule } from '../modules/users'
import { operationsModule } from '../modules/operations'
import { firmAccessModule } from '../modules/firm-access'
import { crmModule } from '../modules/crm'
import { assessmentModule } from '../modules/assessment'
import { budgetModule } from '../modules/budget'
import { monitoringModule } from '../modules/monitoring'
import { vouchersModule } from '../modules/vouchers'
import { experienceCenterModule } from '../modules/experience-center'
import { mentoringModule } from '../modules/mentoring'
import { partnerApiModule } from '../modules/partner-api'

/**
 * Every module of the client, one line each (the same names as server/src/modules). main.ts builds
 * the router (and so the side navigation) and the i18n catalogues from this list: a new module is
 * its folder under modules/ plus one line here. Only main.ts imports this file.
 */
export const modules: readonly ClientModule[] = [
  authModule,
  networkModule,
  usersModule,
  operationsModule,
  firmAccessModule,
  crmModule,
  assessmentModule,
  budgetModule,
  vouchersModule,
  experienceCenterModule,
  mentoringModule,
  partnerApiModule,
  monitoringModule,
]
