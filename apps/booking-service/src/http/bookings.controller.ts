import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  BookingRow,
  bookingEtag,
  bookingView,
  BookSlotCommand,
  BookSlotUseCase,
  CancelBookingCommand,
  CancelBookingUseCase,
  ConfirmReservationCommand,
  ConfirmReservationUseCase,
  GetBookingCommand,
  GetBookingUseCase,
  iso,
  ListBookingsCommand,
  ListBookingsUseCase,
  RebookBookingCommand,
  RebookBookingUseCase,
  RegisterAttendanceCommand,
  RegisterAttendanceUseCase,
  ReleaseReservationCommand,
  ReleaseReservationUseCase,
  ReservationRow,
  ReserveSlotCommand,
  ReserveSlotUseCase,
} from '@selvbook/booking';
import { ApiProblems, CurrentPrincipal, LimitPerCitizen, Principal, Roles } from '@selvbook/platform';
import { BookingDto, BookingPageDto, ReservationDto } from './views';
import type { FastifyReply } from 'fastify';
import { AttendanceDto, BookDto, CancelDto, ListBookingsQuery, RebookDto } from './dto';
import { idempotencyKeyOf } from './headers';

function withEtag(res: FastifyReply, booking: BookingRow) {
  res.header('ETag', bookingEtag(booking));
  return bookingView(booking);
}

function reservationView(r: ReservationRow) {
  return {
    id: r.id,
    slotId: r.slot_id,
    citizenId: r.citizen_id,
    deadlineId: r.deadline_id ?? undefined,
    status: r.status,
    expiresAt: iso(r.expires_at),
    bookingId: r.booking_id ?? undefined,
  };
}

const IDEMPOTENCY = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'a retried request with the same key repeats the first answer (status and body), marked Idempotent-Replayed: true',
};
const ETAG = {
  ETag: {
    description: "the booking's version: send it back in If-Match to change it",
    schema: { type: 'string', example: '"0b6e….1"' },
  },
};
const BOOKED = {
  type: BookingDto,
  headers: {
    ...ETAG,
    Location: {
      description: 'the new booking: /v1/bookings/{id}',
      schema: { type: 'string', example: '/v1/bookings/0b6e4c1e-7f38-4a8e-9a4c-3c1f5e2d7a10' },
    },
  },
};
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'the ETag you read; 412 if the booking changed since',
};

@ApiTags('bookings')
@ApiBearerAuth()
@Controller('v1')
export class BookingsController {
  constructor(
    private readonly book: BookSlotUseCase,
    private readonly reserve: ReserveSlotUseCase,
    private readonly confirm: ConfirmReservationUseCase,
    private readonly release: ReleaseReservationUseCase,
    private readonly rebook: RebookBookingUseCase,
    private readonly cancel: CancelBookingUseCase,
    private readonly attendance: RegisterAttendanceUseCase,
    private readonly getOne: GetBookingUseCase,
    private readonly list: ListBookingsUseCase,
  ) {}

  @Post('reservations')
  @ApiCreatedResponse({
    type: ReservationDto,
    description: 'reserved (a replay with the same Idempotency-Key repeats this answer)',
  })
  @ApiProblems(404, 409)
  @LimitPerCitizen()
  @Roles('citizen', 'caseworker', 'akasse', 'system')
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({ summary: 'Reserve a seat in a slot for a while (then confirm)' })
  async reserveSlot(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: BookDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const result = await this.reserve.execute(new ReserveSlotCommand(principal, dto, idempotencyKeyOf(key)));
    // a replay with the same Idempotency-Key repeats the first answer's status
    res.status(201);
    if (!result.created) res.header('Idempotent-Replayed', 'true');
    return reservationView(result.reservation);
  }

