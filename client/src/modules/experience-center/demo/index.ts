import type { ExperiencePart } from '../part'

/** The experience centre's demo (pages to come). */
export const demoPart: ExperiencePart = {}
