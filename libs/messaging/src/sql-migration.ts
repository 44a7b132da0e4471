import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A migration that is a list of SQL statements each way (hand-written DDL, as every migration here): `up` runs
 * `upStatements` in order, `down` runs `downStatements` in order. A subclass names itself `<What><timestamp>` and
 * gives the two lists.
 */
export abstract class SqlMigration implements MigrationInterface {
  abstract readonly name: string;
  protected abstract readonly upStatements: readonly string[];
  protected abstract readonly downStatements: readonly string[];

  async up(q: QueryRunner): Promise<void> {
    for (const statement of this.upStatements) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of this.downStatements) await q.query(statement);
  }
}
