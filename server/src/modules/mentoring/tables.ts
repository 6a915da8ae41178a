import type { MentorsTables } from './mentors/tables.ts'
import type { MatchingTables } from './matching/tables.ts'
import type { EngagementTables } from './engagement/tables.ts'
import type { ExpensesTables } from './expenses/tables.ts'

/** Mentoring's tables: mentors (0041), matching (0042), engagement (0043), expenses (0044). */
export interface MentoringTables extends MentorsTables, MatchingTables, EngagementTables, ExpensesTables {}
