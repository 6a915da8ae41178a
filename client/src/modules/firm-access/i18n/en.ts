import type { it } from './it'

/** The firm-access module's messages in English (same keys and parameters as it.ts). */
export const en: typeof it = {
  firmAccess: {
    home: {
      title: 'Your firms',
      intro: 'The chamber of commerce has linked your account to these firms: from here you fill in the digital self-assessment, apply for vouchers and follow your mentoring.',
      none: 'The chamber of commerce has not linked your account to a firm yet. Ask the Punto Impresa Digitale of your chamber of commerce to link it, or to e-mail you a personal link: opening it, you will fill in your firm\'s self-assessment and voucher applications.',
      taxCode: 'Tax code {code}',
      assessment: 'Self-assessment',
      vouchers: 'Voucher applications',
      mentoring: 'Mentoring',
      failed: 'The firm\'s area could not be opened: please try again shortly.',
      loadFailed: 'Your firms could not be loaded: please reload the page.',
    },
    tab: {
      label: 'Firm access',
    },
    accounts: {
      title: 'Firm accounts',
      intro: 'An account with the Business user role, linked here, finds this firm on its dashboard and fills in its self-assessment and voucher applications without a personal link.',
      empty: 'No account is linked to the firm.',
      email: 'Account e-mail',
      link: 'Link account',
      linkedOn: 'linked on {date}',
      inactive: 'not active',
      unlink: 'Unlink',
      unlinkOf: 'Unlink {name}',
      unlinkTitle: 'Unlink the account?',
      unlinkWarning: '{name} ({email}) will no longer act for the firm: the sessions opened from the account end at once.',
      unlinkConfirm: 'Unlink',
      linked: '{name} is now linked to the firm.',
      unlinked: '{name} is no longer linked to the firm.',
      badEmail: 'Enter a valid e-mail address.',
      noSuchUser: 'No user has this e-mail address.',
      notFirmUser: 'This account does not hold the Business user role in this chamber of commerce, or is disabled: the chamber\'s administrator can invite it with the Business user role.',
      alreadyLinked: 'This account is already linked to the firm.',
    },
  },
}
