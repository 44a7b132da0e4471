import { IsBoolean } from 'class-validator';
import { Language } from '../../domain-types';
import { Doc, IsEmailAddress, IsEnumValue, IsPhoneNumber, Optional } from '../../validation/decorators';

/** How the notification-service may reach the citizen. */
export class ContactDetails {
  @Optional() @IsEmailAddress() email?: string;
  @Optional() @IsPhoneNumber() phone?: string;
  @Doc('citizen receives Digital Post (e-Boks / mit.dk)')
  @IsBoolean()
  digitalPostEnabled: boolean;
  @IsEnumValue(Language) language: Language;
}
