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
