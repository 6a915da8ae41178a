import type { ClientModule } from '../../app/module'

/** One part of the experience centre (events, media, demo): what it adds to the module. */
export type ExperiencePart = Omit<ClientModule, 'name'>
