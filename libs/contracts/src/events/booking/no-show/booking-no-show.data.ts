import { ActorRole, ConversationHolder } from '../../../domain-types';
import { IsEnumValue } from '../../../validation/decorators';
import { RegisteredAttendance } from '../../shared';

export class BookingNoShowData extends RegisteredAttendance {
  /** a no-show at an other actor counts as one at the jobcenter */
  @IsEnumValue(ConversationHolder) heldBy: ConversationHolder;
  @IsEnumValue(ActorRole) registeredBy: ActorRole;
}
