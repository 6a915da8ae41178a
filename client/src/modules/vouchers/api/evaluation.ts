import type {
  AdmissibilityView, ApplicationEvaluation, ApplicationScores, CallEvaluation, DecisionList, EvaluationPage, EvaluationQuery, RecordAdmissibilityBody,
  RecordScoresBody, VoucherDecisionBody,
} from '@pid/shared'
import { download, request } from '../../../app/api/http'

const call = (chamberId: number, callId: number) => `/chambers/${chamberId}/vouchers/calls/${callId}`
const app = (chamberId: number, id: number) => `/chambers/${chamberId}/vouchers/applications/${id}`

/** Staff: the evaluation of a call's applications (checklist, scores, proposal, decisions) and the list for the decision act. */
export const evaluationApi = {
  summary: (chamberId: number, callId: number) => request<CallEvaluation>(`${call(chamberId, callId)}/evaluation`),
  rows: (chamberId: number, callId: number, query: EvaluationQuery) =>
    request<EvaluationPage>(`${call(chamberId, callId)}/evaluation/rows`, { query: { ...query } }),
  compute: (chamberId: number, callId: number) => request<CallEvaluation>(`${call(chamberId, callId)}/evaluation/compute`, { method: 'POST', body: {} }),
  decisionList: (chamberId: number, callId: number) => request<DecisionList>(`${call(chamberId, callId)}/decision-list`),
  exportDecisionList: (chamberId: number, callId: number, format: 'pdf' | 'xlsx') => download(`${call(chamberId, callId)}/decision-list/export`, { format }),
  ofApplication: (chamberId: number, id: number) => request<ApplicationEvaluation>(`${app(chamberId, id)}/evaluation`),
  admissibility: (chamberId: number, id: number) => request<AdmissibilityView>(`${app(chamberId, id)}/admissibility`),
  recordAdmissibility: (chamberId: number, id: number, body: RecordAdmissibilityBody) =>
    request<AdmissibilityView>(`${app(chamberId, id)}/admissibility`, { method: 'PUT', body }),
  scores: (chamberId: number, id: number) => request<ApplicationScores>(`${app(chamberId, id)}/scores`),
  recordScores: (chamberId: number, id: number, body: RecordScoresBody) => request<ApplicationScores>(`${app(chamberId, id)}/scores`, { method: 'PUT', body }),
  decide: (chamberId: number, id: number, body: VoucherDecisionBody) => request<ApplicationEvaluation>(`${app(chamberId, id)}/decision`, { method: 'POST', body }),
  revoke: (chamberId: number, id: number, reason: string) => request<ApplicationEvaluation>(`${app(chamberId, id)}/revoke`, { method: 'POST', body: { reason } }),
}
