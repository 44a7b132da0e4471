import { ConversationType } from '@selvbook/contracts';
import { namedEnum } from './openapi';

/** The DFDG conversation type ids as one named schema, with the names and what each is. */
export const CONVERSATION_TYPE = namedEnum('ConversationType', ConversationType as unknown as Record<string, number>, {
  FOLLOW_UP_CONVERSATION: 'opfølgningssamtale (sygedagpenge), held by the jobcenter',
  JOB_CONVERSATION: 'jobsamtale, held by the jobcenter',
  REFERRAL: 'henvisning',
  INFORMATION_MEETING: 'informationsmøde',
  CV_CONVERSATION: 'CV-samtale, held by the a-kasse',
  PLACEMENT_CONVERSATION: 'formidlingssamtale',
  OTHER: 'anden samtale',
  INFORMATION_MEETING_NO_DUTY: 'informationsmøde uden mødepligt',
  AVAILABILITY_CONVERSATION: 'rådighedssamtale, held by the a-kasse',
  JOINT_CONVERSATION: 'fælles jobsamtale: the jobcenter and the a-kasse together',
});
