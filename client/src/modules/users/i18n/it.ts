/** The users module's messages (Italian, the reference catalogue): the users page. */
export const it = {
  nav: {
    users: 'Utenti',
  },
  users: {
    title: 'Utenti',
    intro: 'Il personale della camera e i ruoli assegnati.',
    readOnly: 'Consultazione: non hai i permessi per gestire gli utenti.',
    invite: 'Invita utente',
    inviteTitle: 'Invita un nuovo utente',
    name: 'Nome e cognome',
    email: 'Email',
    role: 'Ruolo',
    roles: 'Ruoli',
    locale: "Lingua dell'invito",
    send: 'Invia invito',
    invited: 'Invito inviato a {email}',
    status: 'Stato',
    lastLogin: 'Ultimo accesso',
    statuses: { invited: 'Invitato', active: 'Attivo', disabled: 'Disabilitato' },
    editRoles: 'Modifica ruoli',
    editRolesOf: 'Modifica ruoli di {name}',
    rolesFor: 'Ruoli di {name}',
    enable: 'Riabilita',
    disable: 'Disabilita',
    enableUser: 'Riabilita {name}',
    disableUser: 'Disabilita {name}',
    updated: 'Utente aggiornato',
    empty: 'Nessun utente in questa camera.',
  },
}

export type UsersMessages = typeof it
