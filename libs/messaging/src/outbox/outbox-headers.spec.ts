import {
  AkasseDeadlineMissedEvent,
  BookingCancelledEvent,
  createEvent,
  EVENT_HEADER_DOCS,
  EventHeader,
} from '@selvbook/contracts';
import { outboxRowsOf } from './outbox';

/** The headers the outbox writes are the ones the contract (and so the AsyncAPI document) lists. */
describe('outbox headers', () => {
  const documented = Object.keys(EVENT_HEADER_DOCS);
  const always = Object.entries(EVENT_HEADER_DOCS)
    .filter(([, h]) => h.always)
    .map(([name]) => name);

  it('writes every always-present header, and none the contract does not document', () => {
    const event = createEvent(AkasseDeadlineMissedEvent, AkasseDeadlineMissedEvent.example!, {
      subject: AkasseDeadlineMissedEvent.example!.citizenId,
      source: 'deadline-service',
    });
    const [row] = outboxRowsOf([event]);
    expect(Object.keys(row.headers).sort()).toEqual([...always].sort());
    expect(row.headers).toMatchObject({
      [EventHeader.eventType]: 'akasse.deadline-missed',
      [EventHeader.eventVersion]: '1',
      [EventHeader.correlationId]: event.correlationId,
      [EventHeader.contentType]: 'application/json',
    });
    expect(row.headers[EventHeader.traceparent]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/);
  });

  it('adds causation-id when the event has a cause', () => {
    const example = BookingCancelledEvent.example!;
    const cause = '6f1c2a9e-3b7d-4c21-9e8f-0a1b2c3d4e5f';
    const event = createEvent(BookingCancelledEvent, example, {
      subject: example.citizenId,
      source: 'booking-service',
      causationId: cause,
    });
    const [row] = outboxRowsOf([event]);
    expect(row.headers[EventHeader.causationId]).toBe(cause);
    for (const name of Object.keys(row.headers)) expect(documented).toContain(name);
  });
});
