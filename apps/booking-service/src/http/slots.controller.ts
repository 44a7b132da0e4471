import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  MoveSlotCommand,
  MoveSlotUseCase,
  SearchSlotsCommand,
  SearchSlotsUseCase,
  slotView,
  WithdrawSlotCommand,
  WithdrawSlotUseCase,
} from '@selvbook/booking';
import { ApiProblems, CurrentPrincipal, Principal, Roles } from '@selvbook/platform';
import { SlotDto, SlotPageDto, WithdrawnSlotDto } from './views';
import { MoveSlotDto, orgOf, SearchSlotsQuery } from './dto';

@ApiTags('slots')
@ApiBearerAuth()
@Controller('v1/slots')
export class SlotsController {
  constructor(
    private readonly search: SearchSlotsUseCase,
    private readonly withdraw: WithdrawSlotUseCase,
    private readonly move: MoveSlotUseCase,
  ) {}

  @Get()
  @ApiOkResponse({ type: SlotPageDto })
  @ApiProblems(404, 409)
  @Roles('citizen', 'caseworker', 'akasse', 'system')
  @ApiOperation({
    summary: "Free slots: for a citizen's deadline (type, window until latestMeetingDate), or staff's own calendars",
  })
  find(@CurrentPrincipal() principal: Principal, @Query() q: SearchSlotsQuery) {
    return this.search.execute(
      new SearchSlotsCommand(principal, {
        deadlineId: q.deadlineId,
        conversationType: q.conversationType,
        format: q.format,
        location: q.location,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        limit: q.limit,
        cursor: q.cursor,
        organisation: orgOf(q),
      }),
    );
  }

  @Patch(':slotId')
  @ApiOkResponse({ type: SlotDto })
  @ApiProblems(409)
  @Roles('caseworker', 'akasse', 'system')
  @ApiOperation({ summary: 'Move an unbooked slot' })
  async moveSlot(
    @CurrentPrincipal() principal: Principal,
    @Param('slotId', ParseUUIDPipe) slotId: string,
    @Body() dto: MoveSlotDto,
  ) {
    return slotView(
      await this.move.execute(new MoveSlotCommand(principal, slotId, new Date(dto.startsAt), new Date(dto.endsAt))),
    );
  }

  @Delete(':slotId')
  @ApiOkResponse({ type: WithdrawnSlotDto })
  @Roles('caseworker', 'akasse', 'system')
  @ApiOperation({
    summary: 'Withdraw a slot: its bookings are cancelled by the authority (event), the citizens may rebook',
  })
  async withdrawSlot(@CurrentPrincipal() principal: Principal, @Param('slotId', ParseUUIDPipe) slotId: string) {
    const result = await this.withdraw.execute(new WithdrawSlotCommand(principal, slotId));
    return { slot: slotView(result.slot), cancelledBookings: result.cancelledBookings };
  }
}
