import { Type } from 'typebox'

/**
 * The themes events and library items are filed under: the seed's sectors of digital application
 * and the Industria 4.0 enabling technologies. Codes are stable; the client words them.
 */
export const EXPERIENCE_THEMES = [
  'precision_agriculture', 'digital_crafts', 'construction_4_0', 'smart_shops', 'tourism', 'restaurants', 'services',
  'advanced_manufacturing', 'additive_manufacturing', 'augmented_reality', 'simulation', 'horizontal_vertical_integration',
  'industrial_iot', 'cloud', 'cybersecurity', 'big_data_analytics', 'ecommerce', 'digital_marketing',
] as const
export type ExperienceTheme = (typeof EXPERIENCE_THEMES)[number]
export const ExperienceThemeSchema = Type.Enum(EXPERIENCE_THEMES)
