/**
 * Many JSON values as one text parameter, for batch statements that write a JSON column per row.
 * `json_to_recordset` over a batch parses every JSON character to find where each field ends, and then
 * `jsonb` parses it again (6.9 vs 2.5 s of PostgreSQL's CPU per 100,000 outbox rows of 1.5 kB); a text[]
 * parameter costs node-pg an escape of every quote. Instead the texts are joined by U+001E, which never
 * occurs inside one (JSON.stringify escapes every control character), and split again by PostgreSQL.
 */
const SEPARATOR = '\x1e';

/** The values' JSON texts joined; null and undefined become '' (SQL NULL through `nullif(x, '')`). */
export function joinJsonTexts(values: readonly unknown[]): string {
  return values.map((value) => (value == null ? '' : JSON.stringify(value))).join(SEPARATOR);
}

/**
 * SQL for the texts of a `joinJsonTexts` parameter, as a text[] to unnest beside the batch's other
 * columns; cast each element (`x::json`, or `nullif(x, '')::jsonb` where a value may be null).
 */
export function jsonTextsOf(parameter: string): string {
  return `string_to_array(${parameter}::text, E'\\x1e')`;
}
