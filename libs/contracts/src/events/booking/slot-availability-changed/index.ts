import { ConversationType, MeetingFormat, SlotStatus } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { SlotAvailabilityChangedData } from './slot-availability-changed.data';

export { SlotAvailabilityChangedData };

export const SlotAvailabilityChangedEvent = defineEvent({
  type: 'slot.availability-changed',
  version: 1,
  topic: Topics.booking,
  dataClass: SlotAvailabilityChangedData,
  description: 'A slot (mødetilbud) was published, booked, freed or withdrawn; carries its remaining capacity.',
  producer: 'booking-service',
  subject: 'slotId',
  example: {
    slotId: EXAMPLE.slotId,
    jobcenterCode: EXAMPLE.jobcenterCode,
    conversationType: ConversationType.JOB_CONVERSATION,
    startsAt: '2024-05-30T07:00:00Z',
    endsAt: '2024-05-30T07:45:00Z',
    formats: [MeetingFormat.IN_PERSON, MeetingFormat.PHONE],
    location: 'Jobcenter København, Kalvebod Brygge 45, 1560 København V',
    capacity: 1,
    remainingCapacity: 0,
    status: SlotStatus.FULLY_BOOKED,
  },
});
