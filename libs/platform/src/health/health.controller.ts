import { Public } from '../auth/auth.guard';
import { BeforeApplicationShutdown, Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessRegistry } from './readiness.registry';

const CHECK_TIMEOUT_MS = 2000;

class LiveDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'object' },
    description: 'the dependencies that are up',
    example: { database: { status: 'up' }, kafka: { status: 'up' } },
  })
  info?: Record<string, unknown>;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'object' },
    description: 'the dependencies that are down, with why',
    example: { kafka: { status: 'down', message: 'no answer within 2000 ms' } },
  })
  error?: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'object' }, description: 'every dependency checked' })
  details: Record<string, unknown>;
}

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController implements BeforeApplicationShutdown {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessRegistry,
  ) {}

  /** Cheap: the event loop answers. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: LiveDto })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready: the database answers and the service is not draining for shutdown. The broker's state is in the
   * body (`kafka`) but does not decide: while Kafka is away the API serves and writes wait in the outbox.
   */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database and broker reachable, not draining for shutdown' })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({
    type: ReadinessDto,
    description: 'not ready: `error` says which dependency is down',
  })
  async ready(@Res({ passthrough: true }) response: FastifyReply) {
    const draining = async () =>
      this.readiness.isDraining
        ? this.indicators.check('shutdown').down('draining')
        : this.indicators.check('shutdown').up();
    const checks = this.readiness.entries().map(([name, check]) => async () => {
      const session = this.indicators.check(name);
      try {
        await withTimeout(check(), CHECK_TIMEOUT_MS);
        return session.up();
      } catch (error) {
        return session.down({ message: (error as Error).message });
      }
    });
    const reported = () => Object.fromEntries(this.readiness.reportEntries().map(([name, report]) => [name, report()]));
    try {
      return { ...(await this.health.check([draining, ...checks])), ...reported() };
    } catch (error) {
      // Keep terminus' per-dependency report in the 503 body: it says which dependency is down.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return { ...(error.getResponse() as object), ...reported() };
    }
  }

  beforeApplicationShutdown(): void {
    this.readiness.startDraining();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
