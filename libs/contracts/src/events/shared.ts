/** Fields most event data classes share; subclasses add what the event itself says. */
import { ConversationType, MissedDeadlineConsequence } from '../domain-types';
import {
  Doc,
  IsAkasseId,
  IsCitizenId,
  IsEntityId,
  IsEnumValue,
  IsInstant,
  IsJobcenterCode,
  IsLocalDate,
  Optional,
  OptionalUnless,
} from '../validation/decorators';

export abstract class CitizenRef {
  @IsCitizenId() citizenId: string;
}

/** A citizen together with the organisations responsible for them (they pick the recipient topics). */
export abstract class CitizenAtJobcenter extends CitizenRef {
  @IsJobcenterCode() jobcenterCode: string;
  /** only insured (dagpenge) citizens have an a-kasse */
  @Optional() @IsAkasseId() akasseId?: string;
}

/** Base of every a-kasse recipient event: the a-kasse is known, and the jobcenter is named for context. */
export abstract class AkasseMemberRef extends CitizenRef {
  @IsAkasseId() akasseId: string;
  @IsJobcenterCode() jobcenterCode: string;
}

/** A booked conversation whose attendance was registered: held (attended) or missed (no-show). */
export abstract class RegisteredAttendance extends CitizenAtJobcenter {
  @IsEntityId() bookingId: string;
  @Optional() @IsEntityId() deadlineId?: string;
  @IsEnumValue(ConversationType) conversationType: ConversationType;
  @IsInstant() startsAt: string;
}

/** The local date a missed deadline deregisters from: required when the event's consequence is DEREGISTRATION. */
export function IsDeregistrationDate(doc: string): PropertyDecorator {
  return (target, key) => {
    IsLocalDate()(target, key);
    OptionalUnless(
      (o: { consequence: MissedDeadlineConsequence }) => o.consequence === MissedDeadlineConsequence.DEREGISTRATION,
      'consequence is DEREGISTRATION',
    )(target, key);
    Doc(doc)(target, key);
  };
}
