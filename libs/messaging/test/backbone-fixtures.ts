import { createEvent, EventEnvelope, findEventDefinition } from '@selvbook/contracts';
import { createDataSource } from '@selvbook/persistence';
import pino from 'pino';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { MESSAGING_MIGRATIONS } from '../src';

/** The consumer side's observable effect: one row per applied event, deliberately without a unique key. */
export class EffectsTable1764200000001 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE effect (seq bigserial PRIMARY KEY, event_id uuid NOT NULL, subject text NOT NULL, n int NOT NULL)`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE effect');
  }
}

export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export async function openTestDataSource(url: string, withEffects: boolean): Promise<DataSource> {
  const dataSource = createDataSource({
    url,
    applicationName: 'backbone-test',
    poolSize: 8,
    migrations: withEffects ? [...MESSAGING_MIGRATIONS, EffectsTable1764200000001] : MESSAGING_MIGRATIONS,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

/** A real contract event (an a-kasse reporting a month's paid hours), numbered through `hours`. */
export function paidHoursEvent(citizenId: string, n: number): EventEnvelope {
  const definition = findEventDefinition('citizen.paid-hours-reported', 1)!;
  return createEvent(definition, { citizenId, akasseId: 'test-akasse', month: '2026-10', hours: n } as never, {
    subject: citizenId,
    source: 'backbone-test',
  });
}

/** `recordEffect` for a run of events: one statement, as a batch handler on a hot path writes it. */
export async function recordEffects(events: EventEnvelope[], tx: EntityManager): Promise<void> {
  await tx.query(
    `INSERT INTO effect (event_id, subject, n)
     SELECT id, subject, n FROM unnest($1::uuid[], $2::text[], $3::int[]) WITH ORDINALITY AS e(id, subject, n, i)
      ORDER BY i`,
    [events.map((e) => e.id), events.map((e) => e.subject), events.map((e) => (e.data as { hours: number }).hours)],
  );
}

export async function recordEffect(event: EventEnvelope, tx: EntityManager): Promise<void> {
  const data = event.data as { hours: number };
  await tx.query('INSERT INTO effect (event_id, subject, n) VALUES ($1, $2, $3)', [
    event.id,
    event.subject,
    data.hours,
  ]);
}
