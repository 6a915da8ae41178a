import type { ClientModule } from '../../app/module'

/** One part of mentoring (mentors, matching, engagement, expenses): what it adds to the module. */
export type MentoringPart = Omit<ClientModule, 'name'>
