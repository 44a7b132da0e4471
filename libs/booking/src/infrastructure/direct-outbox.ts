import type { EventEnvelope } from '@selvbook/contracts';
import { OutboxRow, outboxRowsOf } from '@selvbook/messaging';

export { announceOutboxCommit } from '@selvbook/messaging';

/** One outbox row, as `json_to_recordset` reads it inside a booking statement. */
export interface OutboxRowInput extends OutboxRow {
  /**
   * A slot.availability-changed row whose `data.remainingCapacity` and `data.status` the statement fills
   * from the slot row it updated (they depend on the seat count the UPDATE leaves, not on what was read).
   */
  slot_counts?: boolean;
}

/**
 * The outbox rows of `events` exactly as `appendToOutbox` writes them (libs/messaging builds them), for the
 * booking statement that writes its outbox rows in the same SQL statement as the change itself (one round trip).
 */
export function outboxRowsFor(events: { event: EventEnvelope; slotCounts?: boolean }[]): OutboxRowInput[] {
  const rows = outboxRowsOf(events.map(({ event }) => event));
  return rows.map((row, i) => (events[i].slotCounts ? { ...row, slot_counts: true } : row));
}
