import type {
  AtecoList, AtecoLevel, CreateFirmBody, Firm, FirmCount, FirmFilter, FirmListQuery, FirmPage, MunicipalityList, UpdateFirmBody,
} from '@pid/shared'
import { download, request, type ClientQuery } from '../../../app/api/http'
import { filterQuery } from './query'

/** The firm list's query (FirmListQuery) with its filter kept as one object, as the filter form edits it. */
export type FirmListParams = { filter: FirmFilter } & ClientQuery<Pick<FirmListQuery, 'sort' | 'dir' | 'cursor' | 'limit'>>

const base = (chamberId: number) => `/chambers/${chamberId}/firms`

export const firmsApi = {
  list: (chamberId: number, p: FirmListParams) =>
    request<FirmPage>(base(chamberId), {
      query: { ...filterQuery(p.filter), sort: p.sort, dir: p.dir, cursor: p.cursor, limit: p.limit },
    }),
  count: (chamberId: number, filter: FirmFilter) =>
    request<FirmCount>(`${base(chamberId)}/count`, { query: filterQuery(filter) }),
  get: (chamberId: number, firmId: number) => request<Firm>(`${base(chamberId)}/${firmId}`),
  create: (chamberId: number, body: CreateFirmBody) => request<Firm>(base(chamberId), { method: 'POST', body }),
  update: (chamberId: number, firmId: number, body: UpdateFirmBody) =>
    request<Firm>(`${base(chamberId)}/${firmId}`, { method: 'PATCH', body }),
  export: (chamberId: number, filter: FirmFilter, format: 'csv' | 'xlsx') =>
    download(`${base(chamberId)}/export`, { ...filterQuery(filter), format }),
}

export const referenceApi = {
  ateco: (q?: string, level?: AtecoLevel) => request<AtecoList>('/ateco', { query: { q, level } }),
  municipalities: (province?: string, q?: string) => request<MunicipalityList>('/municipalities', { query: { province, q } }),
}
