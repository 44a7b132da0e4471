import { Public } from '../auth/auth.guard';
import { Controller, Get, Header, Injectable } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, CounterConfiguration, Gauge, GaugeConfiguration, Registry } from 'prom-client';

/** One Prometheus registry per process; libraries add their own counters and gauges to it. */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

/**
 * The registry's counter of that name, registered on first use. A component built again in the same process
 * (a consumer restarted after the broker was unreachable) counts on in the same series, where registering the
 * name a second time would throw "already registered".
 */
export function counterIn<T extends string>(registry: Registry, config: Omit<CounterConfiguration<T>, 'registers'>): Counter<T> {
  return (registry.getSingleMetric(config.name) as Counter<T> | undefined) ?? new Counter({ ...config, registers: [registry] });
}

/** The registry's gauge of that name, registered on first use (see counterIn); the first one's collect() stays. */
export function gaugeIn<T extends string>(registry: Registry, config: Omit<GaugeConfiguration<T>, 'registers'>): Gauge<T> {
  return (registry.getSingleMetric(config.name) as Gauge<T> | undefined) ?? new Gauge({ ...config, registers: [registry] });
}

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
