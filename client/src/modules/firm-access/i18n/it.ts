/** The firm-access module's messages (Italian, the reference catalogue). The firm's side speaks "Lei". */
export const it = {
  firmAccess: {
    home: {
      title: 'Le sue imprese',
      intro: "Per queste imprese la camera di commercio ha collegato il suo account: da qui compila l'autovalutazione digitale, presenta le domande di voucher e segue il suo percorso di mentoring.",
      none: "La camera di commercio non ha ancora collegato il suo account a un'impresa. Chieda al Punto Impresa Digitale della sua camera di commercio di collegarlo, oppure di inviarle un link personale per email: aprendolo compilerà l'autovalutazione e le domande di voucher della sua impresa.",
      taxCode: 'Codice fiscale {code}',
      assessment: 'Autovalutazione',
      vouchers: 'Domande di voucher',
      mentoring: 'Mentoring',
      failed: "Non è stato possibile aprire l'area dell'impresa: riprovi tra poco.",
      loadFailed: 'Non è stato possibile caricare le sue imprese: ricarichi la pagina.',
    },
    tab: {
      label: 'Accesso impresa',
    },
    accounts: {
      title: "Account dell'impresa",
      intro: "Un account con il ruolo Utente impresa, collegato qui, trova questa impresa nel suo cruscotto e ne compila l'autovalutazione e le domande di voucher senza link personale.",
      empty: "Nessun account collegato all'impresa.",
      email: "Email dell'account",
      link: 'Collega account',
      linkedOn: 'collegato il {date}',
      inactive: 'non attivo',
      unlink: 'Scollega',
      unlinkOf: 'Scollega {name}',
      unlinkTitle: "Scollegare l'account?",
      unlinkWarning: "{name} ({email}) non potrà più agire per l'impresa: le sessioni aperte dal suo account si chiudono subito.",
      unlinkConfirm: 'Scollega',
      linked: '{name} è ora collegato all\'impresa.',
      unlinked: '{name} non è più collegato all\'impresa.',
      badEmail: 'Scrivi un indirizzo email valido.',
      noSuchUser: 'Nessun utente ha questo indirizzo email.',
      notFirmUser: "Questo account non ha il ruolo Utente impresa in questa camera di commercio, oppure è disattivato: l'amministratore della camera può invitarlo con il ruolo Utente impresa.",
      alreadyLinked: "Questo account è già collegato all'impresa.",
    },
  },
}
