import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ContactGroup,
  ConversationType,
  IsFreeText,
  IsInstant,
  IsLocalDate,
  MissedDeadlineConsequence,
} from '@selvbook/contracts';
import { IsOptional, Matches } from 'class-validator';

export const JOBCENTER_CODE = /^[1-9][0-9]{4}$/;

export class ExpiredDeadlinesQuery {
  @ApiProperty({ example: '2026-03-27', description: 'the deadlineDate whose end they expired at (YYYY-MM-DD)' })
  @IsLocalDate()
  date: string;
}

export class RecordOutageRequest {
  @ApiProperty({ example: '2026-03-27T20:00:00+01:00', description: 'booking unavailable from (instant with offset)' })
  @IsInstant()
  from: string;

  @ApiProperty({
    example: '2026-03-27T23:30:00+01:00',
    description: 'booking available again at (instant with offset)',
  })
  @IsInstant()
  to: string;

  @ApiPropertyOptional({
    example: '10101',
    description:
      'the jobcenter affected; absent: every jobcenter (system only). A caseworker records for their own jobcenter.',
  })
  @IsOptional()
  @Matches(JOBCENTER_CODE, { message: 'jobcenterCode must be a 3-digit municipality + 2-digit sub-unit' })
  jobcenterCode?: string;

  @ApiPropertyOptional({ example: 'planner error 4769: no contact with booking system' })
  @IsOptional()
  @IsFreeText(300)
  reason?: string;
}

export class OutageRecorded {
  @ApiProperty() outageId: string;
  @ApiProperty({ description: 'open deadlines extended by the outage length' }) extendedDeadlines: number;
}

export class DeadlineDto {
  @ApiProperty() deadlineId: string;
  @ApiProperty({ enum: ConversationType, enumName: 'ConversationType' }) conversationType: ConversationType;
  @ApiProperty() conversationNumber: number;
  @ApiProperty({ enum: ['open', 'fulfilled'] }) status: string;
  @ApiProperty({ description: 'fristdato: last day to book' }) deadlineDate: string;
  @ApiProperty({ description: 'sidste afholdelsesdato' }) latestMeetingDate: string;
  @ApiProperty({ description: 'end of deadlineDate in Europe/Copenhagen' }) expiresAt: string;
  @ApiProperty() extendedByOutage: boolean;
  @ApiPropertyOptional() bookingId?: string;
  @ApiPropertyOptional() meetingDate?: string;
}

export class CitizenDeadlinesDto {
  @ApiProperty() citizenId: string;
  @ApiProperty({ description: 'KanSelvbooke' }) canSelfBook: boolean;
  @ApiProperty({ description: 'StraksbookingPaakraevet' }) immediateBookingRequired: boolean;
  @ApiPropertyOptional() immediateBookingRequiredFrom?: string;
  @ApiPropertyOptional() immediateBookingLapsesOn?: string;
  @ApiProperty({ type: [DeadlineDto] }) deadlines: DeadlineDto[];
}

export class ExpiredDeadlineDto {
  @ApiProperty() deadlineId: string;
  @ApiProperty() citizenId: string;
  @ApiPropertyOptional() akasseId?: string;
  @ApiProperty({ enum: ConversationType, enumName: 'ConversationType' }) conversationType: ConversationType;
  @ApiProperty() conversationNumber: number;
  @ApiProperty({ enum: ContactGroup, enumName: 'ContactGroup' }) contactGroup: ContactGroup;
  @ApiProperty() deadlineDate: string;
  @ApiProperty({ enum: MissedDeadlineConsequence, enumName: 'MissedDeadlineConsequence' })
  consequence: MissedDeadlineConsequence;
  @ApiProperty() extendedByOutage: boolean;
  @ApiProperty() expiredAt: string;
}

export class ExpiryRunDto {
  @ApiProperty() asOf: string;
  @ApiProperty() expired: number;
  @ApiProperty() closed: number;
  @ApiProperty() lapsed: number;
  @ApiProperty() events: number;
  @ApiProperty() deferred: number;
}
