import type { Scenario } from '../types.ts'
import { readOneById } from './read-one-by-id.ts'

/** Every scenario `pnpm bench` runs, in order. A module adds its own file here and lists it. */
export const scenarios: Scenario[] = [
  readOneById,
]
