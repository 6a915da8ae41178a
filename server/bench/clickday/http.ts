import http from 'node:http'

/**
 * A small keep-alive HTTP client for the click day: plain node:http (no dependency), one agent with
 * as many sockets as the scenario's connections. A network error (server killed, connection refused
 * while it restarts) rejects; the caller decides to retry.
 */
export interface Reply { status: number; text: string }

export function agent(connections: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections })
}

export function request(a: http.Agent, url: string, method: 'GET' | 'POST', headers: Record<string, string>, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
    const req = http.request(url, {
      method, agent: a,
      headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')))
    req.end(payload)
  })
}

/** Runs `work` over the items with at most `concurrency` in flight (setup: sessions, drafts). */
export async function pooled<T, R>(items: readonly T[], concurrency: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i]!, i)
  }))
  return out
}
