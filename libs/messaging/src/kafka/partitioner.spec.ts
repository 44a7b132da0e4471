import fc from 'fast-check';
import { Partitioners } from 'kafkajs';
import { JavaCompatiblePartitioner, murmur2 } from './partitioner';
// kafkajs's own implementation (64-bit Long emulation of the Java client's murmur2) is the reference.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const reference: (key: string | Buffer) => number = require('kafkajs/src/producer/partitioners/default/murmur2');

const metadata = (n: number) =>
  Array.from({ length: n }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    partitionErrorCode: 0,
  }));

describe('Java-compatible partitioner', () => {
  it('hashes like the Java client: known values and kafkajs for any key', () => {
    // Values from Kafka's own tests (org.apache.kafka.common.utils.UtilsTest#testMurmur2)
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (key) => murmur2(key) === reference(key)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        (bytes) => murmur2(Buffer.from(bytes)) === reference(Buffer.from(bytes)),
      ),
      { numRuns: 1000 },
    );
  });

  it('picks the partition kafkajs DefaultPartitioner picks for every keyed message', () => {
    const ours = JavaCompatiblePartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 1, max: 64 }), (key, partitions) => {
        const args = { topic: 't', partitionMetadata: metadata(partitions), message: { key, value: 'v' } };
        return ours(args) === theirs(args);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps an explicit partition and spreads keyless messages over partitions with a leader', () => {
    const partitioner = JavaCompatiblePartitioner();
    expect(
      partitioner({ topic: 't', partitionMetadata: metadata(6), message: { key: 'k', value: 'v', partition: 4 } }),
    ).toBe(4);
    const withOneDown = metadata(3).map((p) => (p.partitionId === 1 ? { ...p, leader: -1 } : p));
    const chosen = new Set(
      Array.from({ length: 50 }, () =>
        partitioner({ topic: 't', partitionMetadata: withOneDown, message: { value: 'v' } }),
      ),
    );
    expect([...chosen].sort()).toEqual([0, 2]);
  });
});
