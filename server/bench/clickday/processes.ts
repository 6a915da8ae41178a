import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createServer } from 'node:net'

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url))
const BASELINE = fileURLToPath(new URL('./baseline-server.ts', import.meta.url))

/** A free local port, so a restarted server comes back on the same address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

export interface ServerProcess {
  url: string
  child: ChildProcess
  /** Stops it gracefully (SIGTERM: the app answers what it queued, then exits). */
  stop(): Promise<void>
  /** Kills it outright: no shutdown, no flush; whatever was not committed is gone. */
  kill(): Promise<void>
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + 90_000
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${log()}`)
    try {
      const res = await fetch(`${url}/api/ready`)
      if (res.ok) return
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`server not ready after 90 s: ${log()}`)
}

function start(script: string, port: number, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr = (stderr + d).slice(-4000) })
  const url = `http://127.0.0.1:${port}`
  const exited = () => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())))
  const proc: ServerProcess = {
    url, child,
    async stop() { child.kill('SIGTERM'); await exited() },
    async kill() { child.kill('SIGKILL'); await exited() },
  }
  return waitReady(url, child, () => stderr).then(() => proc, async (err) => { await proc.kill(); throw err })
}

/** Our application as production runs it (src/main.ts), on the bench database. */
export function startOurs(databaseUrl: string, port: number, jwtSecret: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return start(MAIN, port, {
    DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '10', JWT_SECRET: jwtSecret, NODE_ENV: 'production', LOG_LEVEL: 'warn',
    // One client address sends everything: lift the per-client limits, as the other scenarios do.
    RATE_LIMIT_MAX: '100000000', LOGIN_RATE_LIMIT_MAX: '100000000', JOBS_ENABLED: 'false', SEED_DEMO: 'false', COOKIE_SECURE: 'false', ...env,
  })
}

/** The bare Fastify + pg endpoint doing the same writes. */
export function startBaseline(databaseUrl: string, port: number, callId: number, grantCents: number): Promise<ServerProcess> {
  return start(BASELINE, port, { DATABASE_URL: databaseUrl, CALL_ID: String(callId), GRANT_CENTS: String(grantCents) })
}
