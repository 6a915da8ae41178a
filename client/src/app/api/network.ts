import type { Chamber, Province, Region } from '@pid/shared'
import { request } from './http'

export const networkApi = {
  regions: () => request<Region[]>('/regions'),
  provinces: (region?: string) => request<Province[]>('/provinces', { query: { region } }),
  chambers: (region?: string, includeMerged = false) =>
    request<Chamber[]>('/chambers', { query: { region, includeMerged: includeMerged ? 'true' : undefined } }),
  chamber: (chamberId: number) => request<Chamber>(`/chambers/${chamberId}`),
}