  @Post('reservations/:reservationId/confirm')
  @ApiCreatedResponse({ ...BOOKED, description: 'booked' })
  @ApiOkResponse({ type: BookingDto, headers: ETAG, description: 'confirmed before: the same booking' })
  @ApiProblems(409)
  @Roles('citizen', 'caseworker', 'akasse', 'system')
  @ApiOperation({ summary: 'Confirm a reservation: it becomes a booking (confirming twice returns the same booking)' })
  async confirmReservation(
    @CurrentPrincipal() principal: Principal,
    @Param('reservationId', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const result = await this.confirm.execute(new ConfirmReservationCommand(principal, id));
    res.status(result.created ? 201 : 200).header('Location', `/v1/bookings/${result.booking.id}`);
    return withEtag(res, result.booking);
  }

  @Delete('reservations/:reservationId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'released' })
  @ApiProblems(409)
  @Roles('citizen', 'caseworker', 'akasse', 'system')
  @ApiOperation({ summary: 'Release a reservation before it lapses' })
  async releaseReservation(
    @CurrentPrincipal() principal: Principal,
    @Param('reservationId', ParseUUIDPipe) id: string,
  ): Promise<void> {
    await this.release.execute(new ReleaseReservationCommand(principal, id));
  }

  @Post('bookings')
  @ApiCreatedResponse({ ...BOOKED, description: 'booked (a replay with the same Idempotency-Key repeats this answer)' })
  @ApiProblems(404, 409, 422)
  @LimitPerCitizen()
  @Roles('citizen', 'caseworker', 'akasse', 'system')
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({ summary: 'Book a slot (reserve and confirm in one step); staff book on behalf of a citizen' })
  async bookSlot(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: BookDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const result = await this.book.execute(new BookSlotCommand(principal, dto, idempotencyKeyOf(key)));
    // A replay with the same Idempotency-Key repeats the first answer: 201, Location and the booking as made.
    res.status(201).header('Location', `/v1/bookings/${result.booking.id}`);
    if (!result.created) res.header('Idempotent-Replayed', 'true');
    return withEtag(res, result.booking);
  }

  @Get('bookings')
  @ApiOkResponse({ type: BookingPageDto })
  @Roles('citizen', 'caseworker', 'akasse', 'system')
  @ApiOperation({ summary: "A citizen's bookings, newest first (cursor pagination)" })
  async listBookings(@CurrentPrincipal() principal: Principal, @Query() q: ListBookingsQuery) {
    const page = await this.list.execute(
      new ListBookingsCommand(principal, q.citizenId, q.status, q.limit ?? 20, q.cursor),
    );
    return { items: page.items.map(bookingView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  @Get('bookings/:bookingId')
  @ApiOperation({ summary: 'A booking, with its ETag' })
  @ApiOkResponse({ type: BookingDto, headers: ETAG })
  @Roles('citizen', 'caseworker', 'akasse', 'system')
  async getBooking(
    @CurrentPrincipal() principal: Principal,
    @Param('bookingId', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return withEtag(res, await this.getOne.execute(new GetBookingCommand(principal, id)));
  }

  @Post('bookings/:bookingId/rebook')
  @ApiCreatedResponse({ ...BOOKED, description: 'the new booking (the old one is cancelled and points to it)' })
  @ApiProblems(409, 412)
  @LimitPerCitizen()
  @Roles('citizen', 'caseworker', 'akasse', 'system')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Rebook (ombook): cancel + new booking, linked by ids, in one transaction' })
  async rebookBooking(
    @CurrentPrincipal() principal: Principal,
    @Param('bookingId', ParseUUIDPipe) id: string,
    @Body() dto: RebookDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const result = await this.rebook.execute(new RebookBookingCommand(principal, id, dto.slotId, dto.format, ifMatch));
    res.status(201).header('Location', `/v1/bookings/${result.booking.id}`);
    return withEtag(res, result.booking);
  }

  @Post('bookings/:bookingId/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: BookingDto, headers: ETAG })
  @ApiProblems(409, 412)
  @Roles('citizen', 'caseworker', 'akasse', 'system')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Cancel (afbud) with a reason' })
  async cancelBooking(
    @CurrentPrincipal() principal: Principal,
    @Param('bookingId', ParseUUIDPipe) id: string,
    @Body() dto: CancelDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return withEtag(
      res,
      await this.cancel.execute(new CancelBookingCommand(principal, id, dto.reason, dto.legitimateReason, ifMatch)),
    );
  }

  @Post('bookings/:bookingId/attendance')
  @HttpCode(200)
  @ApiOkResponse({ type: BookingDto, headers: ETAG })
  @ApiProblems(409, 412)
  @Roles('caseworker', 'akasse', 'system')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Register the meeting as held, or a no-show (udeblivelse)' })
  async registerAttendance(
    @CurrentPrincipal() principal: Principal,
    @Param('bookingId', ParseUUIDPipe) id: string,
    @Body() dto: AttendanceDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return withEtag(
      res,
      await this.attendance.execute(new RegisterAttendanceCommand(principal, id, dto.outcome, ifMatch)),
    );
  }
}
