import { ConversationType, MissedDeadlineConsequence } from './domain-types';
import {
  BookingBookedEvent,
  DeadlineExpiredEvent,
  ScheduleCalculatedEvent,
  SlotAvailabilityChangedEvent,
  CitizenRegisteredEvent,
  CitizenPaidHoursReportedEvent,
} from './events';
import { createEvent } from './create-event';
import { EVENT_DEFINITIONS } from './registry';
import { deletePath, sampleEvent, setPath, without, wrongTypeFor } from './testing/sample-event';
import { validateEvent } from './validate-event';

const reasonOf = (raw: unknown): string => {
  const result = validateEvent(raw);
  if (result.ok) throw new Error('expected the event to be refused');
  return result.reason;
};

describe.each(EVENT_DEFINITIONS.map((d) => [`${d.type}@${d.version}`, d] as const))('%s', (_key, def) => {
  it('its example passes, strictly', () => {
    expect(validateEvent(sampleEvent(def), { strict: true })).toEqual({ ok: true, event: sampleEvent(def) });
  });

  it.each(Object.keys(def.example ?? {}))('a wrong type for %s is refused with a reason naming it', (field) => {
    const event = sampleEvent(def);
    const data = event.data as Record<string, unknown>;
    data[field] = wrongTypeFor(data[field]);
    expect(reasonOf(event)).toContain(`data.${field}`);
  });
});

describe('validateEvent: envelope', () => {
  const valid = () => sampleEvent(BookingBookedEvent);

  it('refuses an unknown type and an unknown version', () => {
    expect(reasonOf({ ...valid(), type: 'booking.teleported' })).toBe('unknown event type booking.teleported');
    expect(reasonOf({ ...valid(), version: 2 })).toBe('unknown version 2 of event type booking.booked (known: 1)');
  });

  it('refuses an envelope without id', () => {
    expect(reasonOf(without(valid(), 'id'))).toMatch(/^envelope\.id/);
  });

  it.each([
    ['version', '1', /envelope\.version/],
    ['occurredAt', '2024-05-28 10:00', /envelope\.occurredAt/],
    ['source', '', /envelope\.source/],
    ['correlationId', '', /envelope\.correlationId/],
    ['causationId', 42, /envelope\.causationId/],
    ['data', null, /envelope\.data/],
    ['data', [], /envelope\.data/],
  ])('refuses a bad %s', (field, value, reason) => {
    expect(reasonOf({ ...valid(), [field]: value })).toMatch(reason);
  });

  it.each(['req-4711', 'jc-4711', '0101801001', '010180-1001', 'x'.repeat(129), '4BF92F3577B34DA6A3CE929D0E0E4736'])(
    'defect 1/3: refuses a correlation or causation id %s that is neither a uuid nor a W3C trace id',
    (id) => {
      expect(reasonOf({ ...valid(), correlationId: id })).toMatch(/envelope\.correlationId/);
      expect(reasonOf({ ...valid(), causationId: id })).toMatch(/envelope\.causationId/);
    },
  );

  it('defect 3: refuses a uuid-shaped correlation id that carries a CPR number', () => {
    expect(reasonOf({ ...valid(), correlationId: 'aa010180-1001-4aaa-8aaa-aaaaaaaaaaaa' })).toMatch(/CPR/);
    expect(reasonOf({ ...valid(), correlationId: 'abcdef0101801001abcdefabcdefabcd' })).toMatch(/CPR/);
  });

  it('accepts a uuid and a W3C trace id as correlation id', () => {
    expect(validateEvent({ ...valid(), correlationId: '4bf92f3577b34da6a3ce929d0e0e4736' }).ok).toBe(true);
    expect(validateEvent({ ...valid(), correlationId: '6f1c2b9e-aaaa-4e8b-9a7c-1b2d3e4f5a60' }).ok).toBe(true);
  });

  it.each([null, 'text', 42, []])('refuses a non-object %p', (raw) => {
    expect(reasonOf(raw)).toBe('event must be a JSON object');
  });

  it.each(['010190-1234', '0101901234'])('refuses a CPR-like subject %s', (cpr) => {
    const event = valid();
    (event.data as Record<string, unknown>).citizenId = cpr;
    expect(reasonOf({ ...event, subject: cpr })).toMatch(/envelope\.subject looks like a CPR number/);
  });

  it('refuses a subject that is not the citizen the data is about (it is the Kafka key)', () => {
    expect(reasonOf({ ...valid(), subject: '6f1c2b9e-0000-4e8b-9a7c-1b2d3e4f5a60' })).toMatch(
      /subject must equal data\.citizenId/,
    );
  });

  it('keys slot events by slotId', () => {
    const slot = sampleEvent(SlotAvailabilityChangedEvent);
    expect(validateEvent(slot).ok).toBe(true);
    expect(reasonOf({ ...slot, subject: '6f1c2b9e-4d3a-4e8b-9a7c-1b2d3e4f5a60' })).toMatch(/data\.slotId/);
  });

  it('accepts a missing causationId', () => {
    expect(validateEvent(without(valid(), 'causationId')).ok).toBe(true);
  });
});

