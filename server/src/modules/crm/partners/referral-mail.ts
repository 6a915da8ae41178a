import type { DbOrTx } from '../../../db/database.ts'
import type { Mailer } from '../../../core/mail.ts'

interface MailFacts {
  chamberId: number
  partner: { name: string; email: string | null }
  firmName: string
  referralId: number
  publicUrl: string
}

/** '2026-03-31' -> '31/03/2026', as Italian readers expect a date. */
const italianDate = (day: string) => day.split('-').reverse().join('/')

async function chamberNames(tx: DbOrTx, chamberId: number) {
  return tx.selectFrom('chamber').select(['name', 'pid_name']).where('id', '=', chamberId).executeTakeFirstOrThrow()
}

/** Tells the partner organisation it has a new referral; nothing to send if it has no address. */
export async function mailNewReferral(tx: DbOrTx, mailer: Mailer, facts: MailFacts & { need: string; dueOn: string }): Promise<boolean> {
  if (!facts.partner.email) return false
  const chamber = await chamberNames(tx, facts.chamberId)
  await mailer.queue(tx, {
    chamberId: facts.chamberId, to: facts.partner.email,
    subject: `Nuova segnalazione dal ${chamber.pid_name}: ${facts.firmName}`,
    text: `Gentili ${facts.partner.name},\n\n` +
      `il ${chamber.pid_name} (${chamber.name}) vi segnala l'impresa ${facts.firmName} (segnalazione n. ${facts.referralId}).\n\n` +
      `Esigenza dell'impresa:\n${facts.need}\n\n` +
      `Vi chiediamo di accettare o rifiutare la segnalazione e di inviare la scheda di feedback entro il ${italianDate(facts.dueOn)}.\n` +
      `Acceda alla piattaforma Punto Impresa Digitale: ${facts.publicUrl}/login\n`,
  })
  return true
}

/** Tells the partner organisation the PID has withdrawn a referral, so nobody works on it in vain. */
export async function mailCancelledReferral(tx: DbOrTx, mailer: Mailer, facts: MailFacts & { reason: string }): Promise<boolean> {
  if (!facts.partner.email) return false
  const chamber = await chamberNames(tx, facts.chamberId)
  await mailer.queue(tx, {
    chamberId: facts.chamberId, to: facts.partner.email,
    subject: `Segnalazione annullata dal ${chamber.pid_name}: ${facts.firmName}`,
    text: `Gentili ${facts.partner.name},\n\n` +
      `il ${chamber.pid_name} (${chamber.name}) ha annullato la segnalazione n. ${facts.referralId} relativa all'impresa ${facts.firmName}.\n\n` +
      `Motivo: ${facts.reason}\n\nNon è richiesta alcuna ulteriore attività.\n`,
  })
  return true
}

interface StaffFacts {
  referral: { id: number; chamberId: number; firmId: number; firmName: string; partnerName: string; createdBy: number | null }
  publicUrl: string
}

/** The staff member who made the referral, if still an active user with an address. */
async function referrer(tx: DbOrTx, userId: number | null) {
  if (userId === null) return undefined
  return tx.selectFrom('app_user').select(['email', 'name']).where('id', '=', userId).where('status', '=', 'active').executeTakeFirst()
}

/**
 * Tells the staff member who made the referral that the partner declined it (so the firm can be
 * referred elsewhere) or returned its feedback sheet (so the PID can follow up).
 */
export async function mailReferralAnswerToStaff(tx: DbOrTx, mailer: Mailer,
  facts: StaffFacts & { answer: 'declined' | 'completed'; note: string | null }): Promise<boolean> {
  const to = await referrer(tx, facts.referral.createdBy)
  if (!to) return false
  const r = facts.referral
  const what = facts.answer === 'declined' ? 'ha rifiutato' : 'ha inviato la scheda di feedback per'
  await mailer.queue(tx, {
    chamberId: r.chamberId, to: to.email,
    subject: facts.answer === 'declined'
      ? `Segnalazione n. ${r.id} rifiutata da ${r.partnerName}: ${r.firmName}`
      : `Scheda di feedback di ${r.partnerName}: ${r.firmName}`,
    text: `Gentile ${to.name},\n\n${r.partnerName} ${what} la segnalazione n. ${r.id} relativa all'impresa ${r.firmName}.\n\n` +
      (facts.note ? `Nota del partner: ${facts.note}\n\n` : '') +
      `Scheda dell'impresa: ${facts.publicUrl}/imprese/${r.firmId}\n`,
  })
  return true
}

/** Reminds the partner, and the staff member who made it, that a referral is past its due date. */
export async function mailOverdueReferral(tx: DbOrTx, mailer: Mailer,
  facts: StaffFacts & { partnerEmail: string | null; dueOn: string; daysOverdue: number }): Promise<number> {
  const r = facts.referral
  const chamber = await chamberNames(tx, r.chamberId)
  let sent = 0
  if (facts.partnerEmail) {
    await mailer.queue(tx, {
      chamberId: r.chamberId, to: facts.partnerEmail,
      subject: `Promemoria: segnalazione n. ${r.id} scaduta (${r.firmName})`,
      text: `Gentili ${r.partnerName},\n\nla segnalazione n. ${r.id} del ${chamber.pid_name} relativa all'impresa ${r.firmName} ` +
        `era attesa entro il ${italianDate(facts.dueOn)} (${facts.daysOverdue} giorni fa).\n` +
        `Vi chiediamo di rispondere o di inviare la scheda di feedback: ${facts.publicUrl}/login\n`,
    })
    sent++
  }
  const to = await referrer(tx, r.createdBy)
  if (to) {
    await mailer.queue(tx, {
      chamberId: r.chamberId, to: to.email,
      subject: `Segnalazione n. ${r.id} scaduta da ${facts.daysOverdue} giorni: ${r.firmName}`,
      text: `Gentile ${to.name},\n\n${r.partnerName} non ha ancora concluso la segnalazione n. ${r.id} relativa all'impresa ` +
        `${r.firmName}, attesa entro il ${italianDate(facts.dueOn)}. Il partner ha ricevuto un promemoria.\n\n` +
        `Scheda dell'impresa: ${facts.publicUrl}/imprese/${r.firmId}\n`,
    })
    sent++
  }
  return sent
}
