import { ActorRole } from '../../../domain-types';
import { IsEnumValue } from '../../../validation/decorators';
import { RegisteredAttendance } from '../../shared';

export class BookingAttendedData extends RegisteredAttendance {
  @IsEnumValue(ActorRole) registeredBy: ActorRole;
}
