import { describe, expect, it } from 'vitest'
import { createPartnerClient, orThrow, ProblemError } from './index.ts'

/**
 * The client's own logic (token cache, renewal, the retry on an expired token, errors) against a
 * stand-in of the API's token endpoint and one route, so time can be moved. The real API is
 * driven over HTTP by server/test/partner-client-quickstart.test.ts.
 */
function standIn(options: { refuseToken?: boolean } = {}) {
  const seen = { tokenRequests: [] as { authorization: string | null; form: string }[], calls: [] as { authorization: string | null; body: string }[] }
  const expired = new Set<string>()
  let issued = 0
  const problem = (status: number, code: string) =>
    new Response(JSON.stringify({ type: 'about:blank', title: 'refused', status, code }), { status, headers: { 'content-type': 'application/problem+json' } })
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    const { pathname } = new URL(request.url)
    if (pathname === '/api/v1/oauth/token') {
      seen.tokenRequests.push({ authorization: request.headers.get('authorization'), form: await request.text() })
      if (options.refuseToken) return problem(401, 'invalid_client')
      issued += 1
      return Response.json({ access_token: `token-${issued}`, token_type: 'Bearer', expires_in: 900, scope: 'feedback' })
    }
    const authorization = request.headers.get('authorization')
    seen.calls.push({ authorization, body: await request.text() })
    if (expired.has(authorization?.slice('Bearer '.length) ?? '')) return problem(401, 'token_expired')
    if (authorization === 'Bearer revoked') return problem(401, 'unauthorized')
    return Response.json({ ok: true })
  }
  return { fetch, seen, expired }
}

const feedback = { outcome: 'solved' as const, servicesDelivered: ['Check-up'], followUp: '' }
const sendFeedback = (client: ReturnType<typeof createPartnerClient>) =>
  client.POST('/api/v1/chambers/{chamberId}/referrals/{referralId}/feedback', { params: { path: { chamberId: 1, referralId: 2 } }, body: feedback })

describe('createPartnerClient', () => {
  it('asks for a token once, with HTTP Basic credentials, and sends it on every call', async () => {
    const api = standIn()
    const client = createPartnerClient({ baseUrl: 'http://pid.test/', clientId: 'cli_1', clientSecret: 's3cret:+/', scope: ['feedback', 'referrals'], fetch: api.fetch })
    await client.GET('/api/v1/partner/me')
    await sendFeedback(client)

    expect(api.seen.tokenRequests).toHaveLength(1)
    const [request] = api.seen.tokenRequests
    // RFC 6749 2.3.1: each part form-urlencoded, then joined.
    expect(atob(request!.authorization!.replace('Basic ', ''))).toBe('cli_1:s3cret%3A%2B%2F')
    expect(Object.fromEntries(new URLSearchParams(request!.form))).toEqual({ grant_type: 'client_credentials', scope: 'feedback referrals' })
    expect(api.seen.calls.map((c) => c.authorization)).toEqual(['Bearer token-1', 'Bearer token-1'])
  })

  it('renews the token shortly before it expires, and not before', async () => {
    const api = standIn()
    let now = 1_000_000
    const client = createPartnerClient({ baseUrl: 'http://pid.test', clientId: 'c', clientSecret: 's', fetch: api.fetch, now: () => now })
    await client.GET('/api/v1/partner/me')
    now += (900 - 31) * 1000
    await client.GET('/api/v1/partner/me')
    now += 2 * 1000
    await client.GET('/api/v1/partner/me')
    expect(api.seen.calls.map((c) => c.authorization)).toEqual(['Bearer token-1', 'Bearer token-1', 'Bearer token-2'])
  })

  it('lets calls made at once share one token request', async () => {
    const api = standIn()
    const client = createPartnerClient({ baseUrl: 'http://pid.test', clientId: 'c', clientSecret: 's', fetch: api.fetch })
    await Promise.all([client.GET('/api/v1/partner/me'), client.GET('/api/v1/partner/me'), sendFeedback(client)])
    expect(api.seen.tokenRequests).toHaveLength(1)
  })

  it('sends a call refused with token_expired once more, body and all, with a new token', async () => {
    const api = standIn()
    const client = createPartnerClient({ baseUrl: 'http://pid.test', clientId: 'c', clientSecret: 's', fetch: api.fetch })
    await client.GET('/api/v1/partner/me')
    api.expired.add('token-1')
    const result = await sendFeedback(client)

    expect(result.response.status).toBe(200)
    expect(api.seen.tokenRequests).toHaveLength(2)
    expect(api.seen.calls.slice(1)).toEqual([
      { authorization: 'Bearer token-1', body: JSON.stringify(feedback) },
      { authorization: 'Bearer token-2', body: JSON.stringify(feedback) },
    ])
  })

  it('retries only once, and never a 401 other than token_expired', async () => {
    const api = standIn()
    const client = createPartnerClient({ baseUrl: 'http://pid.test', clientId: 'c', clientSecret: 's', fetch: api.fetch })
    api.expired.add('token-1').add('token-2')
    const twice = await sendFeedback(client)
    expect(twice.error).toMatchObject({ status: 401, code: 'token_expired' })
    expect(api.seen.calls).toHaveLength(2)

    const other = createPartnerClient({ baseUrl: 'http://pid.test', clientId: 'c', clientSecret: 's', fetch: async (input, init) => {
      const request = new Request(input, init)
      if (request.url.endsWith('/oauth/token')) return Response.json({ access_token: 'revoked', token_type: 'Bearer', expires_in: 900, scope: '' })
      return api.fetch(request)
    } })
    const refused = await other.GET('/api/v1/partner/me')
    expect(refused.error).toMatchObject({ code: 'unauthorized' })
    expect(api.seen.calls).toHaveLength(3)
  })

  it('rejects a call with a ProblemError when no token can be had', async () => {
    const api = standIn({ refuseToken: true })
    const client = createPartnerClient({ baseUrl: 'http://pid.test', clientId: 'c', clientSecret: 'wrong', fetch: api.fetch })
    const error = await client.GET('/api/v1/partner/me').catch((err: unknown) => err)
    expect(error).toBeInstanceOf(ProblemError)
    expect(error).toMatchObject({ status: 401, code: 'invalid_client' })
    expect(api.seen.calls).toHaveLength(0)
  })
})

describe('orThrow', () => {
  it('returns the data of a success and throws the problem of a refusal, by its stable code', async () => {
    const ok = { data: { id: 1 }, response: new Response(null, { status: 200 }) }
    await expect(orThrow(Promise.resolve(ok))).resolves.toEqual({ id: 1 })

    const refused = { error: { type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found', detail: 'no such firm' }, response: new Response(null, { status: 404 }) }
    await expect(orThrow(Promise.resolve(refused))).rejects.toMatchObject({ name: 'ProblemError', status: 404, code: 'not_found', message: 'not_found: no such firm' })

    const proxy = { error: '<html>Bad Gateway</html>', response: new Response(null, { status: 502 }) }
    await expect(orThrow(Promise.resolve(proxy))).rejects.toMatchObject({ status: 502, code: 'http_502' })
  })
})
