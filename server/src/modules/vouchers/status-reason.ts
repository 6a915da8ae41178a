import { centsToDecimal, detail, type StatusReasonCode, type StatusReasonDetail } from '@pid/shared'

/**
 * Why an application's status is what it is: a person's words (a refusal, a revocation, a
 * withdrawal with its reason) or, when the platform decided it, a code with its values that every
 * reader words in its own language. Stored apart (`status_reason` / `status_reason_detail`): a
 * writer sets one and clears the other.
 */
export type StatusReason = string | StatusReasonDetail | null

export const platformReason = (code: StatusReasonCode, params: StatusReasonDetail['params'] = {}): StatusReasonDetail => detail(code, params)

/** The two columns a status change writes. */
export function reasonColumns(reason: StatusReason): { status_reason: string | null; status_reason_detail: string | null } {
  if (reason === null || typeof reason === 'string') return { status_reason: reason, status_reason_detail: null }
  return { status_reason: null, status_reason_detail: JSON.stringify(reason) }
}

const eur = (cents: unknown) => `${centsToDecimal(Number(cents)).replace('.', ',')} euro`

/** A platform reason in Italian, for what the server itself writes in Italian: mails, timeline summaries, the decision list's PDF and sheet. */
const ITALIAN: Record<StatusReasonCode, (p: StatusReasonDetail['params']) => string> = {
  reserve_admitted: () => "ammessa dalla lista d'attesa",
  withdrawn_by_applicant: () => 'ritirata dal richiedente',
  reserve_at_close_out: () => "in lista d'attesa alla chiusura del bando",
  envelope_exhausted: () => 'ammissibile, non finanziata per esaurimento della dotazione',
  reduced_to_remaining: () => 'ridotto al residuo della dotazione',
  reduced_to_freed: () => 'ridotto alla dotazione resasi disponibile',
  reduced_pro_rata: () => 'ridotto in proporzione (riparto pro rata)',
  report_not_submitted: (p) => `rendicontazione non presentata entro il ${String(p.deadlineDate)}`,
  de_minimis_reduced: (p) => `ridotto da ${eur(p.requestedCents)} a ${eur(p.roomCents)}: massimale de minimis di ${eur(p.ceilingCents)} `
    + `(${eur(p.declaredCents)} dichiarati, ${eur(p.platformCents)} tramite la piattaforma negli ultimi ${String(p.years)} anni)`,
}

export function reasonInItalian(reason: StatusReason): string | null {
  if (reason === null || typeof reason === 'string') return reason
  return ITALIAN[reason.code](reason.params)
}

/** What a row stores, read back as one reason. */
export const storedReason = (text: string | null, coded: unknown): StatusReason => (coded as StatusReasonDetail | null) ?? text
