import { newContext, runInContext } from '../context/event-context';
import { createLogger } from '../logging/logger';
import { statusClass } from '../metrics/http-metrics';
import { inSpan, startSpan, tracingEnabled, tracingRequested } from './tracing';
import { Writable } from 'node:stream';

describe('tracing is off unless the OTEL_* variables ask for it', () => {
  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, true],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
    [{ OTEL_TRACES_EXPORTER: 'console' }, false],
    [{ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' }, false],
  ])('%j → %s', (env, on) => {
    expect(tracingRequested(env as NodeJS.ProcessEnv)).toBe(on);
  });

  it('without the SDK started, spans are nothing and inSpan only runs its work in the same context', async () => {
    expect(tracingEnabled()).toBe(false);
    expect(startSpan('x')).toBeUndefined();
    const context = newContext();
    const seen = await runInContext(context, () => inSpan('y', {}, async () => 'done'));
    expect(seen).toBe('done');
  });
});

describe('log lines carry the trace context', () => {
  it("trace_id and span_id are the current traceparent's", () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, callback) => (lines.push(chunk.toString()), callback()) });
    const context = newContext({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    runInContext(context, () => createLogger('test', 'info', {}, sink).info('hello'));
    const line = JSON.parse(lines[0]);
    expect(line.trace_id).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(line.span_id).toBe(context.traceparent.slice(36, 52));
    expect(line.span_id).not.toBe('00f067aa0ba902b7'); // the work's own span, a child of the caller's
    expect(line.traceparent).toBe(context.traceparent);
  });
});

describe('HTTP status classes', () => {
  it('groups statuses by their first digit', () => {
    expect([200, 201, 304, 404, 429, 500, 503, 99, 600].map(statusClass)).toEqual([
      '2xx',
      '2xx',
      '3xx',
      '4xx',
      '4xx',
      '5xx',
      '5xx',
      'other',
      'other',
    ]);
  });
});
