import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { CALL_LOG_PRUNE_HOUR, CALL_LOG_PRUNE_QUEUE, CallLog, pruneCallLog } from './call-log.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** API clients' calls, written in batches (flush() writes what waits: tests, shutdown). */
    apiCallLog: CallLog
  }
}

/**
 * Every answer to an API client's token goes to its call log: the calls of every module, so the
 * hook is app-wide (fastify-plugin, registered by app.ts at the root: inside the module's prefixed
 * context it would see only the module's routes). It lives here, not in core: the table and the
 * figures are this module's. Also the daily prune of old calls.
 */
export default fp(async function callLogPlugin(app: FastifyInstance) {
  const log = new CallLog(app.db, app.log)
  app.decorate('apiCallLog', log)
  app.addHook('onResponse', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return
    const apiClientId = req.actor?.client?.id ?? await clientOfToken(app, req)
    if (apiClientId === undefined) return
    const durationMs = reply.elapsedTime
    log.push({
      apiClientId, at: new Date(Date.now() - durationMs), method: req.method,
      route: req.routeOptions.url ?? '(no route)', statusCode: reply.statusCode,
      durationMs: Math.round(durationMs), requestId: req.id,
    })
  })
  app.addHook('onClose', async () => { await log.close() })

  app.jobs.work(CALL_LOG_PRUNE_QUEUE, async (_payload, db) => {
    const pruned = await pruneCallLog(db)
    app.log.info({ pruned }, 'API call log pruned')
  })
  app.jobs.daily(CALL_LOG_PRUNE_QUEUE, CALL_LOG_PRUNE_HOUR)
}, { name: 'partner-api-call-log' })

/**
 * A client's call the guard did not get to (the rate limiter's 429, a revoked client's 401, an
 * unknown route): the client its token names. The token was verified once already, by the rate
 * limiter (verifyBearer memoizes), so this costs nothing more.
 */
async function clientOfToken(app: FastifyInstance, req: FastifyRequest): Promise<number | undefined> {
  if (!req.headers.authorization?.startsWith('Bearer ')) return undefined
  const claims = await app.verifyBearer(req).catch(() => null)
  return claims && 'cid' in claims && Number.isSafeInteger(claims.cid) ? claims.cid : undefined
}
