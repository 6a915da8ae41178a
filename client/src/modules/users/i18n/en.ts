import type { UsersMessages } from './it'

/** The users module's messages in English: same shape as the Italian catalogue. */
export const en: UsersMessages = {
  nav: {
    users: 'Users',
  },
  users: {
    title: 'Users',
    intro: 'The staff of the chamber and their roles.',
    readOnly: 'Read only: you are not allowed to manage users.',
    invite: 'Invite user',
    inviteTitle: 'Invite a new user',
    name: 'Full name',
    email: 'Email',
    role: 'Role',
    roles: 'Roles',
    locale: 'Invitation language',
    send: 'Send invitation',
    invited: 'Invitation sent to {email}',
    status: 'Status',
    lastLogin: 'Last sign-in',
    statuses: { invited: 'Invited', active: 'Active', disabled: 'Disabled' },
    editRoles: 'Edit roles',
    editRolesOf: 'Edit roles of {name}',
    rolesFor: 'Roles of {name}',
    enable: 'Enable',
    disable: 'Disable',
    enableUser: 'Enable {name}',
    disableUser: 'Disable {name}',
    updated: 'User updated',
    empty: 'No users in this chamber.',
  },
}
