import { types } from 'pg';

const TIMESTAMPTZ = 1184;

/** PostgreSQL's text form of a timestamptz (`2026-03-30 09:00:00+02`) or ISO 8601 → Date. */
export function parseInstant(text: string): Date {
  const date = new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  if (Number.isNaN(date.getTime())) throw new Error(`unexpected instant ${text}`);
  return date;
}

/**
 * A timestamptz as PostgreSQL writes it → the ISO 8601 text the API writes (`2026-03-30T07:00:00.000Z`).
 * PostgreSQL's UTC form (`2026-03-30 07:00:00+00`, a session in UTC) is rearranged without making a Date;
 * any other (an offset, fractions of a second) goes through one.
 */
export function isoOfTimestamptz(text: string): string {
  if (text.length === 22 && text.endsWith('+00')) return `${text.slice(0, 10)}T${text.slice(11, 19)}.000Z`;
  return parseInstant(text).toISOString();
}

/**
 * Type parsers for a query (`{ text, values, types: ISO_INSTANT_TYPES }`) whose instants are only passed on:
 * its timestamptz columns come as ISO text, not as Dates to be formatted again (a week view reads 1,000).
 */
export const ISO_INSTANT_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ && format !== 'binary'
      ? isoOfTimestamptz
      : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};
