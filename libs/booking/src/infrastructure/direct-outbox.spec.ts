import { ContractViolationError, jobcenterTopic, Topics } from '@selvbook/contracts';
import { OUTBOX_WRITTEN } from '@selvbook/messaging';
import type { EntitySubscriberInterface } from 'typeorm';
import { announceOutboxCommit, outboxRowsFor } from './direct-outbox';
import { bookedEventOf, slotEvent } from './events';
import { SlotRow } from './rows';

const slot: SlotRow = {
  id: '5d9f3b0e-8c1a-4f55-9a52-1a2b3c4d5e6f',
  calendar_id: '0b7c2a4e-1d3f-4e5a-8b6c-7d8e9f0a1b2c',
  org_kind: 'JOBCENTER',
  org_code: '10101',
  jobcenter_code: '10101',
  akasse_id: null,
  joint: false,
  conversation_types: [7],
  formats: ['IN_PERSON'],
  starts_at: '2026-03-30T09:00:00+02:00',
  ends_at: '2026-03-30T09:45:00+02:00',
  capacity: 2,
  seats_taken: 1,
  location: 'Jobcenter, Vej 1',
  status: 'OPEN',
  version: 2,
};

function booked(overrides: { akasseId?: string | null; format?: string } = {}) {
  return bookedEventOf(
    {
      bookingId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
      slotId: slot.id,
      citizenId: '6f1c0e7e-3d7b-4c52-9a4c-0e0c8a7f2b11',
      jobcenterCode: '10101',
      akasseId: overrides.akasseId ?? null,
      deadlineId: null,
      conversationType: 7,
      startsAt: new Date('2026-03-30T07:00:00Z'),
      endsAt: new Date('2026-03-30T07:45:00Z'),
      format: overrides.format ?? 'IN_PERSON',
      location: 'Jobcenter, Vej 1',
      bookedBy: 'CASEWORKER',
      selfBooked: false,
      previousBookingId: null,
    },
    'booking-service',
    new Date('2026-03-20T10:00:00Z'),
  );
}

describe('outbox rows written in the booking statement', () => {
  it('routes each event to the topics its contract names, keyed by its subject, with the usual headers', () => {
    const { rows, slotCountRows } = outboxRowsFor([
      { event: booked() },
      ...slotEvent(slot, 'booking-service', new Date()).map((event) => ({ event, slotCounts: true })),
    ]);
    expect(rows.map((r) => [r.event_type, r.topic, r.also_to])).toEqual([
      ['booking.booked', Topics.booking, [jobcenterTopic('10101')]],
      ['slot.availability-changed', Topics.booking, []],
    ]);
    // the statement fills the seats left into the slot event, numbered from 1 as the statement's rows are
    expect(slotCountRows).toEqual([2]);
    expect(rows[0].key).toBe('6f1c0e7e-3d7b-4c52-9a4c-0e0c8a7f2b11');
    expect(rows[1].key).toBe(slot.id);
    expect(rows[0].headers).toMatchObject({
      'event-type': 'booking.booked',
      'event-version': '1',
      'content-type': 'application/json',
    });
    expect(rows[0].headers['correlation-id']).toBe(rows[0].payload.correlationId);
  });

  it('routes as the contract says: booking.booked goes to the jobcenter, not to the a-kasse, of a member', () => {
    const topics = outboxRowsFor([{ event: booked({ akasseId: 'ak03' }) }]).rows.map((r) => [r.topic, ...r.also_to]);
    expect(topics).toEqual([[Topics.booking, jobcenterTopic('10101')]]);
  });

  it('validates every event against its contract: nothing malformed reaches the outbox', () => {
    expect(() => outboxRowsFor([{ event: booked({ format: 'CARRIER_PIGEON' }) }])).toThrow(ContractViolationError);
  });

  it('announces the commit the way a TypeORM transaction that wrote the outbox does', () => {
    const seen: boolean[] = [];
    const listener: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }) => void seen.push(queryRunner.data[OUTBOX_WRITTEN] === true),
    };
    announceOutboxCommit({ subscribers: [listener, {}] });
    expect(seen).toEqual([true]);
  });
});
