import { crmIt } from '../../modules/crm/i18n/it.ts'
import { assessmentIt } from '../../modules/assessment/i18n/it'
import { budgetIt } from '../../modules/budget/i18n/it'
import { vouchersIt } from '../../modules/vouchers/i18n/it.ts'

// Italian is the reference catalogue: en.ts must have the same shape (checked by its type).
// vue-i18n syntax: "@", "{", "}", "|" and "$" are special; write a literal "@" as {'@'}.
const it = {
  app: {
    name: 'Punto Impresa Digitale',
    network: 'Rete delle Camere di commercio',
    skipToContent: 'Vai al contenuto principale',
    loading: 'Caricamento in corso…',
  },
  nav: {
    label: 'Navigazione principale',
    home: 'Cruscotto',
  },
  header: {
    chamber: 'Camera di commercio corrente',
    chamberPlaceholder: 'Seleziona una camera',
    language: 'Lingua',
    userMenu: 'Menu utente di {name}',
    logout: 'Esci',
  },
  lang: { it: 'Italiano', en: 'English' },
  roles: {
    digital_leader: 'Digital leader',
    digital_coordinator: 'Digital coordinator',
    digital_promoter: 'Digital promoter',
    mentor: 'Mentor digitale',
    partner_user: 'Utente partner',
    firm_user: 'Utente impresa',
    regional_coordinator: 'Coordinamento regionale',
    national_coordinator: 'Coordinamento nazionale',
    platform_admin: 'Amministratore piattaforma',
  },
  problems: {
    validation: 'Alcuni dati non sono validi: controlla i campi evidenziati.',
    unauthorized: 'La sessione è scaduta: accedi di nuovo.',
    forbidden: 'Non hai i permessi per questa operazione.',
    not_found: 'Elemento non trovato.',
    conflict: 'Operazione in conflitto con i dati esistenti (ad esempio, utente già presente).',
    rate_limited: 'Troppe richieste in poco tempo. Attendi qualche minuto e riprova.',
    payload_too_large: 'I dati inviati sono troppo grandi.',
    unsupported_media_type: 'Formato dei dati non supportato.',
    invalid_credentials: 'Email o password non corretti.',
    account_locked: 'Account temporaneamente bloccato dopo troppi tentativi falliti. Riprova più tardi.',
    token_expired: 'Il collegamento è scaduto. Chiedi un nuovo invito.',
    token_reused: 'La sessione non è più valida: accedi di nuovo.',
    internal: 'Si è verificato un errore imprevisto. Riprova più tardi.',
    network: 'Impossibile contattare il server. Controlla la connessione.',
    idempotency_key_reused: "Questa richiesta riusa la chiave di un'altra operazione.",
  },
  common: {
    save: 'Salva',
    cancel: 'Annulla',
    close: 'Chiudi',
    loadMore: 'Carica altri',
    actions: 'Azioni',
    required: 'Campo obbligatorio',
    invalidEmail: 'Indirizzo email non valido',
    invalidValue: 'Valore non valido',
    passwordTooShort: 'Almeno 12 caratteri',
    passwordMismatch: 'Le password non coincidono',
    noChamber: 'Seleziona una camera di commercio per continuare.',
    never: 'Mai',
    none: '—',
    success: 'Operazione completata',
    error: 'Errore',
  },
  home: {
    title: 'Cruscotto',
    greeting: 'Benvenuto, {name}',
    chamberCard: 'Camera di commercio corrente',
    pidName: 'Punto Impresa Digitale',
    provinces: 'Province',
    activeFrom: 'Attiva dal',
    yourRoles: 'I tuoi ruoli',
    scopeChamber: 'presso {chamber}',
    scopeRegion: 'regione {region}',
    scopeNational: "sull'intera rete",
    noRoles: 'Nessun ruolo assegnato.',
  },
  notFound: {
    title: 'Pagina non trovata',
    body: "L'indirizzo richiesto non esiste o non è più disponibile.",
    forbiddenTitle: 'Accesso non consentito',
    forbiddenBody: 'Non hai i permessi per questa sezione nella camera selezionata.',
    back: 'Torna al cruscotto',
  },
}

export default it
export type Messages = typeof it