describe('validateEvent: data', () => {
  it('tolerates unknown data fields from a newer producer, unless strict', () => {
    const event = sampleEvent(BookingBookedEvent);
    (event.data as Record<string, unknown>).addedLater = 'x';
    expect(validateEvent(event).ok).toBe(true);
    expect(validateEvent(event, { strict: true })).toEqual({
      ok: false,
      reason: 'data.addedLater: property addedLater should not exist',
    });
  });

  it('names nested fields with their path', () => {
    const event = sampleEvent(ScheduleCalculatedEvent);
    setPath(event.data, 'conversations.0.guidingDate', '2024-02-30');
    expect(reasonOf(event)).toBe(
      'data.conversations[0].guidingDate must be a local date (YYYY-MM-DD, years 1900–2199)',
    );

    const contact = sampleEvent(CitizenRegisteredEvent);
    setPath(contact.data, 'contact.language', 'de');
    expect(reasonOf(contact)).toBe('data.contact.language must be one of: da, en');
  });

  it('refuses a missing nested object and a non-array list', () => {
    const event = sampleEvent(CitizenRegisteredEvent);
    deletePath(event.data, 'contact');
    expect(reasonOf(event)).toMatch(/data\.contact/);

    const schedule = sampleEvent(ScheduleCalculatedEvent);
    for (const notAList of [{ number: 1 }, [null], ['x'], [[]]]) {
      setPath(schedule.data, 'conversations', notAList);
      expect(reasonOf(schedule)).toMatch(/data\.conversations must be an array of objects/);
    }
  });

  it('refuses the member name of a numeric enum (7, not "JOB_CONVERSATION")', () => {
    const event = sampleEvent(BookingBookedEvent);
    setPath(event.data, 'conversationType', 'JOB_CONVERSATION');
    expect(reasonOf(event)).toMatch(/data\.conversationType must be one of: 4, 7/);
    setPath(event.data, 'conversationType', ConversationType.JOINT_CONVERSATION);
    expect(validateEvent(event).ok).toBe(true);
  });

  it('treats optional as "may be absent", not "may be null"', () => {
    const event = sampleEvent(BookingBookedEvent);
    deletePath(event.data, 'akasseId');
    expect(validateEvent(event).ok).toBe(true);
    setPath(event.data, 'akasseId', null);
    expect(reasonOf(event)).toMatch(/data\.akasseId/);
  });

  it('requires deregisteredFrom exactly when the consequence is deregistration', () => {
    const event = sampleEvent(DeadlineExpiredEvent);
    deletePath(event.data, 'deregisteredFrom');
    expect(reasonOf(event)).toMatch(/data\.deregisteredFrom must be a local date/);
    setPath(event.data, 'consequence', MissedDeadlineConsequence.DEDUCTION);
    expect(validateEvent(event).ok).toBe(true);
  });

  it('checks order across fields: a meeting ends after it starts', () => {
    const event = sampleEvent(BookingBookedEvent);
    setPath(event.data, 'endsAt', (event.data as { startsAt: string }).startsAt);
    expect(reasonOf(event)).toMatch(/data\.endsAt must be after startsAt/);
  });

  it('refuses a CPR number smuggled into free text or an e-mail address', () => {
    const event = sampleEvent(BookingBookedEvent);
    setPath(event.data, 'location', 'Borger 010190-1234 møder op');
    expect(reasonOf(event)).toMatch(/data\.location/);
    const registered = sampleEvent(CitizenRegisteredEvent);
    setPath(registered.data, 'contact.email', '0101901234@example.dk');
    expect(reasonOf(registered)).toMatch(/data\.contact\.email/);
  });

  it('spells out at most five problems', () => {
    const event = sampleEvent(BookingBookedEvent);
    event.data = {};
    expect(reasonOf(event)).toMatch(/; and \d+ more$/);
  });

  it('refuses a prototype-polluting payload without polluting', () => {
    const event = JSON.parse(
      JSON.stringify(sampleEvent(BookingBookedEvent)).replace(
        '"citizenId"',
        '"__proto__":{"polluted":true},"citizenId"',
      ),
    );
    validateEvent(event);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('validateEvent: cost', () => {
  it('is cheap enough to run on every consumed message (well under 1 ms per event)', () => {
    const event = sampleEvent(ScheduleCalculatedEvent); // the one with nested objects
    const started = process.hrtime.bigint();
    for (let i = 0; i < 2000; i++) validateEvent(event);
    const perEventMs = Number(process.hrtime.bigint() - started) / 1e6 / 2000;
    expect(perEventMs).toBeLessThan(0.5); // measured ≈ 0.03 ms on 2 cores
  });
});

describe('subject pseudonyms', () => {
  it('accepts a uuid subject that happens to contain a CPR-shaped run of digits', () => {
    const event = createEvent(
      CitizenPaidHoursReportedEvent,
      { citizenId: 'ab010190-1234-4abc-8def-0123456789ab', akasseId: 'test-akasse', month: '2026-10', hours: 1 },
      { subject: 'ab010190-1234-4abc-8def-0123456789ab', source: 'test' },
    );
    expect(validateEvent(event)).toMatchObject({ ok: true });
  });
});
