/** The schedule service's response bodies, as OpenAPI schemas. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ContactGroup, ConversationHolder, ConversationStatus, Regime } from '@selvbook/contracts';
import { CONVERSATION_TYPE } from '@selvbook/platform';

export class PeriodDto {
  @ApiProperty({ format: 'date', example: '2026-01-05', description: 'start of the current course period' })
  anchor: string;
  @ApiProperty({ enum: ['CUMULATIVE_UNEMPLOYMENT_HOURS', 'CALENDAR'] }) clock: string;
}

export class DateWindowDto {
  @ApiProperty({ format: 'date', description: 'earliest date it counts for this conversation' }) from: string;
  @ApiProperty({ format: 'date', description: 'legal ceiling, moved back to a working day' }) to: string;
}

export class CourseConversationDto {
  @ApiProperty({ example: 1, description: '1-based within its series' }) number: number;
  @ApiProperty({
    enum: ['COURSE', 'AKASSE'],
    description:
      'COURSE: the numbered conversations of the contact course; ' +
      "AKASSE: the a-kasse's own CV and availability conversations",
  })
  series: string;
  @ApiProperty({ ...CONVERSATION_TYPE, example: 7 }) type: number;
  @ApiProperty({ enum: Object.values(ConversationHolder) }) heldBy: string;
  @ApiProperty({ enum: Object.values(Regime) }) regime: string;
  @ApiProperty({ format: 'date', description: 'vejledende samtaledato' }) guidingDate: string;
  @ApiProperty({ type: DateWindowDto }) window: DateWindowDto;
  @ApiProperty({ enum: Object.values(ConversationStatus) }) status: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) heldAt: string | null;
  @ApiProperty({ description: 'the jobcenter should issue a self-booking deadline for it' })
  needsBookingDeadline: boolean;
  @ApiProperty({
    enum: ['WINDOW_SHORTER_THAN_MINIMUM_DEADLINE'],
    nullable: true,
    description: 'why the jobcenter summons instead',
  })
  summonsReason: string | null;
  @ApiProperty({ example: 'R2024.UNEMPLOYMENT_BENEFIT.MONTHLY' }) rule: string;
  @ApiProperty({ example: 'F:S16' }) source: string;
}

export class FirstActivationDto {
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'latest date for the first activation offer; null while an open-ended exemption runs',
  })
  deadline: string | null;
  @ApiProperty({ enum: Object.values(Regime) }) regime: string;
  @ApiProperty() rule: string;
  @ApiProperty() source: string;
  @ApiProperty({ format: 'date' }) ordinaryDeadline: string;
  @ApiProperty() postponedByExemption: boolean;
  @ApiProperty({ nullable: true, type: String }) ageBand: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) wageSubsidyMayStartBy: string | null;
  @ApiProperty({ nullable: true, type: Number }) minimumOfferWeeks: number | null;
}

export class ContactCourseDto {
  @ApiProperty({ format: 'uuid' }) citizenId: string;
  @ApiProperty({ format: 'date', description: 'the day the statuses were evaluated against' }) asOf: string;
  @ApiProperty({ enum: Object.values(Regime) }) regime: string;
  @ApiProperty({ enum: Object.values(ContactGroup) }) contactGroup: string;
  @ApiProperty({ type: PeriodDto }) period: PeriodDto;
  @ApiProperty({ type: [CourseConversationDto] }) conversations: CourseConversationDto[];
  @ApiProperty({ type: FirstActivationDto, nullable: true }) firstActivation: FirstActivationDto | null;
}

export class PublishedConversationDto {
  @ApiProperty({ example: 1 }) number: number;
  @ApiProperty({ ...CONVERSATION_TYPE, example: 7 }) type: number;
  @ApiProperty({ enum: Object.values(ConversationHolder) }) heldBy: string;
  @ApiProperty({ format: 'date' }) guidingDate: string;
  @ApiProperty({ format: 'date' }) windowFrom: string;
  @ApiProperty({ format: 'date' }) windowTo: string;
  @ApiProperty({ enum: Object.values(ConversationStatus) }) status: string;
  @ApiProperty() needsBookingDeadline: boolean;
  @ApiPropertyOptional({ enum: ['WINDOW_SHORTER_THAN_MINIMUM_DEADLINE'] }) summonsReason?: string;
}

export class PublishedScheduleDto {
  @ApiProperty({ format: 'uuid' }) citizenId: string;
  @ApiProperty({ example: '10101' }) jobcenterCode: string;
  @ApiPropertyOptional({ example: '3f' }) akasseId?: string;
  @ApiProperty({ enum: Object.values(Regime) }) regime: string;
  @ApiProperty({ enum: Object.values(ContactGroup) }) contactGroup: string;
  @ApiProperty({ type: [PublishedConversationDto] }) conversations: PublishedConversationDto[];
  @ApiPropertyOptional({
    format: 'date',
    description: 'førstegangsaktivering: latest date for the first activation offer',
  })
  firstActivationDeadline?: string;
}

export class ScheduleViewDto {
  @ApiProperty({ format: 'uuid' }) citizenId: string;
  @ApiProperty({ example: '10101' }) jobcenterCode: string;
  @ApiProperty({ example: '3f', nullable: true, type: String }) akasseId: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) calculatedAt: string | null;
  @ApiProperty({
    type: PublishedScheduleDto,
    nullable: true,
    description: 'the schedule as last published in schedule.calculated (null: none yet)',
  })
  schedule: PublishedScheduleDto | null;
  @ApiProperty({ description: 'false once the citizen is deregistered' }) registered: boolean;
}

export class RecalculationSummaryDto {
  @ApiProperty({ format: 'date' }) runDate: string;
  @ApiProperty({ example: 'manual-…' }) reason: string;
  @ApiProperty({ description: 'courses recalculated' }) processed: number;
  @ApiProperty({ description: 'schedules that changed and were published' }) published: number;
  @ApiProperty() failed: number;
  @ApiProperty({ description: 'every course of the run is done (another replica may finish it otherwise)' })
  finished: boolean;
}
