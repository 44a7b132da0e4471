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
  | 'INVALID_PAID_HOURS';

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
