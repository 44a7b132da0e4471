import { Injectable } from '@nestjs/common';
import { isAkasseId, isJobcenterCode } from '@selvbook/contracts';
import { DomainProblem } from '@selvbook/platform';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { OrgKind, organisationOf } from '../../domain/actor';
import { writeAudit } from '../../infrastructure/audit';
import { inTransaction } from '../shared/transaction';
import { CreateCalendarCommand } from './create-calendar.command';

export interface CalendarRow {
  id: string;
  org_kind: OrgKind;
  org_code: string;
  name: string;
  default_location: string | null;
}

export async function ensureOrganisation(tx: EntityManager, kind: OrgKind, code: string): Promise<void> {
  if (kind === 'JOBCENTER' ? !isJobcenterCode(code) : !isAkasseId(code)) {
    throw new DomainProblem(400, `invalid ${kind === 'JOBCENTER' ? 'jobcenter code' : 'a-kasse id'} ${code}`, 'invalid-organisation');
  }
  await tx.query(`INSERT INTO organisation (kind, code) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [kind, code]);
}

/** A caseworker's (or room's) calendar in their organisation; slots in one calendar never overlap. */
@Injectable()
export class CreateCalendarUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(command: CreateCalendarCommand): Promise<CalendarRow> {
    const org = organisationOf(command.principal, command.organisation);
    return inTransaction(this.dataSource, async (tx) => {
      await ensureOrganisation(tx, org.kind, org.code);
      const rows: CalendarRow[] = await tx.query(
        `INSERT INTO calendar (id, org_kind, org_code, name, default_location) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, org_kind, org_code, name, default_location`,
        [randomUUID(), org.kind, org.code, command.name, command.defaultLocation ?? null],
      );
      await writeAudit(tx, command.principal, [{ action: 'calendar.create', entityType: 'calendar', entityId: rows[0].id, after: rows[0] }]);
      return rows[0];
    });
  }
}

/** A calendar the principal may manage, or 404/403. */
export async function calendarFor(q: Pick<EntityManager, 'query'>, principal: CreateCalendarCommand['principal'], calendarId: string): Promise<CalendarRow> {
  const rows: CalendarRow[] = await q.query(`SELECT id, org_kind, org_code, name, default_location FROM calendar WHERE id = $1`, [calendarId]);
  const calendar = rows[0];
  if (!calendar) throw new DomainProblem(404, 'no such calendar', 'calendar-not-found');
  const own =
    principal.role === 'system' ||
    (principal.role === 'caseworker' && calendar.org_kind === 'JOBCENTER' && calendar.org_code === principal.jobcenterCode) ||
    (principal.role === 'akasse' && calendar.org_kind === 'AKASSE' && calendar.org_code === principal.akasseId);
  if (!own) throw new DomainProblem(403, 'this calendar belongs to another organisation', 'forbidden-organisation');
  return calendar;
}
