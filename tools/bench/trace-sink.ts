import { freePort } from '@selvbook/testing';
import { createServer } from 'node:http';

/**
 * BENCH_TRACING=on (or `wanted`): the services under benchmark export traces over OTLP/HTTP (protobuf, the
 * default) to this sink, which reads and drops them — the cost measured is the services' (spans made, batched,
 * encoded, sent), not a collector's. Off (default): no OTEL_* variable is set and the services make no spans.
 */
export async function startTraceSink(
  wanted = process.env.BENCH_TRACING === 'on',
): Promise<
  | { env: Record<string, string>; exports: () => { requests: number; bytes: number }; stop: () => Promise<void> }
  | undefined
> {
  if (!wanted) return undefined;
  let requests = 0;
  let bytes = 0;
  const server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => {
      requests++;
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` },
    exports: () => ({ requests, bytes }),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
