import {
  Attributes,
  Link,
  ROOT_CONTEXT,
  Span,
  SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  Tracer,
} from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, IdGenerator } from '@opentelemetry/sdk-trace-base';
import { looksLikeCpr } from '@selvbook/contracts';
import { randomFillSync } from 'node:crypto';
import { currentContext, EventContext, runInContext } from '../context/event-context';

export { SpanKind };

/**
 * Traces, exported over OTLP/HTTP when the standard variables ask for it, and otherwise not at all (no SDK is
 * built, every helper here returns at once). On when OTEL_TRACES_EXPORTER is `otlp`, or when it is unset and
 * OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is; off with OTEL_SDK_DISABLED=true or
 * OTEL_TRACES_EXPORTER=none. The exporter reads the rest itself (endpoint, headers, timeout), the protocol is
 * OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL (`http/protobuf`, the default, or `http/json`), the sampler
 * OTEL_TRACES_SAMPLER(_ARG), batching OTEL_BSP_*, and the resource OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES.
 *
 * Spans are parented through the event context's `traceparent` — the one the services already carry in Kafka
 * headers and log lines — rather than OpenTelemetry's own context manager: a span's work runs in an event
 * context whose traceparent is that span's, so the events it writes, their consumers' spans and the log lines
 * all name it. No instrumentation patches modules at load, so the compiled form (dist/) traces the same.
 */
let tracer: Tracer | undefined;
let provider: BasicTracerProvider | undefined;

/** Whether these variables turn tracing on (see above). */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  if (exporters.includes('none')) return false;
  if (exporters.length > 0) return exporters.includes('otlp');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Trace and span ids as the services' own (newTraceparent): random, and never a CPR-shaped run of digits. */
const pool = Buffer.alloc(4096);
const ZEROS: Record<number, string> = { 8: '0'.repeat(16), 16: '0'.repeat(32) }; // an all-zero id is invalid
let poolOffset = pool.length;
function randomHex(bytes: number): string {
  for (;;) {
    if (poolOffset + bytes > pool.length) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    poolOffset += bytes;
    const hex = pool.toString('hex', poolOffset - bytes, poolOffset);
    if (!looksLikeCpr(hex) && hex !== ZEROS[bytes]) return hex;
  }
}
const ids: IdGenerator = { generateTraceId: () => randomHex(16), generateSpanId: () => randomHex(8) };

/** Starts the SDK if the environment asks for traces (once per process); returns whether it did. */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (tracer) return true;
  if (!tracingRequested(env)) return false;
  const protocol = (
    env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ??
    env.OTEL_EXPORTER_OTLP_PROTOCOL ??
    'http/protobuf'
  ).trim();
  if (protocol !== 'http/protobuf' && protocol !== 'http/json')
    throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL: ${protocol} is not supported (http/protobuf or http/json)`);
  const exporter = protocol === 'http/json' ? new OtlpJsonExporter() : new OtlpProtoExporter();
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the service's own name
  const resource = resourceFromAttributes({ 'service.name': serviceName }).merge(
    detectResources({ detectors: [envDetector] }),
  );
  provider = new BasicTracerProvider({
    resource,
    idGenerator: ids,
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  tracer = provider.getTracer('selvbook');
  return true;
}

/** Sends what is buffered and stops exporting (at shutdown). */
export async function stopTracing(): Promise<void> {
  const stopping = provider;
  provider = undefined;
  tracer = undefined;
  await stopping?.shutdown().catch(() => undefined);
}

export function tracingEnabled(): boolean {
  return tracer !== undefined;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A remote parent (or link) from a W3C traceparent; none for a malformed or CPR-shaped one. */
function spanContextOf(traceparent: string | undefined): SpanContext | undefined {
  if (!traceparent) return undefined;
  if (traceparent === lastParsed.traceparent) return lastParsed.context;
  const match = TRACEPARENT.exec(traceparent);
  const context =
    !match || looksLikeCpr(match[1])
      ? undefined
      : {
          traceId: match[1],
          spanId: match[2],
          traceFlags: parseInt(match[3], 16) & TraceFlags.SAMPLED,
          isRemote: true,
        };
  lastParsed = { traceparent, context };
  return context;
}
/** The last traceparent read: a request's spans (its transaction, the outbox append) mostly share one parent. */
let lastParsed: { traceparent?: string; context: SpanContext | undefined } = { context: undefined };

/** A span's W3C traceparent: what the work inside it carries on. */
export function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-0${traceFlags & TraceFlags.SAMPLED}`;
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** the parent's traceparent; default the current event context's */
  parent?: string;
  /** other traces this span belongs to (a batch of many) */
  links?: string[];
}

/** A started span (end it), or undefined when tracing is off. */
export function startSpan(name: string, options: SpanOptions = {}): Span | undefined {
  if (!tracer) return undefined;
  const parent = spanContextOf(options.parent ?? currentContext()?.traceparent);
  const links: Link[] = [];
  for (const link of options.links ?? []) {
    const context = spanContextOf(link);
    if (context) links.push({ context });
  }
  return tracer.startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links },
    parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT,
  );
}

/** Ends a span, marking it failed when `error` is given. */
export function endSpan(span: Span | undefined, error?: unknown): void {
  if (!span) return;
  if (error !== undefined) {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message.slice(0, 200) : undefined,
    });
    if (error instanceof Error) span.recordException({ name: error.name, message: error.message.slice(0, 200) });
  }
  span.end();
}

/** The event context for work inside `span`: the same correlation, the span's traceparent. */
export function contextInSpan(span: Span | undefined, context: EventContext | undefined): EventContext | undefined {
  if (!span || !context) return context;
  return { ...context, traceparent: traceparentOf(span) };
}

/**
 * Runs `fn` inside a span that is a child of the current event context's, with that span as the context's
 * traceparent (events written and lines logged inside carry it). Without tracing, just runs `fn`.
 */
export async function inSpan<T>(name: string, options: SpanOptions, fn: () => Promise<T>): Promise<T> {
  if (!tracer) return fn();
  const span = startSpan(name, options)!;
  const context = currentContext();
  try {
    const result = context ? await runInContext(contextInSpan(span, context)!, fn) : await fn();
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}
