import type { ChamberTargets, FiguresQuery, FunnelQuery, MonitoringFigures, MonitoringFunnel, SetTargetsBody, TargetsOverview } from '@pid/shared'
import { download, request, type ClientQuery } from '../../app/api/http'

/** Whose figures: one chamber, a region's chambers, or the whole network. */
export type MonitoringScopeRef = { kind: 'chamber'; chamberId: number } | { kind: 'region'; regionCode: string } | { kind: 'network' }

function base(scope: MonitoringScopeRef): string {
  if (scope.kind === 'chamber') return `/chambers/${scope.chamberId}/monitoring`
  if (scope.kind === 'region') return `/regions/${scope.regionCode}/monitoring`
  return '/monitoring'
}

/** The monitoring module's API: figures over time, the awareness funnel, the yearly targets. */
export const monitoringApi = {
  figures: (scope: MonitoringScopeRef, query: ClientQuery<FiguresQuery>) => request<MonitoringFigures>(`${base(scope)}/figures`, { query }),
  funnel: (scope: MonitoringScopeRef, query: ClientQuery<FunnelQuery>) => request<MonitoringFunnel>(`${base(scope)}/funnel`, { query }),
  chamberTargets: (chamberId: number, year: number) => request<ChamberTargets>(`/chambers/${chamberId}/monitoring/targets`, { query: { year } }),
  setTargets: (chamberId: number, year: number, body: SetTargetsBody) =>
    request<ChamberTargets>(`/chambers/${chamberId}/monitoring/targets/${year}`, { method: 'PUT', body }),
  targetsOverview: (scope: Exclude<MonitoringScopeRef, { kind: 'chamber' }>, year: number) =>
    request<TargetsOverview>(`${base(scope)}/targets`, { query: { year } }),
  /** The yearly activity report as a file (PDF or XLSX) with its Italian name. */
  report: (scope: Exclude<MonitoringScopeRef, { kind: 'network' }>, year: number, format: 'pdf' | 'xlsx') =>
    download(`${base(scope)}/report.${format}`, { year }),
  openDataCsv: (scope: MonitoringScopeRef, year: number) => download(`${base(scope)}/open-data.csv`, { year }),
  openDataSchema: (scope: MonitoringScopeRef) => download(`${base(scope)}/open-data.schema.json`),
}
