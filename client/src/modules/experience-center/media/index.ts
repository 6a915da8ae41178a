import type { ExperiencePart } from '../part'

/** The experience centre's media (pages to come). */
export const mediaPart: ExperiencePart = {}
