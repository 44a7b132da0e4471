import { ExemptionKind } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { CitizenExemptionEndedData } from './citizen-exemption-ended.data';

export { CitizenExemptionEndedData };

export const CitizenExemptionEndedEvent = defineEvent({
  type: 'citizen.exemption-ended',
  version: 1,
  topic: Topics.citizen,
  dataClass: CitizenExemptionEndedData,
  description: 'A pause granted by citizen.exemption-granted ended; the duty applies again from endedOn.',
  producer: 'jobcenter and a-kasse systems',
  example: {
    citizenId: EXAMPLE.citizenId,
    jobcenterCode: EXAMPLE.jobcenterCode,
    exemptionId: EXAMPLE.exemptionId,
    kind: ExemptionKind.EXEMPTION,
    endedOn: '2024-07-01',
  },
});
