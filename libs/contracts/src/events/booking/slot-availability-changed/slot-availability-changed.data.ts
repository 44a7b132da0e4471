import { IsInt, Min } from 'class-validator';
import { ConversationType, MeetingFormat, SlotStatus } from '../../../domain-types';
import {
  IsAfter,
  IsEntityId,
  IsEnumValue,
  IsFreeText,
  IsInstant,
  IsJobcenterCode,
  IsNonEmptyArray,
} from '../../../validation/decorators';

/** Not about a citizen: the subject (and Kafka key) is the slotId. */
export class SlotAvailabilityChangedData {
  @IsEntityId() slotId: string;
  @IsJobcenterCode() jobcenterCode: string;
  @IsEnumValue(ConversationType) conversationType: ConversationType;
  @IsInstant() startsAt: string;
  @IsInstant() @IsAfter('startsAt') endsAt: string;
  @IsNonEmptyArray() @IsEnumValue(MeetingFormat, { each: true }) formats: MeetingFormat[];
  @IsFreeText(300) location: string;
  @IsInt() @Min(1) capacity: number;
  @IsInt() @Min(0) remainingCapacity: number;
  @IsEnumValue(SlotStatus) status: SlotStatus;
}
