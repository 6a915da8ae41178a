import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ClickParams, MailingEventsBody, MailingEventsResult, UnsubscribeParams, Unsubscription } from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { HttpError } from '../../../core/errors.ts'
import { problem } from '../../../core/route-kit.ts'
import { MailingFeedback } from './feedback.ts'

const tags = ['crm']
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')
const limited = (max: number) => ({ guard: 'public' as const, rateLimit: { max, timeWindow: '1 minute' } })
const redirect = (description: string) => Type.Null({ description })

/**
 * What a mailing's recipient (or the mail provider) reaches without signing in: the one-click
 * unsubscribe (RFC 8058), the open pixel and the click redirect (each by the recipient's token),
 * and the provider's reports (a shared secret).
 */
export default async function mailingPublicRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const feedback = new MailingFeedback({ db: app.db, crm: app.crm, eventsSecret: app.config.mailingEventsSecret })
  // RFC 8058: mail clients POST "List-Unsubscribe=One-Click" as a form; its content says nothing more than the URL does.
  app.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data'], { parseAs: 'string' }, (_req, _body, done) => done(null, {}))

  app.get('/public/unsubscribe/:token', {
    schema: { tags, summary: "The List-Unsubscribe link opened in a browser: to the confirm page (a GET never unsubscribes: link scanners follow links)",
      params: UnsubscribeParams, response: { 303: redirect('to the confirm page /disiscrizione'), 400: problem, 429: problem } },
    config: limited(60),
  }, async (req, reply) => reply.redirect(`${app.config.publicUrl}/disiscrizione?token=${req.params.token}`, 303))

  app.post('/public/unsubscribe/:token', {
    schema: { tags, summary: 'One-click unsubscribe (RFC 8058) or the confirm button: withdraws the consent for the mailing\'s purpose',
      params: UnsubscribeParams, consumes: ['application/x-www-form-urlencoded', 'multipart/form-data', 'application/json'],
      response: { 200: Unsubscription, 400: problem, 404: problem, 429: problem } },
    config: limited(60),
  }, async (req) => feedback.unsubscribe(req.params.token, auditContext(req)))

  app.get('/public/unsubscribe/:token/details', {
    schema: { tags, summary: 'What the link unsubscribes from (the confirm page shows it)', params: UnsubscribeParams,
      response: { 200: Unsubscription, 400: problem, 404: problem, 429: problem } },
    config: limited(60),
  }, async (req) => feedback.describe(req.params.token))

  app.get('/public/mailings/open/:token', {
    schema: { tags, summary: 'The open pixel (only in the mails of recipients who consented to profiling)', params: UnsubscribeParams,
      response: { 200: { description: 'a transparent 1x1 GIF', content: { 'image/gif': { schema: Type.String({ format: 'binary' }) } } }, 400: problem, 429: problem } },
    config: limited(600),
  }, async (req, reply) => {
    await feedback.opened(req.params.token)
    return reply.header('cache-control', 'no-store').type('image/gif').send(PIXEL)
  })

  app.get('/public/mailings/click/:token/:link', {
    schema: { tags, summary: "A tracked link: to the template's link of that index (never a URL from the request)", params: ClickParams,
      response: { 302: redirect("to the template's link"), 400: problem, 404: problem, 429: problem } },
    config: limited(600),
  }, async (req, reply) => reply.redirect(await feedback.clicked(req.params.token, req.params.link), 302))

  app.post('/public/mailings/events', {
    schema: { tags, summary: 'Bounce, complaint and delivery reports of the mail provider, keyed by Message-ID (Authorization: Bearer MAILING_EVENTS_SECRET)',
      body: MailingEventsBody, response: { 200: MailingEventsResult, 400: problem, 401: problem, 404: problem, 429: problem } },
    config: limited(600),
  }, async (req) => {
    if (!app.config.mailingEventsSecret) throw new HttpError(404, 'not_found', 'the mailing events endpoint is not configured')
    if (!feedback.authorized(req.headers.authorization)) throw new HttpError(401, 'unauthorized', 'a valid shared secret is required')
    return feedback.record(req.body)
  })
}
