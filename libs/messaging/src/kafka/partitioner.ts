import type { ICustomPartitioner } from 'kafkajs';

const M = 0x5bd1e995;

/**
 * Kafka's murmur2 (the Java client's `Utils.murmur2`) in 32-bit integer arithmetic. kafkajs's own
 * DefaultPartitioner computes the same hash through a 64-bit Long emulation and filters the partition
 * list for every message, a large part of the relay's CPU when it publishes a national recalculation.
 */
export function murmur2(key: string | Buffer): number {
  const data = typeof key === 'string' ? Buffer.from(key) : key;
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // the last one to three bytes (the Java original falls through its switch)
  const tail = length & 3;
  if (tail === 3) h ^= data[whole + 2] << 16;
  if (tail >= 2) h ^= data[whole + 1] << 8;
  if (tail >= 1) {
    h ^= data[whole];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The hashes of recently seen keys: the relay sends one event to up to three topics with the same key. */
const recent = new Map<string, number>();

function hashOf(key: string | Buffer): number {
  if (typeof key !== 'string') return murmur2(key);
  let hash = recent.get(key);
  if (hash === undefined) {
    if (recent.size >= 10_000) recent.clear();
    hash = murmur2(key);
    recent.set(key, hash);
  }
  return hash;
}

/**
 * Java-compatible partitioning (same partition for a key as the Java client and kafkajs's
 * DefaultPartitioner, so a citizen's events land together whichever client wrote them), without their cost.
 * Keyless messages go round robin over the partitions that have a leader.
 */
export const JavaCompatiblePartitioner: ICustomPartitioner = () => {
  let counter = Math.floor(Math.random() * 0x7fffffff);
  return ({ partitionMetadata, message }) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key !== null && message.key !== undefined)
      return (hashOf(message.key) & 0x7fffffff) % partitionMetadata.length;
    const available = partitionMetadata.filter((p) => p.leader >= 0);
    const candidates = available.length > 0 ? available : partitionMetadata;
    return candidates[(counter++ & 0x7fffffff) % candidates.length].partitionId;
  };
};
