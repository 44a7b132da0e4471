import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONTACT_GROUPS,
  ContactGroup,
  ConversationType,
  ConversationTypeId,
  EXEMPTION_KINDS,
  ExemptionKind,
} from '@selvbook/rules';
import { IsLocalDate, IsYearMonth } from '@selvbook/contracts';
import { NestedArray } from '@selvbook/platform';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';

// Dates as the event contracts take them (one rule: real dates,
// years 1900–2199), so no calculation runs off a calendar.

export class ContactGroupPeriodDto {
  @ApiProperty({ enum: CONTACT_GROUPS })
  @IsIn(CONTACT_GROUPS, { message: `$property must be one of ${CONTACT_GROUPS.join(', ')}` })
  group: ContactGroup;

  @ApiProperty({ example: '2026-01-05' })
  @IsLocalDate()
  from: string;
}

export class AnchorsDto {
  @ApiPropertyOptional() @IsOptional() @IsLocalDate() firstUnemploymentBenefitDay?: string;
  @ApiPropertyOptional() @IsOptional() @IsLocalDate() firstRequestForHelp?: string;
  @ApiPropertyOptional() @IsOptional() @IsLocalDate() firstDayOfAbsence?: string;
}

export class PaidHoursDto {
  @ApiProperty({ example: '2026-02' }) @IsYearMonth() month: string;
  @ApiProperty() @IsNumber() @Min(0) @Max(744) hours: number;
}

export class HeldConversationDto {
  @ApiProperty({
    description: 'DFDG conversation type id (7 jobsamtale, 17 fælles, 4 opfølgning, …)',
    enum: Object.values(ConversationType),
  })
  @IsIn(Object.values(ConversationType), {
    message: `$property must be a conversation type id: ${Object.values(ConversationType).join(', ')}`,
  })
  type: ConversationTypeId;

  @ApiProperty() @IsLocalDate() heldAt: string;
}

export class ExemptionDto {
  @ApiProperty({ enum: EXEMPTION_KINDS }) @IsIn(EXEMPTION_KINDS) kind: ExemptionKind;
  @ApiProperty() @IsLocalDate() from: string;
  @ApiPropertyOptional() @IsOptional() @IsLocalDate() to?: string;
}

/** A citizen profile for a stateless calculation: caseworkers and outside verification of the rules. */
export class SchedulePreviewRequest {
  @ApiPropertyOptional({ description: 'pseudonymous citizenId; a CPR number is refused' })
  @IsOptional()
  @IsUUID()
  citizenId?: string;

  @ApiProperty({ example: '1990-04-02' }) @IsLocalDate() birthDate: string;

  @ApiProperty({ example: '10101' })
  @Matches(/^\d{5}$/, { message: '$property must be 3-digit municipality + 2-digit sub-unit' })
  jobcenterCode: string;

  @ApiPropertyOptional() @IsOptional() @Matches(/^[a-z0-9-]{1,40}$/) akasseId?: string;

  @NestedArray(ContactGroupPeriodDto, { min: 1, max: 200 })
  contactGroupHistory: ContactGroupPeriodDto[];

  @ApiPropertyOptional({ type: AnchorsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AnchorsDto)
  anchors?: AnchorsDto;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() insuredPartTime?: boolean;

  @NestedArray(PaidHoursDto, { max: 500, optional: true })
  paidHours?: PaidHoursDto[];

  @NestedArray(HeldConversationDto, { max: 500, optional: true })
  heldConversations?: HeldConversationDto[];

  @NestedArray(ExemptionDto, { max: 200, optional: true })
  exemptions?: ExemptionDto[];

  @ApiPropertyOptional({ description: 'evaluate as of this local date (default: today in Europe/Copenhagen)' })
  @IsOptional()
  @IsLocalDate()
  asOf?: string;
}
