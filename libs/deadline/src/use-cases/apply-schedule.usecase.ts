import { localDateOf } from '@selvbook/calendar';
import { EventEnvelope, ScheduleCalculatedData } from '@selvbook/contracts';
import { appendToOutbox } from '@selvbook/messaging';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { matchingBooking, planSchedule } from '../domain/lifecycle';
import { DeadlinePolicy } from '../domain/policy';
import { build, Events, orgOf } from '../events';
import { activeDeadlines, closeDeadline, exemptionsOf, fulfilDeadline, insertDeadline, relevantOutages, toActive, upsertCitizen } from '../persistence/store';
import { activeUnusedBookings, meetingDayEnd } from './shared';

/**
 * schedule.calculated → open, keep or close deadlines, or ask the jobcenter to summon (RULES §5).
 * Idempotent: a recalculation with the same need changes nothing (same hash: not even looked at).
 */
export class ApplyScheduleUseCase {
  constructor(private readonly policy: DeadlinePolicy) {}

  async execute(data: ScheduleCalculatedData, tx: EntityManager, now: Date): Promise<void> {
    const citizen = await upsertCitizen(tx, { citizenId: data.citizenId, jobcenterCode: data.jobcenterCode, akasseId: data.akasseId, contactGroup: data.contactGroup }, true);
    if (citizen.lastScheduleHash === data.scheduleHash) return;
    const today = localDateOf(now);
    const active = await activeDeadlines(tx, data.citizenId);
    const exemptions = (await exemptionsOf(tx, [data.citizenId])).get(data.citizenId) ?? [];
    const outages = await relevantOutages(tx, now, this.policy.outageGraceMs);
    const plan = planSchedule(
      {
        today,
        contactGroup: data.contactGroup,
        jobcenterCode: data.jobcenterCode,
        deregisteredFrom: citizen.deregisteredFrom,
        conversations: data.conversations,
        active: active.map(toActive),
        exemptions,
        outages,
      },
      this.policy,
    );
    const org = orgOf(data);
    const events: EventEnvelope[] = [];
    for (const c of plan.close) {
      await closeDeadline(tx, c.deadlineId, c.reason, c.absenceCode, now);
      events.push(build(Events.closed, { ...org, deadlineId: c.deadlineId, reason: c.reason, ...(c.absenceCode !== undefined ? { absenceCode: c.absenceCode } : {}) }, now));
    }
    const bookings = plan.open.length > 0 ? await activeUnusedBookings(tx, data.citizenId) : [];
    for (const o of plan.open) {
      const id = randomUUID();
      const c = o.conversation;
      await insertDeadline(tx, {
        id,
        citizenId: data.citizenId,
        conversationNumber: c.number,
        conversationType: c.type,
        guidingDate: c.guidingDate,
        windowFrom: c.windowFrom,
        windowTo: c.windowTo,
        deadlineDate: o.deadlineDate,
        originalDeadlineDate: o.deadlineDate,
        latestMeetingDate: o.latestMeetingDate,
        expiresAt: o.expiresAt,
        jobcenterCode: data.jobcenterCode,
        akasseId: data.akasseId ?? null,
        contactGroup: data.contactGroup,
        extendedByOutage: o.extendedByOutage,
      });
      events.push(
        build(Events.opened, {
          ...org,
          deadlineId: id,
          conversationType: c.type,
          conversationNumber: c.number,
          deadlineDate: o.deadlineDate,
          latestMeetingDate: o.latestMeetingDate,
          contactGroup: data.contactGroup,
          canSelfBook: true,
        }, now),
      );
      // RULES §5 invariant [F:S23,S24]: a deadline issued while a matching booking exists is fulfilled at once.
      const booking = matchingBooking(bookings, c.type, today, o.latestMeetingDate);
      if (booking) {
        bookings.splice(bookings.indexOf(booking), 1);
        await fulfilDeadline(tx, id, booking.bookingId, booking.meetingDate, meetingDayEnd(booking.meetingDate));
        events.push(build(Events.fulfilled, { ...org, deadlineId: id, bookingId: booking.bookingId }, now));
      }
    }
    for (const s of plan.summons) {
      const inserted: unknown[] = await tx.query(
        `INSERT INTO deadline_summons (citizen_id, conversation_number, conversation_type, latest_meeting_date, reason)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
        [data.citizenId, s.conversation.number, s.conversation.type, s.latestMeetingDate, s.reason],
      );
      if (inserted.length === 0) continue;
      events.push(
        build(Events.summons, {
          ...org,
          reason: s.reason,
          conversationType: s.conversation.type,
          conversationNumber: s.conversation.number,
          latestMeetingDate: s.latestMeetingDate,
        }, now),
      );
    }
    await tx.query(`UPDATE deadline_citizen SET last_schedule_hash = $2 WHERE citizen_id = $1`, [data.citizenId, data.scheduleHash]);
    await appendToOutbox(tx, events);
  }
}
