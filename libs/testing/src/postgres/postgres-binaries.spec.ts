import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reachableByOthers } from './postgres-binaries';

describe('reachableByOthers: can the postgres user reach the binaries?', () => {
  const base = mkdtempSync(join(tmpdir(), 'selvbook-reach-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it("no, under a folder only its owner may enter (root's 0700 home)", () => {
    const bin = join(base, 'private', 'node_modules', 'bin');
    mkdirSync(bin, { recursive: true });
    chmodSync(base, 0o755);
    chmodSync(join(base, 'private'), 0o700);
    expect(reachableByOthers(bin)).toBe(false);
  });

  it('yes, when every folder on the way is searchable by others', () => {
    const bin = join(base, 'shared', 'node_modules', 'bin');
    mkdirSync(bin, { recursive: true });
    chmodSync(base, 0o755);
    expect(reachableByOthers(bin)).toBe(true);
  });
});
