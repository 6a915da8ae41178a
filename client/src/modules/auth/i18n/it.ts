/** The auth module's messages (Italian, the reference catalogue): sign-in, invitation and profile pages. */
export const it = {
  nav: {
    profile: 'Profilo',
  },
  login: {
    title: 'Accedi',
    intro: "Area riservata al personale della rete PID.",
    email: 'Email',
    password: 'Password',
    submit: 'Accedi',
    expired: 'La sessione è scaduta: accedi di nuovo.',
  },
  invitation: {
    title: 'Attiva il tuo account',
    intro: 'Scegli una password di almeno 12 caratteri per completare la registrazione.',
    password: 'Nuova password',
    confirm: 'Conferma password',
    submit: 'Attiva account',
    done: 'Account attivato. Ora puoi accedere con la tua email e la nuova password.',
    missingToken: 'Il collegamento di invito non è valido o è incompleto.',
    invalidLink: 'Il collegamento di invito non è valido, è già stato usato o è scaduto. Chiedi un nuovo invito.',
    goLogin: "Vai all'accesso",
  },
  profile: {
    title: 'Profilo',
    personal: 'Dati personali',
    name: 'Nome e cognome',
    email: 'Email',
    locale: 'Lingua preferita (anche per le email)',
    saved: 'Profilo aggiornato',
    password: 'Cambia password',
    current: 'Password attuale',
    new: 'Nuova password',
    confirm: 'Conferma nuova password',
    change: 'Cambia password',
    changed: 'Password modificata',
    wrongCurrent: 'La password attuale non è corretta.',
  },
}

export type AuthMessages = typeof it
