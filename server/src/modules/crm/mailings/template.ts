import Mustache from 'mustache'
import { MAILING_FIELDS, type MailingField } from '@pid/shared'
import { badRequest, fieldProblem, type FieldProblem } from '../../../core/errors.ts'

/**
 * Mailing templates are Mustache (logic-less: fields and sections, no code), the well-kept
 * reference implementation. Mails are plain text, so values are inserted as they are: Mustache's
 * HTML escaping is turned off here, and the HTML part (built from the rendered text) escapes
 * everything itself. Partials, delimiter changes and unknown fields are refused when the template
 * is saved, with a 400 naming them.
 */

const KNOWN = new Set<string>(MAILING_FIELDS)
type Token = [string, string, number, number, Token[]?]

function* fieldsOf(tokens: Token[]): Generator<{ kind: string; name: string }> {
  for (const t of tokens) {
    if (t[0] === 'name' || t[0] === '&' || t[0] === '#' || t[0] === '^' || t[0] === '>' || t[0] === '=') yield { kind: t[0], name: t[1] }
    if ((t[0] === '#' || t[0] === '^') && Array.isArray(t[4])) yield* fieldsOf(t[4])
  }
}

/** The problems of a template at `path`: syntax, partials, unknown fields (each named). */
export function templateProblems(template: string, path: string): FieldProblem[] {
  let tokens: Token[]
  try {
    tokens = Mustache.parse(template) as unknown as Token[]
  } catch (err) {
    return [fieldProblem(path, 'mailing_template_syntax', `template syntax: ${(err as Error).message}`)]
  }
  const unknown = new Set<string>()
  let other = false
  for (const f of fieldsOf(tokens)) {
    if (f.kind === '>' || f.kind === '=') other = true
    else if (!KNOWN.has(f.name)) unknown.add(f.name)
  }
  const problems: FieldProblem[] = []
  if (unknown.size) {
    const names = [...unknown].join(', ')
    problems.push(fieldProblem(path, 'mailing_unknown_fields', `unknown fields: ${names}`, { fields: names }))
  }
  if (other) problems.push(fieldProblem(path, 'mailing_template_syntax', 'partials and delimiter changes are not allowed'))
  return problems
}

export function checkTemplates(subject: string, body: string): void {
  const problems = [...templateProblems(subject, '/subject'), ...templateProblems(body, '/body')]
  if (problems.length) throw badRequest(problems.map((p) => p.message).join('; '), problems)
}

export type MailingView = Record<MailingField, string>

/** The nested object Mustache reads dotted names from ({{impresa.nome}} -> view.impresa.nome). */
function nested(view: MailingView): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {}
  for (const [key, value] of Object.entries(view)) {
    const [group, field] = key.split('.') as [string, string]
    ;(out[group] ??= {})[field] = value
  }
  return out
}

const asIs = (value: unknown) => String(value)

export function render(template: string, view: MailingView): string {
  return Mustache.render(template, nested(view), {}, { escape: asIs })
}

/** A subject is one header line: whatever a field holds, no line break reaches it. */
export const renderSubject = (template: string, view: MailingView) => render(template, view).replace(/[\r\n]+/g, ' ').trim()

export interface PersonFields {
  firm_name: string; town: string | null; province_code: string
  first_name: string | null; last_name: string | null; job_title: string | null; chamber_name: string
}
export const viewOf = (r: PersonFields): MailingView => ({
  'impresa.nome': r.firm_name, 'impresa.comune': r.town ?? '', 'impresa.provincia': r.province_code,
  'persona.nome': r.first_name ?? '', 'persona.cognome': r.last_name ?? '',
  'persona.nome_completo': [r.first_name, r.last_name].filter(Boolean).join(' '), 'persona.ruolo': r.job_title ?? '',
  'camera.nome': r.chamber_name,
})

const URL_RE = /https?:\/\/[^\s<>"'{}|\\^`]+/g

/** The URLs written in the template (not built from fields): the only targets of click tracking. */
export function linksOf(body: string): string[] {
  const found = (body.match(URL_RE) ?? []).map((u) => u.replace(/[.,;:!?)\]]+$/, ''))
  return [...new Set(found)].slice(0, 100)
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * The HTML part of a tracked recipient's mail: the text escaped in paragraphs, the template's links
 * through the click redirect, and the open pixel. Untracked recipients get the text only.
 */
export function trackedHtml(text: string, links: readonly string[], clickUrl: (i: number) => string, pixelUrl: string): string {
  const order = links.map((url, i) => ({ url: escapeHtml(url), i })).sort((a, b) => b.url.length - a.url.length)
  const pattern = order.length ? new RegExp(order.map((l) => l.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : null
  const index = new Map(order.map((l) => [l.url, l.i]))
  const linked = (p: string) => {
    const escaped = escapeHtml(p)
    const out = pattern ? escaped.replace(pattern, (m) => `<a href="${escapeHtml(clickUrl(index.get(m)!))}">${m}</a>`) : escaped
    return out.replace(/\n/g, '<br>')
  }
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${linked(p)}</p>`)
  return `<!doctype html><html lang="it"><body>${paragraphs.join('\n')}\n<img src="${escapeHtml(pixelUrl)}" alt="" width="1" height="1"></body></html>`
}
