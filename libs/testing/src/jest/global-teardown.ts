import type { EmbeddedPostgresServer } from '../postgres/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __SELVBOOK_PG__?: EmbeddedPostgresServer }).__SELVBOOK_PG__?.stop();
}
