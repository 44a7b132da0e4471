import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Roles } from '../auth/auth.guard';
import { ApiProblems } from '../http/openapi';
import { DomainProblem } from '../http/problem.filter';
import { Clock } from './clock';

class ClockDto {
  @ApiProperty({ format: 'date-time', example: '2026-03-30T06:00:00.000Z' }) now: string;
}

export class MoveClockRequest {
  /** Move forward by this many milliseconds (at most a year at a time). */
  @ApiPropertyOptional({
    example: 86400000,
    description: 'move forward by this many milliseconds (at most a year at a time)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(366 * 24 * 3600 * 1000)
  advanceByMs?: number;

  /** Or move forward to this instant. */
  @ApiPropertyOptional({ format: 'date-time', description: 'or move forward to this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  setTo?: string;
}

/**
 * Time travel for end-to-end tests and the demo (a month of a contact course in seconds). Mounted only
 * when CLOCK_CONTROL=true, which production configuration never sets.
 */
@ApiTags('operations')
@Controller('v1/admin/clock')
export class ClockController {
  constructor(private readonly clock: Clock) {}

  @Get()
  @Roles('system')
  @ApiOperation({ summary: 'This service’s clock (CLOCK_CONTROL=true only)' })
  @ApiOkResponse({ type: ClockDto })
  now(): { now: string } {
    return { now: this.clock.now().toISOString() };
  }

  @Post()
  @HttpCode(200)
  @Roles('system')
  @ApiOperation({ summary: 'Move this service’s clock forward (CLOCK_CONTROL=true only)' })
  @ApiOkResponse({ type: ClockDto })
  @ApiProblems(409)
  move(@Body() request: MoveClockRequest): { now: string } {
    if (request.setTo) {
      const target = new Date(request.setTo);
      if (target < this.clock.now()) throw new DomainProblem(409, 'time only moves forward', 'clock-backwards');
      this.clock.setTo(target);
    } else if (request.advanceByMs !== undefined) {
      this.clock.advanceBy(request.advanceByMs);
    } else {
      throw new DomainProblem(400, 'give advanceByMs or setTo', 'clock-request');
    }
    return this.now();
  }
}
