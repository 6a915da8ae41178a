import { DEFAULT_QUESTIONNAIRE, type Answers } from '@pid/shared'
import { api, type ApiSession } from './api.ts'
import { baseUrl } from './browser.ts'

/** A middling answer to every question of the default questionnaire. */
function middlingAnswers(): Answers {
  const answers: Answers = {}
  for (const q of DEFAULT_QUESTIONNAIRE.questions) {
    const options = [...(q.options ?? [])].sort((x, y) => y.points - x.points)
    if (q.kind === 'multi') answers[q.id] = [options[0]!.key]
    else if (options.length) answers[q.id] = options[Math.floor(options.length / 2)]!.key
    else answers[q.id] = q.kind === 'scale' ? 2 : q.kind === 'number' ? 6 : 'Vendere online'
  }
  return answers
}

/** A self-assessment the firm completed through its personal link (so that a report exists); its id. */
export async function submittedAssessment(staff: ApiSession, firmId: number): Promise<number> {
  const { token } = await api<{ token: string }>(staff, 'POST', `/firms/${firmId}/access-links`, { purposes: ['assessment'] })
  const firmCall = async <T>(method: string, path: string, body?: unknown, auth?: string): Promise<T> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) } })
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }
  const { accessToken } = await firmCall<{ accessToken: string }>('POST', '/firm-access/session', { token })
  const { id } = await firmCall<{ id: number }>('POST', '/firm/assessments', undefined, accessToken)
  await firmCall('PATCH', `/firm/assessments/${id}/answers`, { answers: middlingAnswers() }, accessToken)
  await firmCall('POST', `/firm/assessments/${id}/submit`, undefined, accessToken)
  return id
}
