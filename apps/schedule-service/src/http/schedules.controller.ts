import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ContactCourseDto, RecalculationSummaryDto, ScheduleViewDto } from './views';
import { CurrentPrincipal, Principal, Roles } from '@selvbook/platform';
import {
  GetScheduleUseCase,
  PreviewScheduleUseCase,
  RecalculateAllUseCase,
  SchedulePreviewRequest,
} from '@selvbook/schedule';
import { randomUUID } from 'node:crypto';

@ApiTags('schedules')
@ApiBearerAuth()
@Controller('v1')
export class SchedulesController {
  constructor(
    private readonly preview: PreviewScheduleUseCase,
    private readonly getSchedule: GetScheduleUseCase,
    private readonly recalculateAll: RecalculateAllUseCase,
  ) {}

  @Post('schedules/preview')
  @HttpCode(200)
  @ApiOkResponse({ type: ContactCourseDto })
  @Roles('caseworker', 'akasse', 'system')
  @ApiOperation({ summary: 'Calculate a contact course from a citizen profile, without storing anything' })
  previewSchedule(@Body() request: SchedulePreviewRequest) {
    return this.preview.execute(request);
  }

  @Get('citizens/:citizenId/schedule')
  @ApiOkResponse({ type: ScheduleViewDto })
  @Roles('citizen', 'caseworker', 'akasse', 'system')
  @ApiOperation({ summary: "A citizen's last calculated schedule (guiding dates, first activation)" })
  schedule(@Param('citizenId', new ParseUUIDPipe()) citizenId: string, @CurrentPrincipal() principal: Principal) {
    return this.getSchedule.execute(citizenId, principal);
  }

  @Post('admin/recalculations')
  @HttpCode(200)
  @ApiOkResponse({ type: RecalculationSummaryDto })
  @Roles('system')
  @ApiOperation({ summary: 'Recalculate every course now (the nightly run does this by itself)' })
  recalculate() {
    return this.recalculateAll.execute(`manual-${randomUUID()}`);
  }
}
