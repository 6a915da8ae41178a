/** The media library's tables (migration 0037, to come). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MediaTables {}
