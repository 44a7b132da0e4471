/** Invalid input is a domain error with a machine-readable reason (the REST layer answers 400). */
export type InvalidProfileReason =
  | 'INVALID_DATE'
  | 'MISSING_CONTACT_GROUP'
  | 'UNKNOWN_CONTACT_GROUP'
  | 'UNKNOWN_CONVERSATION_TYPE'
  | 'UNKNOWN_EXEMPTION_KIND'
  | 'DATES_OUT_OF_ORDER'
  | 'HELD_BEFORE_ANCHOR'
  | 'HELD_IN_FUTURE'
  | 'INVALID_PAID_HOURS'
  /** a paid-hours report for a month that has not begun on `now` */
  | 'REPORTED_IN_FUTURE'
  /** birth date outside the named bounds of who can be in a contact course */
  | 'IMPLAUSIBLE_BIRTH_DATE'
  /** `now`, or the course period, before the first regime in force (2015-07-01) */
  | 'BEFORE_FIRST_REGIME'
  /** a held conversation whose type is not allowed for the citizen's group on that day [F:S25] */
  | 'TYPE_NOT_ALLOWED_FOR_GROUP'
  /** dagpenge without the first dagpenge day, when the profile parameters require it */
  | 'MISSING_ANCHOR';

export class InvalidCitizenProfileError extends Error {
  override readonly name = 'InvalidCitizenProfileError';

  constructor(
    readonly reason: InvalidProfileReason,
    /** Path of the offending field, e.g. `heldConversations[2].heldAt`. */
    readonly field: string,
    message: string,
  ) {
    super(`${reason} at ${field}: ${message}`);
  }
}

export function isInvalidCitizenProfileError(e: unknown): e is InvalidCitizenProfileError {
  return e instanceof InvalidCitizenProfileError;
}
