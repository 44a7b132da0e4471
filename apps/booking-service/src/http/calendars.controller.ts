import {
  Body,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { renderedBody } from './headers';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CalendarBookingsCommand,
  CalendarBookingsUseCase,
  CalendarSlotsCommand,
  CalendarSlotsUseCase,
  calendarView,
  CreateCalendarCommand,
  CreateCalendarUseCase,
  GenerateSlotsCommand,
  GenerateSlotsUseCase,
  ListCalendarsCommand,
  ListCalendarsUseCase,
  PublishSlotsCommand,
  PublishSlotsUseCase,
  SetBookingPolicyCommand,
  SetBookingPolicyUseCase,
  SetClosingDaysCommand,
  SetClosingDaysUseCase,
  slotView,
} from '@selvbook/booking';
import { ApiProblems, CurrentPrincipal, DomainProblem, Principal, Roles } from '@selvbook/platform';
import {
  BookingPageDto,
  CalendarDto,
  CalendarListDto,
  ClosingDaysResultDto,
  GeneratedSlotsDto,
  PolicyResultDto,
  SlotListDto,
  StaffSlotListDto,
} from './views';
import {
  CalendarBookingsQuery,
  CalendarSlotsQuery,
  ClosingDaysDto,
  CreateCalendarDto,
  ListCalendarsQuery,
  GenerateSlotsDto,
  orgOf,
  PolicyDto,
  PublishSlotsDto,
  SlotAttributesDto,
} from './dto';

function attributes(dto: SlotAttributesDto) {
  return {
    conversationTypes: dto.conversationTypes,
    formats: dto.formats,
    capacity: dto.capacity,
    location: dto.location,
    joint: dto.joint,
    partner: dto.partner,
  };
}

@ApiTags('calendars')
@ApiBearerAuth()
@Roles('caseworker', 'akasse', 'system')
@Controller('v1')
export class CalendarsController {
  constructor(
    private readonly createCalendar: CreateCalendarUseCase,
    private readonly publishSlots: PublishSlotsUseCase,
    private readonly generateSlots: GenerateSlotsUseCase,
    private readonly setClosingDays: SetClosingDaysUseCase,
    private readonly setPolicy: SetBookingPolicyUseCase,
    private readonly listCalendars: ListCalendarsUseCase,
    private readonly calendarSlots: CalendarSlotsUseCase,
    private readonly calendarBookings: CalendarBookingsUseCase,
  ) {}

  @Get('calendars')
  @ApiOkResponse({ type: CalendarListDto })
  @ApiOperation({ summary: "Your organisation's calendars, and those of the joint meetings it takes part in" })
  async list(@CurrentPrincipal() principal: Principal, @Query() q: ListCalendarsQuery) {
    return {
      items: await this.listCalendars.execute(
        new ListCalendarsCommand(principal, { jobcenterCode: q.jobcenterCode, akasseId: q.akasseId }),
      ),
    };
  }

  @Get('calendars/:calendarId/slots')
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOkResponse({ type: StaffSlotListDto })
  @ApiOperation({ summary: "A calendar's day or week view: every slot (at most 31 days) with its state and bookings" })
  async slots(
    @CurrentPrincipal() principal: Principal,
    @Param('calendarId', ParseUUIDPipe) calendarId: string,
    @Query() q: CalendarSlotsQuery,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const filter = { conversationType: q.conversationType, format: q.format, location: q.location };
    const view = await this.calendarSlots.execute(
      new CalendarSlotsCommand(principal, calendarId, new Date(q.from), new Date(q.to), filter),
    );
    return renderedBody(res, view, acceptEncoding); // the view as rendered (or rendered before): sent as it is
  }

  @Get('calendars/:calendarId/bookings')
  @ApiOkResponse({ type: BookingPageDto })
  @ApiOperation({ summary: "A calendar's bookings (every status) by meeting start, with cursor pagination" })
  bookings(
    @CurrentPrincipal() principal: Principal,
    @Param('calendarId', ParseUUIDPipe) calendarId: string,
    @Query() q: CalendarBookingsQuery,
  ) {
    return this.calendarBookings.execute(
      new CalendarBookingsCommand(principal, calendarId, new Date(q.from), new Date(q.to), q.limit ?? 50, q.cursor),
    );
  }

  @Post('calendars')
  @ApiCreatedResponse({ type: CalendarDto })
  @ApiOperation({ summary: 'Create a calendar in your organisation' })
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateCalendarDto) {
    const row = await this.createCalendar.execute(
      new CreateCalendarCommand(principal, dto.name, dto.defaultLocation, orgOf(dto)),
    );
    return calendarView(row);
  }

  @Post('calendars/:calendarId/slots')
  @ApiCreatedResponse({ type: SlotListDto })
  @ApiProblems(409)
  @ApiOperation({ summary: 'Publish slots (mødetilbud) at given times' })
  async publish(
    @CurrentPrincipal() principal: Principal,
    @Param('calendarId', ParseUUIDPipe) calendarId: string,
    @Body() dto: PublishSlotsDto,
  ) {
    const times = dto.times.map((t) => ({ startsAt: new Date(t.startsAt), endsAt: new Date(t.endsAt) }));
    const result = await this.publishSlots.execute(
      new PublishSlotsCommand(principal, calendarId, attributes(dto), times),
    );
    return { items: result.created.map(slotView) };
  }

  @Post('calendars/:calendarId/slots/generate')
  @ApiCreatedResponse({ type: GeneratedSlotsDto })
  @ApiProblems(409)
  @ApiOperation({
    summary: 'Generate slots from a weekly opening template (Copenhagen local times; skips holidays and closing days)',
  })
  async generate(
    @CurrentPrincipal() principal: Principal,
    @Param('calendarId', ParseUUIDPipe) calendarId: string,
    @Body() dto: GenerateSlotsDto,
  ) {
    if (dto.to < dto.from) throw new DomainProblem(400, 'to must not be before from', 'invalid-window');
    return this.generateSlots.execute(
      new GenerateSlotsCommand(
        principal,
        calendarId,
        { periods: dto.periods, slotMinutes: dto.slotMinutes, gapMinutes: dto.gapMinutes },
        { from: dto.from, to: dto.to },
        attributes(dto),
      ),
    );
  }

  @Put('organisation/closing-days')
  @ApiOkResponse({ type: ClosingDaysResultDto })
  @ApiOperation({ summary: "Set your organisation's local closing days (lukkedage)" })
  closingDays(@CurrentPrincipal() principal: Principal, @Body() dto: ClosingDaysDto) {
    return this.setClosingDays.execute(new SetClosingDaysCommand(principal, dto.closingDays, orgOf(dto)));
  }

  @Put('policies/:conversationType')
  @HttpCode(200)
  @ApiOkResponse({ type: PolicyResultDto })
  @ApiOperation({ summary: 'Set the booking policy for a conversation type (0: every type)' })
  policy(
    @CurrentPrincipal() principal: Principal,
    @Param('conversationType', ParseIntPipe) conversationType: number,
    @Body() dto: PolicyDto,
  ) {
    if (conversationType < 0 || conversationType > 99)
      throw new DomainProblem(400, 'conversationType must be 0 (default) or a DFDG type id', 'invalid-type');
    const { minLeadMinutesBook, minLeadMinutesChange, maxAdvanceDays, rebookingAllowed } = dto;
    return this.setPolicy.execute(
      new SetBookingPolicyCommand(
        principal,
        conversationType,
        { minLeadMinutesBook, minLeadMinutesChange, maxAdvanceDays, rebookingAllowed },
        orgOf(dto),
      ),
    );
  }
}
