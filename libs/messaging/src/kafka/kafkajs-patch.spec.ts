/* eslint-disable @typescript-eslint/no-require-imports */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';

// kafkajs internals, as patched by patches/kafkajs+2.2.4.patch (applied by npm install's postinstall)
const Encoder = require('kafkajs/src/protocol/encoder');
const Decoder = require('kafkajs/src/protocol/decoder');
const Header = require('kafkajs/src/protocol/recordBatch/header/v0');
const Record = require('kafkajs/src/protocol/recordBatch/record/v0');
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');
const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder');
const crc32C: (buffer: Buffer) => number = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C');
const RequestQueue = require('kafkajs/src/network/requestQueue');

/** CRC-32C bit by bit (reflected polynomial 0x82F63B78): the definition the tables must agree with. */
function crc32cReference(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** kafkajs 2.2.4's record encoding before the patch: one Encoder per header, copied in. */
function recordUnpatched({
  offsetDelta = 0,
  timestampDelta = 0,
  key,
  value,
  headers = {},
}: {
  offsetDelta?: number;
  timestampDelta?: number;
  key: unknown;
  value: unknown;
  headers?: Record<string, unknown>;
}) {
  const headersArray = Object.keys(headers).map((headerKey) => ({ key: headerKey, value: headers[headerKey] }));
  const sizeOfHeaders = headersArray.reduce(
    (size, h) =>
      size +
      Encoder.sizeOfVarInt(Buffer.byteLength(h.key)) +
      Buffer.byteLength(h.key) +
      (h.value === null
        ? Encoder.sizeOfVarInt(-1)
        : Encoder.sizeOfVarInt(Buffer.byteLength(h.value as string)) + Buffer.byteLength(h.value as string)),
    Encoder.sizeOfVarInt(headersArray.length),
  );
  const sizeOfBody =
    1 +
    Encoder.sizeOfVarLong(timestampDelta) +
    Encoder.sizeOfVarInt(offsetDelta) +
    Encoder.sizeOfVarIntBytes(key) +
    Encoder.sizeOfVarIntBytes(value) +
    sizeOfHeaders;
  return new Encoder()
    .writeVarInt(sizeOfBody)
    .writeInt8(0)
    .writeVarLong(timestampDelta)
    .writeVarInt(offsetDelta)
    .writeVarIntBytes(key)
    .writeVarIntBytes(value)
    .writeVarIntArray(headersArray.map(Header));
}

const text = fc.string({ unit: 'binary', maxLength: 300 });
const bytesOrText = fc.oneof(
  text,
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
);
const message = fc.record({
  offsetDelta: fc.nat(10_000),
  timestampDelta: fc.nat(100_000),
  key: fc.option(bytesOrText, { nil: null }),
  value: fc.option(bytesOrText, { nil: null }),
  // kafkajs refuses a null header value (keys like 'constructor' are covered by the decoding test below)
  headers: fc.dictionary(
    fc.string({ maxLength: 20 }).map((k) => `h-${k}`),
    bytesOrText,
    { maxKeys: 7 },
  ),
});

/** Any header key, names of Object.prototype members and '__proto__' among them; a key may repeat (an array). */
const anyHeaderKey = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'),
);
const anyHeaders = fc
  .uniqueArray(fc.tuple(anyHeaderKey, fc.oneof(bytesOrText, fc.array(bytesOrText, { minLength: 2, maxLength: 3 }))), {
    selector: ([key]) => key,
    maxLength: 7,
  })
  .map((entries) => {
    const headers: Record<string, string | Buffer | (string | Buffer)[]> = {};
    for (const [key, value] of entries)
      Object.defineProperty(headers, key, { value, enumerable: true, writable: true, configurable: true });
    return headers;
  });

