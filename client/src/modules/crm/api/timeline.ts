import type { LogEventBody, LoggedEvent, SetStageBody, StageHistory, TimelinePage, TimelineQuery } from '@pid/shared'
import { request, type ClientQuery } from '../../../app/api/http'

const firm = (chamberId: number, firmId: number) => `/chambers/${chamberId}/firms/${firmId}`

export const timelineApi = {
  list: (chamberId: number, firmId: number, p: ClientQuery<TimelineQuery>) =>
    request<TimelinePage>(`${firm(chamberId, firmId)}/timeline`, {
      query: { types: p.types, from: p.from, to: p.to, authorId: p.authorId, cursor: p.cursor, limit: p.limit },
    }),
  log: (chamberId: number, firmId: number, body: LogEventBody) =>
    request<LoggedEvent>(`${firm(chamberId, firmId)}/timeline`, { method: 'POST', body }),
  stageHistory: (chamberId: number, firmId: number) => request<StageHistory>(`${firm(chamberId, firmId)}/stage-history`),
  setStage: (chamberId: number, firmId: number, body: SetStageBody) =>
    request<StageHistory>(`${firm(chamberId, firmId)}/stage`, { method: 'PUT', body }),
}
