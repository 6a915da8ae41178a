import type { CrmDashboard } from '@pid/shared'
import { download, request } from '../../../app/api/http'

export type DashboardScope = { kind: 'chamber'; chamberId: number } | { kind: 'region'; regionCode: string } | { kind: 'network' }

function path(scope: DashboardScope): string {
  if (scope.kind === 'chamber') return `/chambers/${scope.chamberId}/crm/dashboard`
  if (scope.kind === 'region') return `/regions/${scope.regionCode}/crm/dashboard`
  return '/crm/dashboard'
}

export const monitoringApi = {
  dashboard: (scope: DashboardScope, from?: string, to?: string) => request<CrmDashboard>(path(scope), { query: { from, to } }),
  csv: (scope: DashboardScope, from?: string, to?: string) => download(`${path(scope)}.csv`, { from, to }),
}
