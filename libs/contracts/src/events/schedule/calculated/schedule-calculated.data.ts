import { IsBoolean, IsInt, Matches, Min } from 'class-validator';
import {
  AbsenceCode,
  ContactGroup,
  ConversationHolder,
  ConversationStatus,
  ConversationType,
  ExemptionKind,
  Regime,
  SummonsReason,
} from '../../../domain-types';
import {
  Doc,
  IsEntityId,
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

/**
 * An exemption (or other pause of the duty) the calculation took into account, as granted by citizen.exemption-granted.
 */
export class ScheduleExemption {
  @IsEntityId() exemptionId: string;
  @IsEnumValue(ExemptionKind) kind: ExemptionKind;
  @Optional() @IsEnumValue(AbsenceCode) absenceCode?: AbsenceCode;
  @IsLocalDate() validFrom: string;
  @Doc('last day; set when the exemption ended or its end was known')
  @Optional()
  @IsLocalDate()
  @IsNotBefore('validFrom')
  validTo?: string;
}

export class ScheduleCalculatedData extends CitizenAtJobcenter {
  @IsEnumValue(Regime) regime: Regime;
  @IsEnumValue(ContactGroup) contactGroup: ContactGroup;
  @NestedArray(() => ScheduledConversation) conversations: ScheduledConversation[];
  @Doc('førstegangsaktivering: latest date for the first activation offer')
  @Optional()
  @IsLocalDate()
  firstActivationDeadline?: string;
  @Doc(
    'the exemptions behind cleared needsBookingDeadline flags: this schedule ' +
      'may arrive before the citizen.exemption-granted it was calculated for',
  )
  @Optional()
  @NestedArray(() => ScheduleExemption)
  exemptions?: ScheduleExemption[];
  @IsInstant() calculatedAt: string;
  @Doc('hash of inputs and result: an unchanged hash means nothing changed')
  @Matches(/^[0-9a-f]{16,128}$/)
  scheduleHash: string;
}
