import { currentContext } from '@selvbook/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { translateDbError } from '../../infrastructure/db-errors';

/** Runs `work` in one transaction; constraint violations become 409 problems with their reason. */
export async function inTransaction<T>(dataSource: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await dataSource.transaction(work);
  } catch (error) {
    translateDbError(error);
  }
}

export function correlationId(): string | null {
  return currentContext()?.correlationId ?? null;
}
