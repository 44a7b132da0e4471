import { Public } from '../auth/auth.guard';
import { BeforeApplicationShutdown, Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessRegistry } from './readiness.registry';

const CHECK_TIMEOUT_MS = 2000;

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
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready: the database answers and the service is not draining for shutdown. The broker's state is in the
   * body (`kafka`) but does not decide: while Kafka is away the API serves and writes wait in the outbox.
   */
  @Get('ready')
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
