import type { WorkList } from '@pid/shared'
import { request } from './http'

/** What waits for the signed-in user in a chamber (the home page's "Da fare"). */
export const workApi = {
  list: (chamberId: number) => request<WorkList>(`/chambers/${chamberId}/work`),
}
