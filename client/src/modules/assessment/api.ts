import type {
  Analytics, AssessmentDetail, AssessmentListQuery, AssessmentPage, AssessmentReport, AssessmentReview, CatalogueList, CreatePlanItemBody,
  FirmAssessment, FirmAssessmentState, FirmProgress, PlanItem, QuestionnaireDefinition, QuestionnaireDetail, QuestionnaireList,
  ReviewBody, SaveAnswersBody, PowChallenge, PublicMunicipalityList, PublicStartAccepted, PublicStartBody, PublicStartChamber, PublicVerified,
} from '@pid/shared'
import { download, request, type ClientQuery } from '../../app/api/http'

const ch = (chamberId: number) => `/chambers/${chamberId}`

/** Staff: assessments, reports, review and plan, questionnaires, catalogue, analytics. */
export const assessmentApi = {
  list: (chamberId: number, query: ClientQuery<AssessmentListQuery>) =>
    request<AssessmentPage>(`${ch(chamberId)}/assessments`, { query: { ...query } }),
  get: (chamberId: number, id: number) => request<AssessmentDetail>(`${ch(chamberId)}/assessments/${id}`),
  report: (chamberId: number, id: number) => request<AssessmentReport>(`${ch(chamberId)}/assessments/${id}/report`),
  pdf: (chamberId: number, id: number, lang: string) => download(`${ch(chamberId)}/assessments/${id}/report.pdf`, { lang }),
  review: (chamberId: number, id: number, body: ReviewBody) =>
    request<AssessmentReview>(`${ch(chamberId)}/assessments/${id}/review`, { method: 'PUT', body }),
  addPlanItem: (chamberId: number, id: number, body: CreatePlanItemBody) =>
    request<PlanItem>(`${ch(chamberId)}/assessments/${id}/plan`, { method: 'POST', body }),
  progress: (chamberId: number, firmId: number) => request<FirmProgress>(`${ch(chamberId)}/firms/${firmId}/assessment-progress`),
  questionnaires: (chamberId: number) => request<QuestionnaireList>(`${ch(chamberId)}/assessment/questionnaires`),
  questionnaire: (chamberId: number, id: number) => request<QuestionnaireDetail>(`${ch(chamberId)}/assessment/questionnaires/${id}`),
  createDraft: (chamberId: number, copyFrom: number) =>
    request<QuestionnaireDetail>(`${ch(chamberId)}/assessment/questionnaires`, { method: 'POST', body: { copyFrom } }),
  saveDraft: (chamberId: number, id: number, definition: QuestionnaireDefinition) =>
    request<QuestionnaireDetail>(`${ch(chamberId)}/assessment/questionnaires/${id}`, { method: 'PUT', body: { definition } }),
  publish: (chamberId: number, id: number) =>
    request<QuestionnaireDetail>(`${ch(chamberId)}/assessment/questionnaires/${id}/publish`, { method: 'POST', body: {} }),
  services: (chamberId: number) => request<CatalogueList>(`${ch(chamberId)}/assessment/services`),
  analytics: (chamberId: number, by: string) => request<Analytics>(`${ch(chamberId)}/assessment/analytics`, { query: { by } }),
  analyticsCsv: (chamberId: number, by: string) => download(`${ch(chamberId)}/assessment/analytics.csv`, { by }),
}

/** The firm's own pages, with the firm session's token. */
export const firmAssessmentApi = {
  state: (token: string) => request<FirmAssessmentState>('/firm/assessment', { token }),
  start: (token: string) => request<FirmAssessment>('/firm/assessments', { method: 'POST', token }),
  save: (token: string, id: number, body: SaveAnswersBody) =>
    request<FirmAssessment>(`/firm/assessments/${id}/answers`, { method: 'PATCH', body, token }),
  submit: (token: string, id: number) => request<FirmAssessment>(`/firm/assessments/${id}/submit`, { method: 'POST', body: {}, token }),
  report: (token: string, id: number) => request<AssessmentReport>(`/firm/assessments/${id}/report`, { token }),
  pdf: (token: string, id: number, lang: string) => download(`/firm/assessments/${id}/report.pdf`, { lang }, token),
}

/** The public self-assessment (no login): a chamber's page, municipalities, the challenge, start and verification. */
export const publicStartApi = {
  chamber: (chamberId: number) => request<PublicStartChamber>(`/public/chambers/${chamberId}/self-assessment`, { auth: false }),
  municipalities: (q: string) => request<PublicMunicipalityList>('/public/self-assessment/municipalities', { query: { q }, auth: false }),
  challenge: () => request<PowChallenge>('/public/self-assessment/challenge', { auth: false }),
  start: (body: PublicStartBody) => request<PublicStartAccepted>('/public/self-assessment/starts', { method: 'POST', body, auth: false }),
  verify: (token: string) => request<PublicVerified>('/public/self-assessment/verifications', { method: 'POST', body: { token }, auth: false }),
}
