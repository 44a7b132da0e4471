import { currentContext, Principal } from '@selvbook/platform';
import type { EntityManager } from 'typeorm';

export interface AuditEntry {
  action: string;
  entityType: 'booking' | 'slot' | 'reservation' | 'calendar' | 'organisation' | 'booking_policy';
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes audit rows (who, when, what, before/after) in the caller's transaction. */
export async function writeAudit(tx: EntityManager, principal: Principal, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const values: unknown[] = [];
  const rows = entries.map((e) => {
    const n = values.length;
    values.push(
      principal.role,
      principal.subject,
      e.action,
      e.entityType,
      e.entityId ?? null,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
      currentContext()?.correlationId ?? null,
    );
    return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}::jsonb, $${n + 7}::jsonb, $${n + 8})`;
  });
  await tx.query(
    `INSERT INTO audit_log (actor_role, actor_subject, action, entity_type, entity_id, before, after, correlation_id)
         VALUES ${rows.join(', ')}`,
    values,
  );
}
