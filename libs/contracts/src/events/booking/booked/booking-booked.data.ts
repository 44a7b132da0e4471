import { IsBoolean } from 'class-validator';
import { ActorRole, ConversationType, MeetingFormat } from '../../../domain-types';
import { Doc, IsAfter, IsEntityId, IsEnumValue, IsFreeText, IsInstant, Optional } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class BookingBookedData extends CitizenAtJobcenter {
  @IsEntityId() bookingId: string;
  @IsEntityId() slotId: string;
  @Doc('the deadline this booking fulfils, if any')
  @Optional()
  @IsEntityId()
  deadlineId?: string;
  @IsEnumValue(ConversationType) conversationType: ConversationType;
  @IsInstant() startsAt: string;
  @IsInstant() @IsAfter('startsAt') endsAt: string;
  @IsEnumValue(MeetingFormat) format: MeetingFormat;
  @Doc('where to meet, or how to join (address, phone number to call, video link text)')
  @IsFreeText(300)
  location: string;
  @IsEnumValue(ActorRole) bookedBy: ActorRole;
  @Doc('booked by the citizen; a self-booked meeting counts as a summons')
  @IsBoolean()
  selfBooked: boolean;
  @Doc(
    'whether the citizen may rebook this meeting (rights are ' +
      'per meeting, F:S21 §20 nr. 11); absent from older producers',
  )
  @Optional()
  @IsBoolean()
  rebookingAllowed?: boolean;
  @Doc(
    'the rebooking period: the citizen may rebook until this instant ' +
      '(F:S21 §20 nr. 12); absent when rebooking is not allowed',
  )
  @Optional()
  @IsInstant()
  rebookableUntil?: string;
}
