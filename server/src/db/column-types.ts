import type { ColumnType, JSONColumnType } from 'kysely'

/**
 * Column types shared by every module's table types (`modules/<name>/tables.ts`). Column names are
 * snake_case, as in the migrations.
 */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
/** `date` columns come back as 'YYYY-MM-DD' strings (type parser set in database.ts). */
export type DateString = ColumnType<string, string | undefined, string>
export type NullableDate = ColumnType<string | null, string | null | undefined, string | null>
/** A column with a database default: optional on insert. */
export type Defaulted<T> = ColumnType<T, T | undefined, T>
export type Json<T extends object | null = Record<string, unknown>> = JSONColumnType<T, string, string>
export type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>
export type TextArray = ColumnType<string[], string[] | undefined, string[]>
