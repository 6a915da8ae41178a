import type { Migration } from 'kysely'
import * as m0001 from './0001_foundation.ts'
import * as m0002 from './0002_crm.ts'

/** Every migration, in order. Add new ones at the end; never edit one that has landed. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_crm': m0002,
}
