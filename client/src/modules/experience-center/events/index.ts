import type { ExperiencePart } from '../part'

/** The experience centre's events (pages to come). */
export const eventsPart: ExperiencePart = {}
