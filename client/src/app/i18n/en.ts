import type { Messages } from './it'
import { crmEn } from '../../modules/crm/i18n/it.ts'
import { assessmentEn } from '../../modules/assessment/i18n/en'
import { budgetEn } from '../../modules/budget/i18n/en'
import { vouchersEn } from '../../modules/vouchers/i18n/it.ts'

const en: Messages = {
  app: {
    name: 'Punto Impresa Digitale',
    network: 'Chambers of commerce network',
    skipToContent: 'Skip to main content',
    loading: 'Loading…',
  },
  nav: {
    label: 'Main navigation',
    home: 'Dashboard',
  },
  header: {
    chamber: 'Current chamber of commerce',
    chamberPlaceholder: 'Select a chamber',
    language: 'Language',
    userMenu: 'User menu of {name}',
    logout: 'Log out',
  },
  lang: { it: 'Italiano', en: 'English' },
  roles: {
    digital_leader: 'Digital leader',
    digital_coordinator: 'Digital coordinator',
    digital_promoter: 'Digital promoter',
    mentor: 'Digital mentor',
    partner_user: 'Partner user',
    firm_user: 'Business user',
    regional_coordinator: 'Regional coordination',
    national_coordinator: 'National coordination',
    platform_admin: 'Platform administrator',
  },
  problems: {
    validation: 'Some data is not valid: check the highlighted fields.',
    unauthorized: 'Your session has expired: please sign in again.',
    forbidden: 'You are not allowed to do this.',
    not_found: 'Not found.',
    conflict: 'This conflicts with existing data (for example, the user is already a member).',
    rate_limited: 'Too many requests. Wait a few minutes and try again.',
    payload_too_large: 'The data sent is too large.',
    unsupported_media_type: 'Unsupported data format.',
    invalid_credentials: 'Wrong email or password.',
    account_locked: 'Account temporarily locked after too many failed attempts. Try again later.',
    token_expired: 'The link has expired. Ask for a new invitation.',
    token_reused: 'Your session is no longer valid: please sign in again.',
    internal: 'Something went wrong. Try again later.',
    network: 'The server cannot be reached. Check your connection.',
    idempotency_key_reused: 'This request reuses the key of another operation.',
  },
  common: {
    save: 'Save',
    cancel: 'Cancel',
    close: 'Close',
    loadMore: 'Load more',
    actions: 'Actions',
    required: 'Required field',
    invalidEmail: 'Invalid email address',
    invalidValue: 'Invalid value',
    passwordTooShort: 'At least 12 characters',
    passwordMismatch: 'The passwords do not match',
    noChamber: 'Select a chamber of commerce to continue.',
    never: 'Never',
    none: '—',
    success: 'Done',
    error: 'Error',
  },
  home: {
    title: 'Dashboard',
    greeting: 'Welcome, {name}',
    chamberCard: 'Current chamber of commerce',
    pidName: 'Punto Impresa Digitale',
    provinces: 'Provinces',
    activeFrom: 'Active since',
    yourRoles: 'Your roles',
    scopeChamber: 'at {chamber}',
    scopeRegion: 'region {region}',
    scopeNational: 'across the network',
    noRoles: 'No roles assigned.',
  },
  notFound: {
    title: 'Page not found',
    body: 'The requested address does not exist or is no longer available.',
    forbiddenTitle: 'Access not allowed',
    forbiddenBody: 'You are not allowed to open this section in the selected chamber.',
    back: 'Back to the dashboard',
  },
}

export default en
