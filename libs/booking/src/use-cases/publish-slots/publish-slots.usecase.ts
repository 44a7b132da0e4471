import { Injectable } from '@nestjs/common';
import { isAkasseId, isJobcenterCode } from '@selvbook/contracts';
import { appendToOutbox } from '@selvbook/messaging';
import { DomainProblem } from '@selvbook/platform';
import { writeAudit } from '../../infrastructure/audit';
import { slotEvent } from '../../infrastructure/events';
import { SlotRow } from '../../infrastructure/rows';
import { insertSlots } from '../../infrastructure/slot-store';
import { calendarFor } from '../create-calendar/create-calendar.usecase';
import { BookingUseCase } from '../shared/booking-use-case';
import { inTransaction } from '../shared/transaction';
import { PublishSlotsCommand } from './publish-slots.command';

/** Most slots one request may publish. */
export const MAX_SLOTS_PER_PUBLICATION = 2000;

/** Publishes slots (mødetilbud) in a calendar; each gets a slot.availability-changed event. */
@Injectable()
export class PublishSlotsUseCase extends BookingUseCase {
  async execute(command: PublishSlotsCommand): Promise<{ created: SlotRow[]; skipped: number }> {
    const { principal, attributes: a, times } = command;
    const now = this.clock.now();
    if (times.length > MAX_SLOTS_PER_PUBLICATION)
      throw new DomainProblem(400, `at most ${MAX_SLOTS_PER_PUBLICATION} slots per request`, 'too-many-slots');
    for (const t of times) {
      if (!(t.endsAt > t.startsAt)) throw new DomainProblem(400, 'a slot must end after it starts', 'slot-time-order');
      if (t.startsAt <= now) throw new DomainProblem(400, 'slots are published for the future', 'slot-in-past');
    }
    return inTransaction(this.dataSource, async (tx) => {
      const calendar = await calendarFor(tx, principal, command.calendarId);
      const jobcenterCode = calendar.org_kind === 'JOBCENTER' ? calendar.org_code : a.joint ? a.partner : undefined;
      const akasseId = calendar.org_kind === 'AKASSE' ? calendar.org_code : a.joint ? a.partner : undefined;
      if (a.joint && !(jobcenterCode && isJobcenterCode(jobcenterCode) && akasseId && isAkasseId(akasseId))) {
        throw new DomainProblem(
          400,
          'a joint slot needs the partner organisation (a-kasse id for ' +
            'a jobcenter calendar, jobcenter code for an a-kasse calendar)',
          'joint-participants',
        );
      }
      const location = a.location ?? calendar.default_location;
      if (!location)
        throw new DomainProblem(
          400,
          'location is required (the calendar has no default location)',
          'location-required',
        );
      const created: SlotRow[] = await insertSlots(tx, {
        calendar,
        jobcenterCode: jobcenterCode ?? null,
        akasseId: akasseId ?? null,
        joint: a.joint ?? false,
        conversationTypes: a.conversationTypes,
        formats: a.formats,
        capacity: a.capacity,
        location,
        times,
        skipOverlaps: command.skipOverlaps,
      });
      await writeAudit(tx, principal, [
        {
          action: 'slot.publish',
          entityType: 'calendar',
          entityId: calendar.id,
          after: { slots: created.map((s) => s.id), attributes: a },
        },
      ]);
      await appendToOutbox(
        tx,
        created.flatMap((s) => slotEvent(s, this.settings.serviceName, now)),
      );
      return { created, skipped: times.length - created.length };
    });
  }
}
