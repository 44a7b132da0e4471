import { Doc, IsEntityId, IsLocalDate, IsNotBefore, Optional } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class ImmediateBookingRequiredData extends CitizenAtJobcenter {
  @Doc('straksbooking applies from this day (the day after the missed deadline)')
  @IsLocalDate()
  requiredFrom: string;
  @Doc('the flag lapses on this day without a re-registration (3 months)')
  @IsLocalDate()
  @IsNotBefore('requiredFrom')
  lapsesOn: string;
  @Doc('the missed deadline that caused it')
  @Optional()
  @IsEntityId()
  deadlineId?: string;
}
