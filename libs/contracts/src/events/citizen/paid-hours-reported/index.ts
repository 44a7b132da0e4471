import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { CitizenPaidHoursReportedData } from './citizen-paid-hours-reported.data';

export { CitizenPaidHoursReportedData };

export const CitizenPaidHoursReportedEvent = defineEvent({
  type: 'citizen.paid-hours-reported',
  version: 1,
  topic: Topics.citizen,
  dataClass: CitizenPaidHoursReportedData,
  description: "The a-kasse reported a month's paid dagpenge hours; every future guiding date is recalculated.",
  producer: 'a-kasse systems',
  example: { citizenId: EXAMPLE.citizenId, akasseId: EXAMPLE.akasseId, month: '2024-03', hours: 160.33 },
});
