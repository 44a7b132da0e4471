import { OUTBOX_SHARDS } from './outbox';
import { outboxShardShare, planShards } from './outbox-relay';

const all = Array.from({ length: OUTBOX_SHARDS }, (_, i) => i);

describe('outbox relay shards', () => {
  it('gives each live relay ceil(16 / n) shards: all to one, 8 to each of two, 6 to each of three', () => {
    expect([0, 1, 2, 3, 16, 17].map(outboxShardShare)).toEqual([16, 16, 8, 6, 1, 1]);
  });

  it('a relay alone tries every shard, starting at its own offset', () => {
    expect(planShards(new Set(), 16, 5)).toEqual({ release: [], candidates: [...all.slice(5), ...all.slice(0, 5)] });
  });

  it('a relay above its share gives up the shards furthest along from its offset, and tries none', () => {
    const { release, candidates } = planShards(new Set(all), 8, 12);
    expect(release).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(candidates).toEqual([]);
  });

  it('a relay below its share tries only the shards it does not hold; at its share it does nothing', () => {
    expect(planShards(new Set([0, 1, 2]), 8, 0).candidates).toEqual(all.slice(3));
    expect(planShards(new Set([0, 1, 2, 3, 4, 5, 6, 7]), 8, 3)).toEqual({ release: [], candidates: [] });
  });
});
