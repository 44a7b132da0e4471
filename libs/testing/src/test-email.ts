import { randomUUID } from 'node:crypto';

/**
 * A unique e-mail address for a test citizen, without digits: a UUID's digits can line up as a CPR number
 * (six digits, a dash, four), which the contracts rightly refuse in any field.
 */
export function testEmail(prefix: string, id: string = randomUUID()): string {
  return `${prefix}-${id.replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)])}@example.dk`;
}
