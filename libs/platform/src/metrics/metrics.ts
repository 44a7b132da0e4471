import { Public } from '../auth/auth.guard';
import { Controller, Get, Header, Injectable } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  collectDefaultMetrics,
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  Registry,
} from 'prom-client';

/** The scrape answer's content type: Prometheus's text format 0.0.4. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4';

/** One Prometheus registry per process; libraries add their own counters and gauges to it. */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

/** A metric's configuration without `registers`: the *In functions register it on the registry they are given. */
type Unregistered<C> = Omit<C, 'registers'>;

/**
 * The registry's metric of that name, registered on first use. A component built again in the same process
 * (a consumer restarted after the broker was unreachable) counts on in the same series, where registering the
 * name a second time would throw "already registered"; the first one's collect() stays.
 */
function registeredIn<M>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}

/** The registry's counter of that name, registered on first use (see registeredIn). */
export function counterIn<T extends string>(
  registry: Registry,
  config: Unregistered<CounterConfiguration<T>>,
): Counter<T> {
  return registeredIn(registry, config.name, () => new Counter({ ...config, registers: [registry] }));
}

/** The registry's gauge of that name, registered on first use (see registeredIn). */
export function gaugeIn<T extends string>(registry: Registry, config: Unregistered<GaugeConfiguration<T>>): Gauge<T> {
  return registeredIn(registry, config.name, () => new Gauge({ ...config, registers: [registry] }));
}

/** The registry's histogram of that name, registered on first use (see registeredIn). */
export function histogramIn<T extends string>(
  registry: Registry,
  config: Unregistered<HistogramConfiguration<T>>,
): Histogram<T> {
  return registeredIn(registry, config.name, () => new Histogram({ ...config, registers: [registry] }));
}

/** Buckets (seconds) for work measured in milliseconds to seconds: a request, a transaction, a publish. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Buckets (seconds) for delays of seconds to a day: an event's way to a citizen's inbox. */
export const DELAY_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 3 * 3600, 12 * 3600, 24 * 3600];

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
