import type { EventsTables } from './events/tables.ts'
import type { MediaTables } from './media/tables.ts'
import type { DemoTables } from './demo/tables.ts'
import type { DoorTables } from './door/tables.ts'

/** The experience centre's tables: events (0036), the media library (0037), the demo area (0038). */
export interface ExperienceCenterTables extends EventsTables, MediaTables, DemoTables, DoorTables {}
