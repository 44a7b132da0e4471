import { Inject, Injectable } from '@nestjs/common';
import { isAkasseId, isJobcenterCode } from '@selvbook/contracts';
import { appendToOutbox } from '@selvbook/messaging';
import { Clock, DomainProblem } from '@selvbook/platform';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { writeAudit } from '../../infrastructure/audit';
import { slotEvent } from '../../infrastructure/events';
import { SlotRow } from '../../infrastructure/rows';
import { BOOKING_SETTINGS, BookingSettings } from '../../infrastructure/settings';
import { calendarFor } from '../create-calendar/create-calendar.usecase';
import { inTransaction } from '../shared/transaction';
import { PublishSlotsCommand } from './publish-slots.command';

/** Most slots one request may publish. */
export const MAX_SLOTS_PER_PUBLICATION = 2000;

/** Publishes slots (mødetilbud) in a calendar; each gets a slot.availability-changed event. */
@Injectable()
export class PublishSlotsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(BOOKING_SETTINGS) private readonly settings: BookingSettings,
  ) {}

  async execute(command: PublishSlotsCommand): Promise<{ created: SlotRow[]; skipped: number }> {
    const { principal, attributes: a, times } = command;
    const now = this.clock.now();
    if (times.length > MAX_SLOTS_PER_PUBLICATION) throw new DomainProblem(400, `at most ${MAX_SLOTS_PER_PUBLICATION} slots per request`, 'too-many-slots');
    for (const t of times) {
      if (!(t.endsAt > t.startsAt)) throw new DomainProblem(400, 'a slot must end after it starts', 'slot-time-order');
      if (t.startsAt <= now) throw new DomainProblem(400, 'slots are published for the future', 'slot-in-past');
    }
    return inTransaction(this.dataSource, async (tx) => {
      const calendar = await calendarFor(tx, principal, command.calendarId);
      const jobcenterCode = calendar.org_kind === 'JOBCENTER' ? calendar.org_code : a.joint ? a.partner : undefined;
      const akasseId = calendar.org_kind === 'AKASSE' ? calendar.org_code : a.joint ? a.partner : undefined;
      if (a.joint && !(jobcenterCode && isJobcenterCode(jobcenterCode) && akasseId && isAkasseId(akasseId))) {
        throw new DomainProblem(400, 'a joint slot needs the partner organisation (a-kasse id for a jobcenter calendar, jobcenter code for an a-kasse calendar)', 'joint-participants');
      }
      const location = a.location ?? calendar.default_location;
      if (!location) throw new DomainProblem(400, 'location is required (the calendar has no default location)', 'location-required');
      const created: SlotRow[] = [];
      for (let i = 0; i < times.length; i += 500) {
        const chunk = times.slice(i, i + 500);
        const rows: { s: SlotRow }[] = await tx.query(
          `INSERT INTO slot (id, calendar_id, org_kind, org_code, jobcenter_code, akasse_id, joint, conversation_types, formats, starts_at, ends_at, capacity, location)
           SELECT id, $1, $2, $3, $4, $5, $6, $7::int[], $8::text[], starts_at, ends_at, $9, $10
             FROM unnest($11::uuid[], $12::timestamptz[], $13::timestamptz[]) AS t(id, starts_at, ends_at)
           ${command.skipOverlaps ? 'ON CONFLICT DO NOTHING' : ''}
           RETURNING to_jsonb(slot) AS s`,
          [
            calendar.id, calendar.org_kind, calendar.org_code, jobcenterCode ?? null, akasseId ?? null, a.joint ?? false,
            a.conversationTypes, a.formats, a.capacity, location,
            chunk.map(() => randomUUID()), chunk.map((t) => t.startsAt), chunk.map((t) => t.endsAt),
          ],
        );
        created.push(...rows.map((r) => r.s));
      }
      await writeAudit(tx, principal, [{ action: 'slot.publish', entityType: 'calendar', entityId: calendar.id, after: { slots: created.map((s) => s.id), attributes: a } }]);
      await appendToOutbox(tx, created.flatMap((s) => slotEvent(s, this.settings.serviceName, now)));
      return { created, skipped: times.length - created.length };
    });
  }
}
