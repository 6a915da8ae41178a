import type {
  Execution, LinePatch, Plan, PlanSummaryList, PostingList, ProgrammeList, ProgrammeView, Reallocation,
  ReallocationBody, ReallocationList, RegionPlan, StaffCostBody,
} from '@pid/shared'
import { download, request } from '../../app/api/http'

const plans = (chamberId: number) => `/chambers/${chamberId}/budget/plans`

/** The budget module's API: plans, execution, reallocations, roll-ups. */
export const budgetApi = {
  programmes: () => request<ProgrammeList>('/budget/programmes'),
  plans: (chamberId: number) => request<PlanSummaryList>(plans(chamberId)),
  plan: (chamberId: number, year: number) => request<Plan>(`${plans(chamberId)}/${year}`),
  updateLine: (chamberId: number, year: number, lineId: number, patch: LinePatch) =>
    request<Plan>(`${plans(chamberId)}/${year}/lines/${lineId}`, { method: 'PATCH', body: patch }),
  rollover: (chamberId: number, year: number) =>
    request<{ plan: Plan; movedToVouchersCents: number }>(`${plans(chamberId)}/${year}/rollover`, { method: 'POST', body: {} }),
  acceptTotal: (chamberId: number, year: number) => request<Plan>(`${plans(chamberId)}/${year}/total`, { method: 'PUT', body: {} }),
  exportFile: (chamberId: number, year: number, format: 'csv' | 'xlsx') => download(`${plans(chamberId)}/${year}/export`, { format }),
  execution: (chamberId: number, year: number, asOf?: string) => request<Execution>(`${plans(chamberId)}/${year}/execution`, { query: { asOf } }),
  postings: (chamberId: number, year: number) => request<PostingList>(`${plans(chamberId)}/${year}/postings`),
  staffCost: (chamberId: number, year: number, body: StaffCostBody) =>
    request<{ ok: true }>(`${plans(chamberId)}/${year}/staff-costs`, { method: 'POST', body }),
  reallocations: (chamberId: number, year: number) => request<ReallocationList>(`${plans(chamberId)}/${year}/reallocations`),
  propose: (chamberId: number, year: number, body: ReallocationBody) =>
    request<Reallocation>(`${plans(chamberId)}/${year}/reallocations`, { method: 'POST', body }),
  decide: (chamberId: number, year: number, id: number, decision: 'approve' | 'reject', note?: string) =>
    request<Reallocation>(`${plans(chamberId)}/${year}/reallocations/${id}/${decision}`, { method: 'POST', body: note ? { note } : {} }),
  chamberProgramme: (chamberId: number, programmeId: number) => request<ProgrammeView>(`/chambers/${chamberId}/budget/programmes/${programmeId}`),
  regionPlan: (regionCode: string, year: number) => request<RegionPlan>(`/regions/${regionCode}/budget/plans/${year}`),
  regionProgramme: (regionCode: string, programmeId: number) => request<ProgrammeView>(`/regions/${regionCode}/budget/programmes/${programmeId}`),
}
