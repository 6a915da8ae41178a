import { vatCheckDigit } from '@pid/shared'
import { baseUrl, DEMO_PASSWORD } from './browser.ts'

/**
 * Node-side calls to the API, for what a browser test needs before it starts clicking (its own
 * firms, a segment) and for checking what the server stored. Not a substitute for the clicks.
 */
export interface ApiSession {
  token: string
  /** The user's first chamber (Milano for the demo staff and partner). */
  chamberId: number
}

export async function apiLogin(email: string): Promise<ApiSession> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  })
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`)
  const session = (await res.json()) as { accessToken: string; user: { grants: { chambers?: number[] }[] } }
  const chamberId = session.user.grants.find((g) => g.chambers?.length)?.chambers?.[0]
  if (chamberId === undefined) throw new Error(`${email} holds no chamber role`)
  return { token: session.accessToken, chamberId }
}

/** One JSON call; throws unless the answer has the expected status. */
export async function api<T>(s: ApiSession, method: string, path: string, body?: unknown, expected = method === 'POST' ? 201 : 200): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1/chambers/${s.chamberId}${path}`, {
    method,
    headers: { authorization: `Bearer ${s.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return (res.status === 204 ? undefined : await res.json()) as T
}

// Serial numbers from 9_000_000 up: the demo data (3_100_000…) and crm.e2e.ts (below 9_000_000) never use them.
let serial = 9_000_000 + (Date.now() % 900_000)

/** A fresh valid partita IVA of the Milano office (015); for a company it is also the codice fiscale. */
export function nextVat(): string {
  const body = `${serial++}015`
  return body + vatCheckDigit(body)
}

/** The same number with its check digit changed: eleven digits the form must refuse. */
export function withWrongCheckDigit(vat: string): string {
  return vat.slice(0, 10) + String((Number(vat[10]) + 1) % 10)
}

export interface CreatedFirm {
  id: number
  name: string
  taxCode: string
}

/** A company in Milano registered through the API, with optional tags (to build a segment on). */
export function createFirm(s: ApiSession, name: string, tags: string[] = []): Promise<CreatedFirm> {
  const code = nextVat()
  return api<CreatedFirm>(s, 'POST', '/firms', { name, taxCode: code, vatNumber: code, provinceCode: 'MI', legalForm: 'srl', tags })
}
