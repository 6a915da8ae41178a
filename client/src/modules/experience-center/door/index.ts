import type { ExperiencePart } from '../part'

/** The door and after: check-in, attendance, certificates, the survey, costs and figures (pages to come). */
export const doorPart: ExperiencePart = {}
