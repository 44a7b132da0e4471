import { ExemptionKind } from '../../../domain-types';
import { IsEntityId, IsEnumValue, IsLocalDate } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class CitizenExemptionEndedData extends CitizenAtJobcenter {
  @IsEntityId() exemptionId: string;
  @IsEnumValue(ExemptionKind) kind: ExemptionKind;
  /** first day the duty applies again */
  @IsLocalDate() endedOn: string;
}
