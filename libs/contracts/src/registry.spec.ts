import { getMetadataStorage } from 'class-validator';
import { defineEvent } from './define-event';
import {
  BookingBookedEvent,
  CitizenRegisteredData,
  CitizenRegisteredEvent,
  AkasseNoShowEvent,
  DeadlineOpenedEvent,
} from './events';
import { EVENT_DEFINITIONS, EVENT_REGISTRY, findEventDefinition } from './registry';
import { RECIPIENT_EVENTS, recipientTopics, topicsFor } from './routing';
import { Topics } from './topics';

const propertiesOf = (cls: new () => object) =>
  new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(cls, '', true, false)
      .map((m) => m.propertyName),
  );

describe('event registry', () => {
  it('registers every event folder under type@version', () => {
    expect(EVENT_REGISTRY.size).toBe(EVENT_DEFINITIONS.length);
    expect(EVENT_REGISTRY.size).toBe(30);
    expect(findEventDefinition('booking.booked', 1)).toBe(BookingBookedEvent);
    expect(findEventDefinition('booking.booked', 2)).toBeUndefined();
  });

  it.each(EVENT_DEFINITIONS.map((d) => [`${d.type}@${d.version}`, d] as const))(
    '%s is complete and routable',
    (_k, d) => {
      expect(d.example).toBeDefined();
      expect(d.producer).toBeTruthy();
      const properties = propertiesOf(d.dataClass);
      expect(properties.has(d.subject ?? 'citizenId')).toBe(true);
      // the organisation ids a recipient topic is resolved from are in the data
      if (d.recipients?.includes('jobcenter')) expect(properties.has('jobcenterCode')).toBe(true);
      if (d.recipients?.includes('akasse')) expect(properties.has('akasseId')).toBe(true);
    },
  );

  it('defineEvent refuses malformed definitions', () => {
    const base = { version: 1, topic: Topics.citizen, dataClass: CitizenRegisteredData, description: 'x' };
    expect(() => defineEvent({ ...base, type: 'Citizen Registered' })).toThrow(/type must match/);
    expect(() => defineEvent({ ...base, type: 'citizen.x', version: 0 })).toThrow(/version/);
    expect(() => defineEvent({ ...base, type: 'citizen.x', topic: 'selvbook.other.v1' })).toThrow(/topic/);
    expect(() => defineEvent({ ...base, type: 'citizen.x', topic: 'selvbook.akasse.{akasseId}.v1' })).toThrow(
      /recipients/,
    );
    expect(Object.isFrozen(defineEvent({ ...base, type: 'citizen.x' }))).toBe(true);
  });
});

describe('recipient routing', () => {
  it('sends availability-relevant events to the a-kasse and deadline/booking events to the jobcenter', () => {
    expect(RECIPIENT_EVENTS.akasse).toEqual([
      'schedule.calculated@1',
      'akasse.deadline-missed@1',
      'akasse.no-show@1',
      'akasse.meeting-cancelled@1',
      'akasse.citizen-deregistered@1',
    ]);
    expect(RECIPIENT_EVENTS.jobcenter).toEqual(
      expect.arrayContaining([
        'deadline.opened@1',
        'deadline.expired@1',
        'booking.booked@1',
        'booking.no-show@1',
        'summons.requested@1',
      ]),
    );
    expect(RECIPIENT_EVENTS.jobcenter).not.toContain('citizen.registered@1');
  });

  it('resolves topics from the data', () => {
    expect(topicsFor(DeadlineOpenedEvent, DeadlineOpenedEvent.example!)).toEqual([
      'selvbook.deadline.v1',
      'selvbook.jobcenter.10101.v1',
    ]);
    expect(topicsFor(AkasseNoShowEvent, AkasseNoShowEvent.example!)).toEqual(['selvbook.akasse.3f.v1']);
    expect(topicsFor(CitizenRegisteredEvent, CitizenRegisteredEvent.example!)).toEqual(['selvbook.citizen.v1']);
    expect(recipientTopics(CitizenRegisteredEvent, CitizenRegisteredEvent.example!)).toEqual([]);
    // ids are checked again when a topic name is built from them
    expect(() => recipientTopics(BookingBookedEvent, { jobcenterCode: '../x' })).toThrow(/invalid jobcenterCode/);
  });
});
