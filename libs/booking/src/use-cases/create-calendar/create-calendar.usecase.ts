import { Injectable } from '@nestjs/common';
import { isAkasseId, isJobcenterCode } from '@selvbook/contracts';
import { DomainProblem } from '@selvbook/platform';
import { OrgKind, organisationOf, ownsCalendar } from '../../domain/actor';
import { writeAudit } from '../../infrastructure/audit';
import { findCalendar } from '../../infrastructure/calendar-views.store';
import { Queryable } from '../../infrastructure/database';
import { CalendarRow } from '../../infrastructure/rows';
import { insertCalendar, insertOrganisation } from '../../infrastructure/slot-store';
import { BookingUseCase } from '../shared/booking-use-case';
import { inTransaction } from '../shared/transaction';
import { CreateCalendarCommand } from './create-calendar.command';

export async function ensureOrganisation(tx: Queryable, kind: OrgKind, code: string): Promise<void> {
  if (kind === 'JOBCENTER' ? !isJobcenterCode(code) : !isAkasseId(code)) {
    throw new DomainProblem(
      400,
      `invalid ${kind === 'JOBCENTER' ? 'jobcenter code' : 'a-kasse id'} ${code}`,
      'invalid-organisation',
    );
  }
  await insertOrganisation(tx, kind, code);
}

/** A caseworker's (or room's) calendar in their organisation; slots in one calendar never overlap. */
@Injectable()
export class CreateCalendarUseCase extends BookingUseCase {
  async execute(command: CreateCalendarCommand): Promise<CalendarRow> {
    const org = organisationOf(command.principal, command.organisation);
    return inTransaction(this.dataSource, async (tx) => {
      await ensureOrganisation(tx, org.kind, org.code);
      const calendar = await insertCalendar(tx, org, command.name, command.defaultLocation ?? null);
      await writeAudit(tx, command.principal, [
        { action: 'calendar.create', entityType: 'calendar', entityId: calendar.id, after: calendar },
      ]);
      return calendar;
    });
  }
}

/** A calendar the principal may manage, or 404/403. */
export async function calendarFor(
  q: Queryable,
  principal: CreateCalendarCommand['principal'],
  calendarId: string,
): Promise<CalendarRow> {
  const calendar = await findCalendar(q, calendarId);
  if (!calendar) throw new DomainProblem(404, 'no such calendar', 'calendar-not-found');
  if (!ownsCalendar(principal, calendar))
    throw new DomainProblem(403, 'this calendar belongs to another organisation', 'forbidden-organisation');
  return calendar;
}
