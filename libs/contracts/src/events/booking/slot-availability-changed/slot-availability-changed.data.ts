import { IsInt, Min } from 'class-validator';
import { ConversationType, MeetingFormat, SlotStatus } from '../../../domain-types';
import {
  Doc,
  IsAfter,
  IsEntityId,
  IsEnumValue,
  IsFreeText,
  IsInstant,
  IsJobcenterCode,
  IsNonEmptyArray,
  Optional,
} from '../../../validation/decorators';

/** Not about a citizen: the subject (and Kafka key) is the slotId. */
export class SlotAvailabilityChangedData {
  @IsEntityId() slotId: string;
  @IsJobcenterCode() jobcenterCode: string;
  @Doc('the first conversation type the slot offers (see conversationTypes)')
  @IsEnumValue(ConversationType)
  conversationType: ConversationType;
  @Doc('every conversation type the slot offers; absent from older producers (then conversationType alone)')
  @Optional()
  @IsNonEmptyArray()
  @IsEnumValue(ConversationType, { each: true })
  conversationTypes?: ConversationType[];
  @IsInstant() startsAt: string;
  @IsInstant() @IsAfter('startsAt') endsAt: string;
  @IsNonEmptyArray() @IsEnumValue(MeetingFormat, { each: true }) formats: MeetingFormat[];
  @IsFreeText(300) location: string;
  @IsInt() @Min(1) capacity: number;
  @IsInt() @Min(0) remainingCapacity: number;
  @IsEnumValue(SlotStatus) status: SlotStatus;
}
