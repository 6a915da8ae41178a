import type { AuthMessages } from './it'

/** The auth module's messages in English: same shape as the Italian catalogue. */
export const en: AuthMessages = {
  nav: {
    profile: 'Profile',
  },
  login: {
    title: 'Sign in',
    intro: 'Restricted area for PID network staff.',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    expired: 'Your session has expired: please sign in again.',
  },
  invitation: {
    title: 'Activate your account',
    intro: 'Choose a password of at least 12 characters to complete your registration.',
    password: 'New password',
    confirm: 'Confirm password',
    submit: 'Activate account',
    done: 'Account activated. You can now sign in with your email and new password.',
    missingToken: 'The invitation link is invalid or incomplete.',
    invalidLink: 'The invitation link is invalid, already used or expired. Ask for a new invitation.',
    goLogin: 'Go to sign in',
  },
  profile: {
    title: 'Profile',
    personal: 'Personal details',
    name: 'Full name',
    email: 'Email',
    locale: 'Preferred language (also for emails)',
    saved: 'Profile updated',
    password: 'Change password',
    current: 'Current password',
    new: 'New password',
    confirm: 'Confirm new password',
    change: 'Change password',
    changed: 'Password changed',
    wrongCurrent: 'The current password is wrong.',
  },
}
