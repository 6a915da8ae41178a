import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { verifyWebhook, WebhookVerificationError, type VerifiedWebhook } from '../src/index.ts'

export interface WebhookReceiver {
  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  port: number
  /** Set once the subscription exists: its whsec_... secret. Until then every delivery is refused. */
  secret: string | null
  /** The first verified delivery whose event passes `wanted`. */
  next(wanted: (event: VerifiedWebhook) => boolean, timeoutMs: number): Promise<VerifiedWebhook>
  /** Every delivery that failed verification, with the reason (for the log). */
  refused: string[]
  close(): Promise<void>
}

/**
 * A tiny webhook endpoint on node:http: it reads the raw body (a parsed and re-serialised one
 * would not verify), verifies it, answers 204 (400 to a bad signature, so the PID logs the
 * refusal) and drops a delivery it has seen already (by webhook-id: retries and replays repeat it).
 */
export async function startWebhookReceiver(port: number, host = '127.0.0.1'): Promise<WebhookReceiver> {
  const seen = new Set<string>()
  const waiting: { wanted: (event: VerifiedWebhook) => boolean; resolve: (event: VerifiedWebhook) => void }[] = []
  const receiver: WebhookReceiver = {
    port,
    secret: null,
    refused: [],
    next(wanted, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no webhook within ${timeoutMs / 1000} s`)), timeoutMs)
        waiting.push({ wanted, resolve: (event) => { clearTimeout(timer); resolve(event) } })
      })
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let event: VerifiedWebhook
    try {
      if (!receiver.secret) throw new WebhookVerificationError('no subscription yet')
      event = verifyWebhook(receiver.secret, req.headers, Buffer.concat(chunks))
    } catch (err) {
      receiver.refused.push(String((err as Error).message))
      res.writeHead(400).end()
      return
    }
    res.writeHead(204).end()
    if (seen.has(event.webhookId)) return
    seen.add(event.webhookId)
    const i = waiting.findIndex((w) => w.wanted(event))
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(event)
  })
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve))
  receiver.port = (server.address() as AddressInfo).port
  return receiver
}
