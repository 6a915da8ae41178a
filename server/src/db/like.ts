/** Escapes LIKE's wildcards (and its escape character) so user text matches literally. */
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`)
