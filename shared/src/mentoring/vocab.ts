import { Type } from 'typebox'

/**
 * Mentoring's codes, shared by both sides (the client words them). Areas of expertise and of a
 * firm's need are the assessment's dimensions (default questionnaire) and the Industria 4.0
 * enabling technologies, so a need can be set against a mentor's expertise and a firm's weakest
 * dimensions.
 */
export const MENTOR_STATUSES = ['applied', 'selected', 'active', 'suspended', 'retired', 'rejected'] as const
export type MentorStatus = (typeof MENTOR_STATUSES)[number]

export const MENTORING_MODES = ['in_person', 'web'] as const
export type MentoringMode = (typeof MENTORING_MODES)[number]
export const MentoringModeSchema = Type.Enum(MENTORING_MODES)

/** The default questionnaire's dimensions (shared/src/assessment/default-questionnaire.ts). */
export const MENTORING_DIMENSIONS = ['strategy', 'readiness', 'human', 'data', 'automation', 'green', 'egov', 'security'] as const
/** The Industria 4.0 enabling technologies, plus the commercial uses of the web. */
export const MENTORING_TECHNOLOGIES = ['advanced_manufacturing', 'additive_manufacturing', 'augmented_reality', 'simulation',
  'horizontal_vertical_integration', 'industrial_iot', 'cloud', 'cybersecurity', 'big_data_analytics', 'ecommerce', 'digital_marketing'] as const
export const MENTORING_AREAS = [...MENTORING_DIMENSIONS, ...MENTORING_TECHNOLOGIES] as const
export type MentoringArea = (typeof MENTORING_AREAS)[number]
export const MentoringAreaSchema = Type.Enum(MENTORING_AREAS)

/** Languages a mentor may work in (ISO 639-1). */
export const MENTORING_LANGUAGES = ['it', 'en', 'de', 'fr', 'es', 'sl', 'ar', 'zh', 'ro', 'sq'] as const
export const MentoringLanguageSchema = Type.Enum(MENTORING_LANGUAGES)

export const REQUEST_SOURCES = ['firm', 'staff', 'assessment_plan'] as const
export const REQUEST_STATUSES = ['open', 'matched', 'closed', 'withdrawn'] as const
export const MATCH_STATUSES = ['proposed', 'accepted', 'declined', 'withdrawn', 'closed'] as const
export const MATCH_OUTCOMES = ['goals_met', 'partly_met', 'not_met', 'discontinued'] as const
export const EXPENSE_CATEGORIES = ['travel', 'accommodation', 'meals', 'materials', 'other'] as const
export const EXPENSE_STATUSES = ['claimed', 'approved', 'rejected'] as const

/** The reimbursed expenses' cap per mentor per year when the programme sets none: 3,000 EUR (seed). */
export const DEFAULT_MENTOR_EXPENSE_CAP_CENTS = 300_000
