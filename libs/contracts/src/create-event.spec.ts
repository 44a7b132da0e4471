import { ConversationType } from './domain-types';
import { createEvent } from './create-event';
import { ContractViolationError } from './errors';
import { BookingBookedData, BookingBookedEvent, DeadlineFulfilledEvent } from './events';
import { validateEvent } from './validate-event';

const example = () => structuredClone(BookingBookedEvent.example!) as BookingBookedData;
const meta = { subject: example().citizenId, source: 'booking-service' };

describe('createEvent', () => {
  it('builds a valid envelope with defaults', () => {
    const event = createEvent(BookingBookedEvent, example(), meta);
    expect(event).toMatchObject({
      type: 'booking.booked',
      version: 1,
      source: 'booking-service',
      subject: meta.subject,
      causationId: null,
    });
    expect(event.correlationId).toBe(event.id); // a new flow starts here
    expect(validateEvent(JSON.parse(JSON.stringify(event)), { strict: true }).ok).toBe(true);
  });

  it('keeps the given id, time, correlation and causation', () => {
    const event = createEvent(DeadlineFulfilledEvent, structuredClone(DeadlineFulfilledEvent.example!), {
      ...meta,
      id: '11111111-2222-4333-8444-555555555555',
      occurredAt: new Date('2024-05-28T10:00:00+02:00'),
      correlationId: '4bf92f3577b34da6a3ce929d0e0e4736',
      causationId: '22222222-2222-4333-8444-555555555555',
    });
    expect(event).toMatchObject({
      id: '11111111-2222-4333-8444-555555555555',
      occurredAt: '2024-05-28T08:00:00.000Z',
      correlationId: '4bf92f3577b34da6a3ce929d0e0e4736',
      causationId: '22222222-2222-4333-8444-555555555555',
    });
  });

  it.each(['req-4711', '0101801001', 'aa010180-1001-4aaa-8aaa-aaaaaaaaaaaa'])(
    'defect 3: refuses to write correlation or causation id %s (only a uuid or W3C trace id without a CPR number)',
    (id) => {
      expect(() => createEvent(BookingBookedEvent, example(), { ...meta, correlationId: id })).toThrow(
        /envelope\.correlationId/,
      );
      expect(() => createEvent(BookingBookedEvent, example(), { ...meta, causationId: id })).toThrow(
        /envelope\.causationId/,
      );
    },
  );

  it('throws ContractViolationError naming the bad field', () => {
    const data = { ...example(), conversationType: 99 as ConversationType };
    expect(() => createEvent(BookingBookedEvent, data, meta)).toThrow(ContractViolationError);
    expect(() => createEvent(BookingBookedEvent, data, meta)).toThrow(
      /booking\.booked@1: data\.conversationType must be one of/,
    );
  });

  it('is strict: fields outside the contract are refused', () => {
    const data = { ...example(), cpr: '0101901234' } as BookingBookedData;
    expect(() => createEvent(BookingBookedEvent, data, meta)).toThrow(/data\.cpr: property cpr should not exist/);
  });

  it('refuses a CPR number as subject', () => {
    expect(() => createEvent(BookingBookedEvent, example(), { ...meta, subject: '010190-1234' })).toThrow(
      /subject looks like a CPR number/,
    );
  });

  it('refuses a subject other than the data citizenId, a bad source and an invalid date', () => {
    expect(() =>
      createEvent(BookingBookedEvent, example(), { ...meta, subject: '11111111-2222-4333-8444-555555555555' }),
    ).toThrow(ContractViolationError);
    expect(() => createEvent(BookingBookedEvent, example(), { ...meta, source: 'Booking Service' })).toThrow(
      /envelope\.source/,
    );
    expect(() => createEvent(BookingBookedEvent, example(), { ...meta, occurredAt: new Date('nope') })).toThrow(
      ContractViolationError,
    );
  });
});
