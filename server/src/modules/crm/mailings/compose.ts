import type { MailingPurpose } from '@pid/shared'
import { render, renderSubject, trackedHtml, type MailingView } from './template.ts'

const PURPOSE_WORDS: Record<MailingPurpose, string> = {
  newsletter: 'la newsletter', events: 'gli inviti agli eventi',
}

export interface Composed { subject: string; text: string; html?: string; headers: Record<string, string> }

/**
 * One recipient's message: the rendered subject and text, which always ends with the unsubscribe
 * link; RFC 8058 one-click headers; for a recipient who consented to profiling also an HTML part
 * whose template links go through the click redirect, with the open pixel. `token` null: a test
 * send or a preview (no working link).
 */
export function compose(publicUrl: string, m: { subject: string; body: string; links: string[]; purpose: MailingPurpose },
  view: MailingView, token: string | null, tracked: boolean): Composed {
  const subject = renderSubject(m.subject, view)
  const body = render(m.body, view).trimEnd()
  const link = token ? `${publicUrl}/disiscrizione?token=${token}` : `${publicUrl}/disiscrizione?token=…`
  const text = `${body}\n\n--\nRicevi questo messaggio perché hai acconsentito a ricevere ${PURPOSE_WORDS[m.purpose]} della ${view['camera.nome']}.\nPer non riceverli più: ${link}\n`
  if (!token) return { subject, text, headers: {} }
  const api = `${publicUrl}/api/v1/public`
  const headers = {
    'List-Unsubscribe': `<${api}/unsubscribe/${token}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  }
  if (!tracked) return { subject, text, headers }
  const html = trackedHtml(text, m.links, (i) => `${api}/mailings/click/${token}/${i}`, `${api}/mailings/open/${token}`)
  return { subject, text, html, headers }
}
