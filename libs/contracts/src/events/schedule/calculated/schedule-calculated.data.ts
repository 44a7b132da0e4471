import { IsBoolean, IsInt, Matches, Min } from 'class-validator';
import { ContactGroup, ConversationHolder, ConversationStatus, ConversationType, Regime, SummonsReason } from '../../../domain-types';
import {
  Doc,
  IsEnumValue,
  IsInstant,
  IsLocalDate,
  IsNotBefore,
  NestedArray,
  Optional,
} from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

/** One conversation of the contact course with its guiding date (vejledende samtaledato). */
export class ScheduledConversation {
  @Doc('position in the course, 1-based')
  @IsInt()
  @Min(1)
  number: number;
  @IsEnumValue(ConversationType) type: ConversationType;
  @IsEnumValue(ConversationHolder) heldBy: ConversationHolder;
  @IsLocalDate() guidingDate: string;
  @IsLocalDate() windowFrom: string;
  @IsLocalDate() @IsNotBefore('windowFrom') windowTo: string;
  @IsEnumValue(ConversationStatus) status: ConversationStatus;
  @Doc('the deadline-service opens a self-booking deadline for it')
  @IsBoolean()
  needsBookingDeadline: boolean;
  @Doc('set when no lawful self-booking deadline fits the window: the jobcenter summons instead (absent otherwise)')
  @Optional()
  @IsEnumValue(SummonsReason)
  summonsReason?: SummonsReason.WINDOW_SHORTER_THAN_MINIMUM_DEADLINE;
}

export class ScheduleCalculatedData extends CitizenAtJobcenter {
  @IsEnumValue(Regime) regime: Regime;
  @IsEnumValue(ContactGroup) contactGroup: ContactGroup;
  @NestedArray(() => ScheduledConversation) conversations: ScheduledConversation[];
  @Doc('førstegangsaktivering: latest date for the first activation offer')
  @Optional()
  @IsLocalDate()
  firstActivationDeadline?: string;
  @IsInstant() calculatedAt: string;
  @Doc('hash of inputs and result: an unchanged hash means nothing changed')
  @Matches(/^[0-9a-f]{16,128}$/)
  scheduleHash: string;
}
