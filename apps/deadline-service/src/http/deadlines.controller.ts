import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeadlineQueries, RecordOutageUseCase } from '@selvbook/deadline';
import { Clock, CurrentPrincipal, Principal, Roles } from '@selvbook/platform';
import { DataSource } from 'typeorm';
import { ExpiryRunnerService } from '../timers/expiry-runner.service';
import {
  CitizenDeadlinesDto,
  ExpiredDeadlineDto,
  ExpiredDeadlinesQuery,
  ExpiryRunDto,
  JOBCENTER_CODE,
  OutageRecorded,
  RecordOutageRequest,
} from './dto';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('v1')
export class DeadlinesController {
  constructor(
    @Inject(DeadlineQueries) private readonly queries: DeadlineQueries,
    private readonly clock: Clock,
  ) {}

  @Get('citizens/:citizenId/deadlines')
  @Roles('citizen', 'caseworker', 'akasse', 'system')
  @ApiOperation({ summary: "A citizen's open and fulfilled deadlines and person flags (Jobnet's front page)" })
  @ApiOkResponse({ type: CitizenDeadlinesDto })
  citizenDeadlines(
    @CurrentPrincipal() principal: Principal,
    @Param('citizenId', new ParseUUIDPipe()) citizenId: string,
  ): Promise<CitizenDeadlinesDto> {
    return this.queries.citizenDeadlines(principal, citizenId, this.clock.now());
  }

  @Get('jobcenters/:jobcenterCode/expired-deadlines')
  @Roles('caseworker', 'system')
  @ApiOperation({ summary: "A jobcenter's deadlines that expired at the end of a day" })
  @ApiOkResponse({ type: [ExpiredDeadlineDto] })
  expired(
    @CurrentPrincipal() principal: Principal,
    @Param('jobcenterCode') jobcenterCode: string,
    @Query() query: ExpiredDeadlinesQuery,
  ): Promise<ExpiredDeadlineDto[]> {
    if (!JOBCENTER_CODE.test(jobcenterCode))
      throw new BadRequestException('jobcenterCode must be a 3-digit municipality + 2-digit sub-unit');
    return this.queries.expiredForJobcenter(principal, jobcenterCode, query.date);
  }
}

@ApiTags('outages')
@ApiBearerAuth()
@Controller('v1/outages')
export class OutagesController {
  constructor(
    @Inject(RecordOutageUseCase) private readonly recordOutage: RecordOutageUseCase,
    private readonly dataSource: DataSource,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('system', 'caseworker')
  @ApiOperation({
    summary:
      'Record that booking was unavailable from–to; open deadlines ' +
      'expiring in or just after it are extended by its length',
  })
  @ApiOkResponse({ type: OutageRecorded })
  async record(@CurrentPrincipal() principal: Principal, @Body() body: RecordOutageRequest): Promise<OutageRecorded> {
    const startsAt = new Date(body.from);
    const endsAt = new Date(body.to);
    if (!(endsAt > startsAt)) throw new BadRequestException('to must be after from');
    let jobcenterCode = body.jobcenterCode;
    if (principal.role === 'caseworker') {
      if (jobcenterCode && jobcenterCode !== principal.jobcenterCode)
        throw new ForbiddenException('a caseworker records outages for their own jobcenter only');
      jobcenterCode = principal.jobcenterCode;
    }
    return this.dataSource.transaction((tx) =>
      this.recordOutage.execute(
        { startsAt, endsAt, jobcenterCode, reason: body.reason, recordedBy: principal.subject },
        tx,
      ),
    );
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/expiry-runs')
export class AdminController {
  constructor(private readonly runner: ExpiryRunnerService) {}

  @Post()
  @HttpCode(200)
  @Roles('system')
  @ApiOperation({
    summary: "Run the expiry timer now (at the service clock's now): settles everything due, exactly once",
  })
  @ApiOkResponse({ type: ExpiryRunDto })
  run(): Promise<ExpiryRunDto> {
    return this.runner.runNow();
  }
}
