import { DomainProblem } from '@selvbook/platform';

/** Idempotency-Key: 1–200 visible ASCII characters (a UUID is typical). */
export function idempotencyKeyOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(value))
    throw new DomainProblem(400, 'Idempotency-Key must be 1–200 visible ASCII characters', 'invalid-idempotency-key');
  return value;
}
