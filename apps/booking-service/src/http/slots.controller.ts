import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MoveSlotCommand, MoveSlotUseCase, SearchSlotsCommand, SearchSlotsUseCase, slotView, WithdrawSlotCommand, WithdrawSlotUseCase } from '@selvbook/booking';
import { CurrentPrincipal, Principal, Roles } from '@selvbook/platform';
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
  @Roles('citizen', 'caseworker', 'akasse', 'system')
  @ApiOperation({ summary: 'Free slots: for a citizen\'s deadline (type, window until latestMeetingDate), or staff\'s own calendars' })
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
  @Roles('caseworker', 'akasse', 'system')
  @ApiOperation({ summary: 'Move an unbooked slot' })
  async moveSlot(@CurrentPrincipal() principal: Principal, @Param('slotId', ParseUUIDPipe) slotId: string, @Body() dto: MoveSlotDto) {
    return slotView(await this.move.execute(new MoveSlotCommand(principal, slotId, new Date(dto.startsAt), new Date(dto.endsAt))));
  }

  @Delete(':slotId')
  @Roles('caseworker', 'akasse', 'system')
  @ApiOperation({ summary: 'Withdraw a slot: its bookings are cancelled by the authority (event), the citizens may rebook' })
  async withdrawSlot(@CurrentPrincipal() principal: Principal, @Param('slotId', ParseUUIDPipe) slotId: string) {
    const result = await this.withdraw.execute(new WithdrawSlotCommand(principal, slotId));
    return { slot: slotView(result.slot), cancelledBookings: result.cancelledBookings };
  }
}
