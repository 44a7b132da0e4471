/**
 * The booking service's response bodies, as OpenAPI schemas (the views are built in libs/booking rows.ts
 * and staff-views.usecase.ts; these classes only describe them).
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CancellationReason, LegitimateCancellationReason, MeetingFormat } from '@selvbook/contracts';
import { CONVERSATION_TYPE } from '@selvbook/platform';

const FORMATS = Object.values(MeetingFormat);
const BOOKING_STATUSES = ['BOOKED', 'CANCELLED', 'HELD', 'NO_SHOW'];
const ACTOR_ROLES = ['CITIZEN', 'CASEWORKER', 'AKASSE_CASEWORKER', 'SYSTEM'];

export class OrganisationRefDto {
  @ApiProperty({ enum: ['JOBCENTER', 'AKASSE'], example: 'JOBCENTER' }) kind: string;
  @ApiProperty({ example: '10101', description: 'jobcenter code (5 digits) or a-kasse id' }) code: string;
}

export class CalendarDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Team Vest, mødelokale 2' }) name: string;
  @ApiPropertyOptional({
    example: 'Jobcenter København, Kalvebod Brygge 45, 1560 København V',
    description: 'where its slots are held unless a slot says otherwise',
  })
  defaultLocation?: string;
  @ApiProperty({ type: OrganisationRefDto }) organisation: OrganisationRefDto;
}

export class CalendarListDto {
  @ApiProperty({ type: [CalendarDto] }) items: CalendarDto[];
}

export class SlotDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) calendarId: string;
  @ApiProperty({ type: OrganisationRefDto, description: 'whose calendar' }) organisation: OrganisationRefDto;
  @ApiPropertyOptional({ example: '10101' }) jobcenterCode?: string;
  @ApiPropertyOptional({
    example: '3f',
    description: 'the a-kasse of an a-kasse slot, or the participant of a joint one',
  })
  akasseId?: string;
  @ApiProperty({ description: 'a joint meeting (fælles samtale) of a jobcenter and an a-kasse' }) joint: boolean;
  @ApiProperty({ ...CONVERSATION_TYPE, isArray: true, example: [7] }) conversationTypes: number[];
  @ApiProperty({ enum: FORMATS, isArray: true, example: ['IN_PERSON', 'PHONE'] }) formats: string[];
  @ApiProperty({ format: 'date-time', example: '2026-03-30T07:00:00.000Z' }) startsAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-30T07:45:00.000Z' }) endsAt: string;
  @ApiProperty({ example: 1, minimum: 1 }) capacity: number;
  @ApiProperty({ example: 1, minimum: 0, description: 'seats still free (0 when withdrawn)' })
  remainingCapacity: number;
  @ApiProperty({ example: 'Jobcenter København, Kalvebod Brygge 45, 1560 København V' }) location: string;
  @ApiProperty({ enum: ['OPEN', 'WITHDRAWN'] }) status: string;
}

export class SlotListDto {
  @ApiProperty({ type: [SlotDto] }) items: SlotDto[];
}

export class WindowDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
}

export class SlotPageDto {
  @ApiProperty({ type: [SlotDto], description: 'free slots in time order' }) items: SlotDto[];
  @ApiPropertyOptional({ description: 'pass as `cursor` for the next page; absent on the last' }) nextCursor?: string;
  @ApiProperty({
    type: WindowDto,
    description: "the window searched (a citizen's: from the lead time to the deadline's latest meeting date)",
  })
  window: WindowDto;
}

export class StaffSlotBookingDto {
  @ApiProperty({ format: 'uuid' }) bookingId: string;
  @ApiProperty({ format: 'uuid', description: "the citizen's pseudonymous id (never a CPR number)" }) citizenId: string;
  @ApiProperty({ ...CONVERSATION_TYPE, example: 7 }) conversationType: number;
  @ApiProperty({ enum: FORMATS }) format: string;
  @ApiProperty({ enum: BOOKING_STATUSES, description: 'BOOKED, or HELD / NO_SHOW once attendance is registered' })
  status: string;
  @ApiProperty({ enum: ACTOR_ROLES, description: 'who booked it' }) bookedBy: string;
  @ApiProperty({ description: 'the citizen booked it themself' }) selfBooked: boolean;
}

export class StaffSlotDto extends SlotDto {
  @ApiProperty({
    enum: ['FREE', 'RESERVED', 'BOOKED', 'WITHDRAWN'],
    description:
      'FREE: a seat can be booked; RESERVED: reservations not lapsed yet ' +
      'hold the free seats; BOOKED: bookings fill every seat; WITHDRAWN',
  })
  state: string;
  @ApiProperty({ type: [StaffSlotBookingDto], description: 'its bookings that are not cancelled, oldest first' })
  bookings: StaffSlotBookingDto[];
}

export class StaffSlotListDto {
  @ApiProperty({
    type: [StaffSlotDto],
    description: 'every slot of the calendar starting in the window, in start order',
  })
  items: StaffSlotDto[];
}

export class GeneratedSlotsDto {
  @ApiProperty({ example: 24 }) created: number;
  @ApiProperty({
    example: 2,
    description: 'times skipped: public holidays, closing days, or slots already there (re-running adds nothing)',
  })
  skipped: number;
  @ApiProperty({ type: [String], format: 'uuid' }) slotIds: string[];
}

export class ClosingDaysResultDto {
  @ApiProperty({ type: [String], format: 'date', example: ['2026-06-05', '2026-12-24'] }) closingDays: string[];
}

export class PolicyResultDto {
  @ApiProperty({ example: 0, description: "0: the organisation's default for every type" }) conversationType: number;
  @ApiProperty({ example: 60 }) minLeadMinutesBook: number;
  @ApiProperty({ example: 120 }) minLeadMinutesChange: number;
  @ApiProperty({ example: 120 }) maxAdvanceDays: number;
  @ApiProperty({ example: true }) rebookingAllowed: boolean;
}

export class WithdrawnSlotDto {
  @ApiProperty({ type: SlotDto }) slot: SlotDto;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'bookings cancelled by the authority (the citizens may rebook)',
  })
  cancelledBookings: string[];
}

export class ReservationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) slotId: string;
  @ApiProperty({ format: 'uuid' }) citizenId: string;
  @ApiPropertyOptional({ format: 'uuid' }) deadlineId?: string;
  @ApiProperty({ enum: ['HELD', 'CONFIRMED', 'EXPIRED', 'RELEASED'] }) status: string;
  @ApiProperty({ format: 'date-time', description: 'the seat is freed at this instant unless confirmed' })
  expiresAt: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'once confirmed' }) bookingId?: string;
}

export class BookingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) slotId: string;
  @ApiProperty({ format: 'uuid', description: "the citizen's pseudonymous id (never a CPR number)" }) citizenId: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the self-booking deadline it fulfils' }) deadlineId?: string;
  @ApiProperty({ example: '10101' }) jobcenterCode: string;
  @ApiPropertyOptional({ example: '3f' }) akasseId?: string;
  @ApiProperty({ ...CONVERSATION_TYPE, example: 7 }) conversationType: number;
  @ApiProperty({ enum: FORMATS, example: 'IN_PERSON' }) format: string;
  @ApiProperty({ example: 'Jobcenter København, Kalvebod Brygge 45, 1560 København V' }) location: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({
    enum: BOOKING_STATUSES,
    description: 'BOOKED; CANCELLED; HELD (the meeting took place) or NO_SHOW (udeblivelse)',
  })
  status: string;
  @ApiProperty({ enum: ACTOR_ROLES }) bookedBy: string;
  @ApiProperty() selfBooked: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: 'the booking this one replaced (rebooking)' })
  previousBookingId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the booking that replaced this one (rebooking)' })
  replacedByBookingId?: string;
  @ApiPropertyOptional({ enum: Object.values(CancellationReason) }) cancelReason?: string;
  @ApiPropertyOptional({ enum: Object.values(LegitimateCancellationReason) }) legitimateReason?: string;
  @ApiPropertyOptional({ description: 'whether the citizen may rebook this meeting' }) rebookingAllowed?: boolean;
  @ApiPropertyOptional({ format: 'date-time', description: 'until when the citizen may rebook it' })
  rebookableUntil?: string;
  @ApiProperty({ example: 1, description: 'changes with every change; the ETag is "<id>.<version>"' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class BookingPageDto {
  @ApiProperty({ type: [BookingDto] }) items: BookingDto[];
  @ApiPropertyOptional({ description: 'pass as `cursor` for the next page; absent on the last' }) nextCursor?: string;
}