describe('kafkajs patch (patches/kafkajs+2.2.4.patch, applied by npm install)', () => {
  it('is applied: encoders take pooled, uninitialised buffers (every byte is written before it is read)', () => {
    const source = readFileSync(require.resolve('kafkajs/src/protocol/encoder.js'), 'utf8');
    expect(source).toContain('Buffer.allocUnsafe(Encoder.nextPowerOfTwo(initialSize))');
    expect(source).not.toMatch(/Buffer\.alloc\(/);
    expect(readFileSync(require.resolve('kafkajs/src/protocol/recordBatch/crc32C/crc32C.js'), 'utf8')).toContain(
      'slicing-by-8',
    );
    expect(readFileSync(require.resolve('kafkajs/src/protocol/recordBatch/record/v0/decoder.js'), 'utf8')).toContain(
      'filled in place',
    );
  });

  it('CRC-32C, eight bytes a step, equals the bitwise definition and the standard check value', () => {
    expect(crc32C(Buffer.from('123456789'))).toBe(0xe3069283);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) =>
        expect(crc32C(Buffer.from(bytes))).toBe(crc32cReference(bytes)),
      ),
    );
  });

  it('encodes a record byte for byte as kafkajs did, headers written in place', () => {
    fc.assert(fc.property(message, (m) => expect(Buffer.compare(Record(m).buffer, recordUnpatched(m).buffer)).toBe(0)));
  });

  it('a record batch (encoders sized up front) decodes to the same records, with a CRC over its body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 20 }), async (messages) => {
        const records = messages.map((m, i) => Record({ ...m, offsetDelta: i }));
        const encoded: Buffer = (await RecordBatch({ records, lastOffsetDelta: records.length - 1 })).buffer;
        // FirstOffset (8) Length (4) PartitionLeaderEpoch (4) Magic (1) CRC (4), then the body the CRC covers
        expect(encoded.readUInt32BE(17)).toBe(crc32cReference(encoded.subarray(21)));
        const batch = await decodeRecordBatch(new Decoder(encoded));
        expect(
          batch.records.map(
            (r: { key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | null> }) => [
              r.key,
              r.value,
              r.headers,
            ],
          ),
        ).toEqual(
          messages.map((m) => [
            asBytes(m.key),
            asBytes(m.value),
            Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, asBytes(v)])),
          ]),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('decodes every header as written: own properties whatever their names, a repeated key as an array', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyHeaders, { minLength: 1, maxLength: 5 }), async (headerSets) => {
        const records = headerSets.map((headers, i) => Record({ offsetDelta: i, key: null, value: 'v', headers }));
        const batch = await decodeRecordBatch(
          new Decoder((await RecordBatch({ records, lastOffsetDelta: records.length - 1 })).buffer),
        );
        batch.records.forEach((record: { headers: Record<string, unknown> }, i: number) => {
          const written = headerSets[i];
          expect(Object.keys(record.headers)).toEqual(Object.keys(written));
          expect(Object.getPrototypeOf(record.headers)).toBe(Object.prototype);
          for (const key of Object.keys(written)) {
            const value = written[key];
            const expected = Array.isArray(value) ? value.map(asBytes) : asBytes(value);
            expect(Object.getOwnPropertyDescriptor(record.headers, key)?.value).toEqual(expected);
          }
        });
      }),
      { numRuns: 100 },
    );
  });
});

const asBytes = (v: string | Buffer | null) => (v === null ? null : Buffer.isBuffer(v) ? v : Buffer.from(v));

describe('RequestQueue: an idle connection schedules no checks of its empty queue', () => {
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const queueOf = () =>
    new RequestQueue({
      maxInFlightRequests: 1,
      requestTimeout: 30000,
      enforceRequestTimeout: false,
      clientId: 'test',
      broker: 'b:9092',
      logger: quiet,
    });
  /** A request as Connection pushes it; `sent` counts its sends. */
  const request = (correlationId: number, sent: number[]) => ({
    entry: { correlationId, resolve: () => undefined, reject: () => undefined },
    expectResponse: true,
    sendRequest: () => sent.push(correlationId),
  });

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('with nothing pending and no throttle nothing is scheduled (kafkajs rescheduled itself every millisecond)', () => {
    const queue = queueOf();
    queue.checkPendingRequests();
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(1000);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('a request held back by the in-flight limit is sent when the one in flight completes', () => {
    const queue = queueOf();
    const sent: number[] = [];
    queue.push(request(1, sent));
    queue.push(request(2, sent));
    expect(sent).toEqual([1]);
    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(sent).toEqual([1, 2]);
  });

  it('a request held back by broker throttling is sent when the throttle ends, and the checks stop', () => {
    const queue = queueOf();
    const sent: number[] = [];
    queue.maybeThrottle(500);
    queue.push(request(1, sent));
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(499);
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(20);
    expect(sent).toEqual([1]);
    jest.advanceTimersByTime(1000);
    expect(jest.getTimerCount()).toBe(0);
  });
});
