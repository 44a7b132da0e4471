import { IsBoolean, IsInt, Min } from 'class-validator';
import { ContactGroup, ConversationType, MeetingFormat } from '../../../domain-types';
import {
  Doc,
  IsEntityId,
  IsEnumValue,
  IsLocalDate,
  IsNonEmptyArray,
  IsNotBefore,
  Optional,
} from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class DeadlineOpenedData extends CitizenAtJobcenter {
  @IsEntityId() deadlineId: string;
  @IsEnumValue(ConversationType) conversationType: ConversationType;
  @IsInt() @Min(1) conversationNumber: number;
  @Doc('fristdato: last day the citizen may book')
  @IsLocalDate()
  deadlineDate: string;
  @Doc('sidste afholdelsesdato: latest date the meeting may take place')
  @IsLocalDate()
  @IsNotBefore('deadlineDate')
  latestMeetingDate: string;
  @IsEnumValue(ContactGroup) contactGroup: ContactGroup;
  @Doc('KanSelvbooke: false when the citizen is exempt and the jobcenter summons')
  @IsBoolean()
  canSelfBook: boolean;
  @Doc(
    'the formats the meeting may take (the first conversation in ' +
      'person from 2020, F:S16, S20); absent: any the slot offers',
  )
  @Optional()
  @IsNonEmptyArray()
  @IsEnumValue(MeetingFormat, { each: true })
  meetingFormats?: MeetingFormat[];
}
