import { AbsenceCode, ExemptionKind } from '../../../domain-types';
import { Doc, IsEntityId, IsEnumValue, IsLocalDate, IsNotBefore, Optional } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class CitizenExemptionGrantedData extends CitizenAtJobcenter {
  @Doc('pairs the grant with its citizen.exemption-ended')
  @IsEntityId()
  exemptionId: string;
  @IsEnumValue(ExemptionKind) kind: ExemptionKind;
  @Doc('absence code registered with it (56 exemption, 57 withdrawal, 75 course at the a-kasse); closes open deadlines')
  @Optional()
  @IsEnumValue(AbsenceCode)
  absenceCode?: AbsenceCode;
  @IsLocalDate() validFrom: string;
  @Doc('last day, when known in advance')
  @Optional()
  @IsLocalDate()
  @IsNotBefore('validFrom')
  validTo?: string;
}
