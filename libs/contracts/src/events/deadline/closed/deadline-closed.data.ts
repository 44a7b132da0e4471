import { AbsenceCode, DeadlineClosedReason } from '../../../domain-types';
import { IsEntityId, IsEnumValue, OptionalUnless } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class DeadlineClosedData extends CitizenAtJobcenter {
  @IsEntityId() deadlineId: string;
  @IsEnumValue(DeadlineClosedReason) reason: DeadlineClosedReason;
  @OptionalUnless(
    (o: DeadlineClosedData) => o.reason === DeadlineClosedReason.ABSENCE_REGISTERED,
    'reason is ABSENCE_REGISTERED',
  )
  @IsEnumValue(AbsenceCode)
  absenceCode?: AbsenceCode;
}
