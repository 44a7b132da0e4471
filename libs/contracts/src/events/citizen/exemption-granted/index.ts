import { AbsenceCode, ExemptionKind } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { CitizenExemptionGrantedData } from './citizen-exemption-granted.data';

export { CitizenExemptionGrantedData };

export const CitizenExemptionGrantedEvent = defineEvent({
  type: 'citizen.exemption-granted',
  version: 1,
  topic: Topics.citizen,
  dataClass: CitizenExemptionGrantedData,
  description:
    'The duty to self-book (or to hold conversations) is paused: exemption (fritagelse), ' +
    'withdrawal (fratagelse), less intensive effort, sickness, or the course is at the a-kasse.',
  producer: 'jobcenter and a-kasse systems',
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    exemptionId: EXAMPLE.exemptionId,
    kind: ExemptionKind.EXEMPTION,
    absenceCode: AbsenceCode.EXEMPT_FROM_SELF_BOOKING,
    validFrom: '2024-04-10',
  },
});
