/** A handler throws this when retrying cannot help (the event contradicts our state); it goes straight to the DLQ. */
export class NonRetryableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NonRetryableError';
  }
}
