import type {
  CatalogueQuery, CataloguePage, CreateMediaItemBody, MediaFile, MediaItem, MediaItemList, MediaListQuery, MediaState, PublicMediaItem, UpdateMediaItemBody,
} from '@pid/shared'
import { request, type ClientQuery } from '../../../app/api/http'

const items = (chamberId: number) => `/chambers/${chamberId}/experience/media`

/** Staff: the chamber's library (items, their files, publication). */
export const mediaApi = {
  list: (chamberId: number, query: ClientQuery<MediaListQuery>) => request<MediaItemList>(items(chamberId), { query: { ...query } }),
  get: (chamberId: number, id: number) => request<MediaItem>(`${items(chamberId)}/${id}`),
  create: (chamberId: number, body: CreateMediaItemBody) => request<MediaItem>(items(chamberId), { method: 'POST', body }),
  update: (chamberId: number, id: number, body: UpdateMediaItemBody) => request<MediaItem>(`${items(chamberId)}/${id}`, { method: 'PATCH', body }),
  setState: (chamberId: number, id: number, state: MediaState) => request<MediaItem>(`${items(chamberId)}/${id}/state`, { method: 'POST', body: { state } }),
  upload: (chamberId: number, id: number, file: File) => request<MediaFile>(`${items(chamberId)}/${id}/files`,
    { method: 'POST', query: { fileName: file.name }, raw: { data: file, contentType: file.type || 'application/octet-stream' } }),
  removeFile: (chamberId: number, id: number, fileId: number) => request<void>(`${items(chamberId)}/${id}/files/${fileId}`, { method: 'DELETE' }),
}

/** Anyone: a chamber's catalogue and an item's page (reading it counts a view). */
export const catalogueApi = {
  search: (chamberId: number, query: ClientQuery<CatalogueQuery>) =>
    request<CataloguePage>(`/public/chambers/${chamberId}/experience/media`, { query: { ...query }, auth: false }),
  item: (id: number) => request<PublicMediaItem>(`/public/experience/media/${id}`, { auth: false }),
}
