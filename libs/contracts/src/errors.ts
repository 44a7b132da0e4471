/** An event (or the data for one) does not match its contract; the message says which field and why. */
export class ContractViolationError extends Error {
  override readonly name = 'ContractViolationError';
}
