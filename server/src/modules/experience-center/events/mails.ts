import type { DbOrTx } from '../../../db/database.ts'
import type { Mailer, OutgoingMail } from '../../../core/mail.ts'
import type { CrmService } from '../../crm/index.ts'
import { personalUrl, registrationToken } from './registration-link.ts'

export interface MailTarget {
  registrationId: number
  eventId: number
  firmId: number
  contactId: number
}

const romeTime = (d: Date | string) => new Date(d).toLocaleString('it-IT', {
  timeZone: 'Europe/Rome', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit',
})

/**
 * The mails a registrant gets, in Italian, through the outbox (written in the transaction of the
 * change, sent by a job). Each carries the personal link: the page shows the registration, lets the
 * person cancel it or confirm an offered place, and shows the QR code the door scans.
 */
export class EventMails {
  private readonly deps: { mailer: Mailer; crm: CrmService; secret: string; publicUrl: string }
  constructor(deps: { mailer: Mailer; crm: CrmService; secret: string; publicUrl: string }) { this.deps = deps }

  private async send(db: DbOrTx, t: MailTarget & Known, subject: (title: string) => string, body: (e: EventFacts, link: string) => string[], qr = false) {
    const to = t.to ?? await this.deps.crm.contactForMail(db, t.firmId, t.contactId)
    if (!to) return
    const event = t.event ?? await db.selectFrom('ec_event').select(['chamber_id', 'title', 'starts_at', 'venue', 'address', 'online_url'])
      .where('id', '=', t.eventId).executeTakeFirstOrThrow()
    await this.deps.mailer.queue(db, this.compose(t.registrationId, to, event, subject, body, qr))
  }

  private compose(registrationId: number, to: { name: string; email: string }, event: EventFacts & { chamber_id: number },
    subject: (title: string) => string, body: (e: EventFacts, link: string) => string[], qr: boolean): OutgoingMail {
    const { token } = registrationToken(this.deps.secret, registrationId)
    const link = personalUrl(this.deps.publicUrl, token)
    return {
      chamberId: event.chamber_id, to: to.email, subject: subject(event.title),
      text: [`Gentile ${to.name},`, '', ...body(event, link), '', 'Cordiali saluti,', 'Punto Impresa Digitale'].join('\n'),
      // The same code as the personal page's QR (the bare token, what the door's check-in reads);
      // only described here: the mail job draws it, the registration path never does.
      ...(qr ? { attachments: [{ kind: 'qr' as const, filename: 'iscrizione.png', text: token, cid: 'qr' }] } : {}),
    }
  }

  /**
   * A batch of registrations just made, in one INSERT into the outbox: they know their person and
   * event, so no lookups while the batch holds the event's lock.
   */
  registeredAll(db: DbOrTx, event: EventFacts & { chamber_id: number }, targets: readonly RegisteredMail[]) {
    return this.deps.mailer.queueMany(db, targets.map((t) => this.compose(t.registrationId, t.to, event,
      (title) => t.status === 'confirmed' ? `Iscrizione confermata: ${title}` : `In lista d'attesa: ${title}`,
      (e, link) => [
        t.status === 'confirmed'
          ? `la sua iscrizione all'evento «${e.title}» è confermata.`
          : `l'evento «${e.title}» è al completo: lei è in lista d'attesa. Se un posto si libera glielo offriremo per e-mail.`,
        ...where(e), '',
        'La sua pagina personale (per annullare l\'iscrizione e mostrare il codice QR all\'ingresso):', link,
        ...(t.status === 'confirmed' ? ['', 'All\'ingresso può mostrare anche il codice QR allegato a questa e-mail.'] : []),
      ], t.status === 'confirmed')))
  }

  offer(db: DbOrTx, t: MailTarget & { expiresAt: Date }) {
    return this.send(db, t, (title) => `Si è liberato un posto: ${title}`, (e, link) => [
      `si è liberato un posto per l'evento «${e.title}» ed è riservato a lei fino a ${romeTime(t.expiresAt)}.`,
      ...where(e), '', 'Per confermarlo (o rinunciare) apra la sua pagina personale:', link,
      '', 'Se non conferma entro quell\'ora il posto passerà al prossimo in lista d\'attesa.',
    ])
  }

  cancelledByStaff(db: DbOrTx, t: MailTarget) {
    return this.send(db, t, (title) => `Iscrizione annullata: ${title}`, (e) => [
      `la sua iscrizione all'evento «${e.title}» è stata annullata dagli organizzatori.`,
    ])
  }

  eventCancelled(db: DbOrTx, t: MailTarget) {
    return this.send(db, t, (title) => `Evento annullato: ${title}`, (e) => [
      `ci dispiace informarla che l'evento «${e.title}» previsto per ${romeTime(e.starts_at)} è stato annullato.`,
    ])
  }

  reminder(db: DbOrTx, t: MailTarget) {
    return this.send(db, t, (title) => `Promemoria: ${title}`, (e, link) => [
      `le ricordiamo l'evento «${e.title}» a cui è iscritto.`, ...where(e), '',
      'All\'ingresso mostri il codice QR allegato a questa e-mail o quello della sua pagina personale (o la annulli se non potrà partecipare):', link,
    ], true)
  }
}

/** A registration just made, as its batch knows it. */
export interface RegisteredMail { registrationId: number; status: 'confirmed' | 'waitlisted'; to: { name: string; email: string } }

/** What the caller may already know (saves the lookups). */
interface Known { to?: { name: string; email: string }; event?: EventFacts & { chamber_id: number } }

interface EventFacts { title: string; starts_at: Date; venue: string | null; address: string | null; online_url: string | null }

function where(e: EventFacts): string[] {
  return [
    '', `Quando: ${romeTime(e.starts_at)}`,
    ...(e.venue || e.address ? [`Dove: ${[e.venue, e.address].filter(Boolean).join(', ')}`] : []),
    ...(e.online_url ? [`Collegamento: ${e.online_url}`] : []),
  ]
}
