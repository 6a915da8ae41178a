/** The demo area's tables (migration 0038, to come). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DemoTables {}
