import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/** Serves the built SPA; unknown non-API GETs get index.html so history-mode routes work. */
export default fp(
  async function spa(app: FastifyInstance, { dir }: { dir: string }) {
    const root = resolve(dir)
    if (!existsSync(resolve(root, 'index.html'))) {
      app.log.warn({ root }, 'SPA not built: run `pnpm build` (the API still works)')
      return
    }
    await app.register(fastifyStatic, { root, wildcard: false, index: 'index.html' })
    // Hashed assets never change; index.html must always be revalidated.
    app.addHook('onSend', async (req, reply) => {
      if (req.url.startsWith('/assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable')
    })
    app.get('/*', { schema: { hide: true }, config: { guard: 'public' } }, (req, reply) => {
      if (req.url.startsWith('/api')) {
        return reply.callNotFound()
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false })
    })
  },
  { name: 'spa' },
)
