import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONTACT_GROUPS, ContactGroup, ConversationType, ConversationTypeId, EXEMPTION_KINDS, ExemptionKind } from '@selvbook/rules';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const dateMessage = { message: '$property must be a date YYYY-MM-DD' };

export class ContactGroupPeriodDto {
  @ApiProperty({ enum: CONTACT_GROUPS })
  @IsIn(CONTACT_GROUPS, { message: `$property must be one of ${CONTACT_GROUPS.join(', ')}` })
  group: ContactGroup;

  @ApiProperty({ example: '2026-01-05' })
  @Matches(LOCAL_DATE, dateMessage)
  from: string;
}

export class AnchorsDto {
  @ApiPropertyOptional() @IsOptional() @Matches(LOCAL_DATE, dateMessage) firstUnemploymentBenefitDay?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(LOCAL_DATE, dateMessage) firstRequestForHelp?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(LOCAL_DATE, dateMessage) firstDayOfAbsence?: string;
}

export class PaidHoursDto {
  @ApiProperty({ example: '2026-02' }) @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '$property must be YYYY-MM' }) month: string;
  @ApiProperty() @IsNumber() @Min(0) @Max(744) hours: number;
}

export class HeldConversationDto {
  @ApiProperty({ description: 'DFDG conversation type id (7 jobsamtale, 17 fælles, 4 opfølgning, …)', enum: Object.values(ConversationType) })
  @IsIn(Object.values(ConversationType), { message: `$property must be a conversation type id: ${Object.values(ConversationType).join(', ')}` })
  type: ConversationTypeId;

  @ApiProperty() @Matches(LOCAL_DATE, dateMessage) heldAt: string;
}

export class ExemptionDto {
  @ApiProperty({ enum: EXEMPTION_KINDS }) @IsIn(EXEMPTION_KINDS) kind: ExemptionKind;
  @ApiProperty() @Matches(LOCAL_DATE, dateMessage) from: string;
  @ApiPropertyOptional() @IsOptional() @Matches(LOCAL_DATE, dateMessage) to?: string;
}

/** A citizen profile for a stateless calculation: caseworkers and outside verification of the rules. */
export class SchedulePreviewRequest {
  @ApiPropertyOptional({ description: 'pseudonymous citizenId; a CPR number is refused' })
  @IsOptional()
  @IsUUID()
  citizenId?: string;

  @ApiProperty({ example: '1990-04-02' }) @Matches(LOCAL_DATE, dateMessage) birthDate: string;

  @ApiProperty({ example: '10101' }) @Matches(/^\d{5}$/, { message: '$property must be 3-digit municipality + 2-digit sub-unit' }) jobcenterCode: string;

  @ApiPropertyOptional() @IsOptional() @Matches(/^[a-z0-9-]{1,40}$/) akasseId?: string;

  @ApiProperty({ type: [ContactGroupPeriodDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ContactGroupPeriodDto)
  contactGroupHistory: ContactGroupPeriodDto[];

  @ApiPropertyOptional({ type: AnchorsDto }) @IsOptional() @ValidateNested() @Type(() => AnchorsDto) anchors?: AnchorsDto;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() insuredPartTime?: boolean;

  @ApiPropertyOptional({ type: [PaidHoursDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => PaidHoursDto)
  paidHours?: PaidHoursDto[];

  @ApiPropertyOptional({ type: [HeldConversationDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => HeldConversationDto)
  heldConversations?: HeldConversationDto[];

  @ApiPropertyOptional({ type: [ExemptionDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ExemptionDto)
  exemptions?: ExemptionDto[];

  @ApiPropertyOptional({ description: 'evaluate as of this local date (default: today in Europe/Copenhagen)' })
  @IsOptional()
  @Matches(LOCAL_DATE, dateMessage)
  asOf?: string;
}
