import type { EventEnvelope } from '@selvbook/contracts';
import { OutboxRow, outboxRowParameters, outboxRowsOf } from '@selvbook/messaging';

export { announceOutboxCommit } from '@selvbook/messaging';

/** The outbox rows of a booking statement, as it binds them. */
export interface DirectOutbox {
  rows: OutboxRow[];
  /** `outboxRowParameters` of the rows, in order */
  parameters: unknown[];
  /**
   * The rows (numbered from 1) that are slot.availability-changed events whose `data.remainingCapacity`
   * and `data.status` the statement fills from the slot row it updated: they depend on the seat count the
   * UPDATE leaves, not on what was read.
   */
  slotCountRows: number[];
}

/**
 * The outbox rows of `events` exactly as `appendToOutbox` writes them (libs/messaging builds and validates
 * them), for a booking statement that writes its outbox rows in the same SQL statement as the change itself
 * (one round trip).
 */
export function outboxRowsFor(events: { event: EventEnvelope; slotCounts?: boolean }[]): DirectOutbox {
  const rows = outboxRowsOf(events.map(({ event }) => event));
  return {
    rows,
    parameters: outboxRowParameters(rows),
    slotCountRows: events.flatMap((e, i) => (e.slotCounts ? [i + 1] : [])),
  };
}
