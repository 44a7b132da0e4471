import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CancellationReason,
  ConversationType,
  IsAkasseId,
  IsFreeText,
  IsInstant,
  IsJobcenterCode,
  IsLocalDate,
  LegitimateCancellationReason,
  MeetingFormat,
} from '@selvbook/contracts';
import { Type } from 'class-transformer';
import { CONVERSATION_TYPE } from '@selvbook/platform';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const CONVERSATION_TYPES = Object.values(ConversationType).filter((v) => typeof v === 'number') as number[];
const FORMATS = Object.values(MeetingFormat);
const ORG_KINDS = ['JOBCENTER', 'AKASSE'] as const;
const WALL_TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export class OrganisationDto {
  @ApiPropertyOptional({ enum: ORG_KINDS, description: 'system callers only: whose organisation' })
  @IsOptional()
  @IsIn(ORG_KINDS)
  orgKind?: 'JOBCENTER' | 'AKASSE';

  @ApiPropertyOptional({ description: 'system callers only: jobcenter code or a-kasse id' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  orgCode?: string;
}

export class CreateCalendarDto extends OrganisationDto {
  @ApiProperty({ example: 'Team Vest, mødelokale 2' })
  @IsFreeText(200)
  name: string;

  // A slot's location is published in its events: held to the event contract's rule (IsFreeText(300), no CPR number).
  @ApiPropertyOptional({ example: 'Jobcenter København, Kalvebod Brygge 45, 1560 København V' })
  @IsOptional()
  @IsFreeText(300)
  defaultLocation?: string;
}

export class ClosingDaysDto extends OrganisationDto {
  @ApiProperty({ example: ['2026-06-05', '2026-12-24', '2026-12-31'] })
  @IsArray()
  @ArrayMaxSize(400)
  @IsLocalDate({ each: true })
  closingDays: string[];
}

export class PolicyDto extends OrganisationDto {
  @ApiProperty({ example: 60 }) @IsInt() @Min(0) @Max(525600) minLeadMinutesBook: number;
  @ApiProperty({ example: 120 }) @IsInt() @Min(0) @Max(525600) minLeadMinutesChange: number;
  @ApiProperty({ example: 120 }) @IsInt() @Min(1) @Max(3650) maxAdvanceDays: number;
  @ApiProperty({ example: true }) @IsBoolean() rebookingAllowed: boolean;
}

export class SlotAttributesDto {
  @ApiProperty({ example: [7], description: 'DFDG conversation type ids offered', isArray: true, ...CONVERSATION_TYPE })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsIn(CONVERSATION_TYPES, { each: true })
  conversationTypes: number[];

  @ApiProperty({ example: ['IN_PERSON', 'PHONE'], isArray: true, enum: FORMATS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsIn(FORMATS, { each: true })
  formats: MeetingFormat[];

  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(500) capacity: number;

  @ApiPropertyOptional() @IsOptional() @IsFreeText(300) location?: string;

  @ApiPropertyOptional({ description: 'fælles samtale with an a-kasse (or jobcenter) participant' })
  @IsOptional()
  @IsBoolean()
  joint?: boolean;

  @ApiPropertyOptional({ description: 'joint slots: the other participant (a-kasse id, or jobcenter code)' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  partner?: string;
}

export class SlotTimeDto {
  @ApiProperty({ example: '2026-03-30T07:00:00Z' }) @IsInstant() startsAt: string;
  @ApiProperty({ example: '2026-03-30T07:45:00Z' }) @IsInstant() endsAt: string;
}

export class PublishSlotsDto extends SlotAttributesDto {
  @ApiProperty({ type: [SlotTimeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => SlotTimeDto)
  times: SlotTimeDto[];
}

export class OpeningPeriodDto {
  @ApiProperty({ example: 1, description: 'ISO weekday, 1 = Monday' }) @IsInt() @Min(1) @Max(7) weekday:
    1 | 2 | 3 | 4 | 5 | 6 | 7;
  @ApiProperty({ example: '09:00' }) @Matches(WALL_TIME) opens: string;
  @ApiProperty({ example: '12:00' }) @Matches(WALL_TIME) closes: string;
}

export class GenerateSlotsDto extends SlotAttributesDto {
  @ApiProperty({ example: '2026-03-23' }) @IsLocalDate() from: string;
  @ApiProperty({ example: '2026-04-03' }) @IsLocalDate() to: string;

  @ApiProperty({ type: [OpeningPeriodDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OpeningPeriodDto)
  periods: OpeningPeriodDto[];

  @ApiProperty({ example: 45 }) @IsInt() @Min(5) @Max(480) slotMinutes: number;
  @ApiPropertyOptional({ example: 15 }) @IsOptional() @IsInt() @Min(0) @Max(480) gapMinutes?: number;
}

export class MoveSlotDto extends SlotTimeDto {}

export class SearchSlotsQuery extends OrganisationDto {
  @ApiPropertyOptional({ description: 'citizens: required, one of their open deadlines' })
  @IsOptional()
  @IsUUID()
  deadlineId?: string;
  @ApiPropertyOptional({ ...CONVERSATION_TYPE })
  @IsOptional()
  @Type(() => Number)
  @IsIn(CONVERSATION_TYPES)
  conversationType?: number;
  @ApiPropertyOptional({ enum: FORMATS }) @IsOptional() @IsIn(FORMATS) format?: MeetingFormat;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) location?: string;
  @ApiPropertyOptional() @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsInstant() to?: string;
  @ApiPropertyOptional({ example: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class BookDto {
  @ApiProperty() @IsUUID() slotId: string;
  @ApiPropertyOptional({ description: 'staff booking on behalf of a citizen; a citizen is taken from the token' })
  @IsOptional()
  @IsUUID()
  citizenId?: string;
  @ApiPropertyOptional({ description: 'the deadline this booking fulfils' })
  @IsOptional()
  @IsUUID()
  deadlineId?: string;
  @ApiPropertyOptional({ enum: FORMATS }) @IsOptional() @IsIn(FORMATS) format?: MeetingFormat;
  @ApiPropertyOptional({ ...CONVERSATION_TYPE }) @IsOptional() @IsIn(CONVERSATION_TYPES) conversationType?: number;
}

export class RebookDto {
  @ApiProperty() @IsUUID() slotId: string;
  @ApiPropertyOptional({ enum: FORMATS }) @IsOptional() @IsIn(FORMATS) format?: MeetingFormat;
}

export class CancelDto {
  @ApiPropertyOptional({ enum: CancellationReason })
  @IsOptional()
  @IsIn(Object.values(CancellationReason))
  reason?: CancellationReason;

  @ApiPropertyOptional({
    enum: LegitimateCancellationReason,
    description: 'dagpenge: a reason the law counts as legitimate',
  })
  @IsOptional()
  @IsIn(Object.values(LegitimateCancellationReason))
  legitimateReason?: LegitimateCancellationReason;
}

export class AttendanceDto {
  @ApiProperty({ enum: ['HELD', 'NO_SHOW'] }) @IsIn(['HELD', 'NO_SHOW']) outcome: 'HELD' | 'NO_SHOW';
}

export class ListBookingsQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() citizenId?: string;
  @ApiPropertyOptional({ enum: ['BOOKED', 'CANCELLED', 'HELD', 'NO_SHOW'] })
  @IsOptional()
  @IsIn(['BOOKED', 'CANCELLED', 'HELD', 'NO_SHOW'])
  status?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class ListCalendarsQuery {
  @ApiPropertyOptional({
    example: '10101',
    description: "system callers: one jobcenter's calendars (staff: only their own)",
  })
  @IsOptional()
  @IsJobcenterCode()
  jobcenterCode?: string;

  @ApiPropertyOptional({
    example: '3f',
    description: "system callers: one a-kasse's calendars and those of its joint meetings (staff: only their own)",
  })
  @IsOptional()
  @IsAkasseId()
  akasseId?: string;
}

export class CalendarWindowQuery {
  @ApiProperty({ example: '2026-03-30T00:00:00+02:00', description: 'meetings starting at or after this instant' })
  @IsInstant()
  from: string;
  @ApiProperty({ example: '2026-04-06T00:00:00+02:00', description: 'meetings starting before this instant' })
  @IsInstant()
  to: string;
}

export class CalendarSlotsQuery extends CalendarWindowQuery {
  @ApiPropertyOptional({ ...CONVERSATION_TYPE })
  @IsOptional()
  @Type(() => Number)
  @IsIn(CONVERSATION_TYPES)
  conversationType?: number;
  @ApiPropertyOptional({ enum: FORMATS }) @IsOptional() @IsIn(FORMATS) format?: MeetingFormat;
  @ApiPropertyOptional({ description: 'part of the location, case-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  location?: string;
}

export class CalendarBookingsQuery extends CalendarWindowQuery {
  @ApiPropertyOptional({ example: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export function orgOf(dto: OrganisationDto): { kind?: 'JOBCENTER' | 'AKASSE'; code?: string } | undefined {
  return dto.orgKind || dto.orgCode ? { kind: dto.orgKind, code: dto.orgCode } : undefined;
}
