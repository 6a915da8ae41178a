import { auditNamesIt } from './audit.it'

/** The operations module's messages (Italian, the reference catalogue): sent mail and the activity log. */
export const it = {
  nav: {
    mail: 'Posta inviata',
    audit: 'Registro attività',
  },
  mail: {
    title: 'Posta inviata',
    intro: 'I messaggi generati dalla piattaforma per questa camera (nella demo restano qui, senza invio reale).',
    createdAt: 'Data',
    to: 'Destinatario',
    subject: 'Oggetto',
    status: 'Stato',
    statuses: { pending: 'In coda', sent: 'Inviato', held: 'Trattenuto', failed: 'Non recapitato' },
    read: 'Leggi',
    readMessage: 'Leggi il messaggio «{subject}»',
    empty: 'Nessun messaggio.',
    attachments: 'Allegati',
    attachmentKinds: { qr: 'codice QR, disegnato all\'invio' },
  },
  audit: {
    title: 'Registro attività',
    intro: 'Le operazioni registrate per questa camera, dalla più recente.',
    at: 'Data e ora',
    actor: 'Autore',
    action: 'Azione',
    entity: 'Oggetto',
    before: 'Prima',
    after: 'Dopo',
    requestId: 'ID richiesta',
    system: 'Sistema',
    empty: 'Nessuna attività registrata.',
    entityWithId: '{entity} n. {id}',
    ...auditNamesIt,
  },
}

export type OperationsMessages = typeof it
