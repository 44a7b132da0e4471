import { localDateOf } from '@selvbook/calendar';
import { EventEnvelope, ScheduleCalculatedData } from '@selvbook/contracts';
import { appendToOutbox } from '@selvbook/messaging';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  activeExemptionOn,
  matchingBooking,
  meetingFormatsFor,
  planSchedule,
  SchedulePlan,
  summonsReasonOf,
} from '../domain/lifecycle';
import { DeadlinePolicy } from '../domain/policy';
import { build, Events, orgOf } from '../events';
import { activeUnusedBookings, exemptionsOf, findCitizen, lastConversations } from '../persistence/citizen-store';
import { relevantOutages } from '../persistence/outage-store';
import {
  activeDeadlines,
  closeDeadline,
  fulfilDeadline,
  insertDeadline,
  recordSummonses,
  toActive,
} from '../persistence/store';
import { meetingDayEnd } from './shared';

/*
 * Planning a citizen's deadlines from the last schedule: shared by the schedule, registration and exemption use cases.
 */

/**
 * citizen.registered after a deregistration (RULES §5 immediate booking, §8.22) [F:S8 §11 stk. 4, F:S5; I]: the
 * citizen is bound again, so each conversation still due in the last schedule gets a self-booking deadline, dated by
 * the usual rules (at least 8 days). The immediate-booking flag stays and asks for the booking at once; the booking
 * made in the registration flow fulfils this deadline. Whichever of registration and recalculated schedule comes
 * first, the deadline opens once: planning is idempotent, and a schedule planned while deregistered opened nothing.
 */
export async function replanAfterReregistration(
  policy: DeadlinePolicy,
  citizenId: string,
  tx: EntityManager,
  now: Date,
): Promise<void> {
  const citizen = await findCitizen(tx, citizenId);
  const conversations = await lastConversations(tx, citizenId);
  if (!citizen?.contactGroup || !conversations) return;
  await applyPlan(
    policy,
    {
      citizenId,
      jobcenterCode: citizen.jobcenterCode,
      akasseId: citizen.akasseId ?? undefined,
      contactGroup: citizen.contactGroup,
      conversations,
    },
    citizen.deregisteredFrom,
    tx,
    now,
  );
}

/**
 * Plans `data`'s conversations against the citizen's deadlines
 * now and writes what follows: closings, openings, summonses.
 */
export async function applyPlan(
  policy: DeadlinePolicy,
  data: Pick<ScheduleCalculatedData, 'citizenId' | 'jobcenterCode' | 'akasseId' | 'contactGroup' | 'conversations'>,
  deregisteredFrom: string | null,
  tx: EntityManager,
  now: Date,
): Promise<void> {
  const today = localDateOf(now);
  const active = await activeDeadlines(tx, data.citizenId);
  const exemptions = (await exemptionsOf(tx, [data.citizenId])).get(data.citizenId) ?? [];
  const outages = await relevantOutages(tx, now, policy.outageGraceMs);
  const plan = planSchedule(
    {
      today,
      contactGroup: data.contactGroup,
      jobcenterCode: data.jobcenterCode,
      deregisteredFrom,
      conversations: data.conversations,
      active: active.map(toActive),
      exemptions,
      outages,
    },
    policy,
  );
  const org = orgOf(data);
  const events: EventEnvelope[] = [];
  for (const c of plan.close) {
    await closeDeadline(tx, c.deadlineId, c.reason, c.absenceCode, now);
    events.push(
      build(
        Events.closed,
        {
          ...org,
          deadlineId: c.deadlineId,
          reason: c.reason,
          ...(c.absenceCode !== undefined ? { absenceCode: c.absenceCode } : {}),
        },
        now,
      ),
    );
  }
  const bookings = plan.open.length > 0 ? await activeUnusedBookings(tx, data.citizenId) : [];
  for (const o of plan.open) {
    const id = randomUUID();
    const c = o.conversation;
    const meetingFormats = meetingFormatsFor(c, policy);
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
      openedAt: now,
    });
    events.push(
      build(
        Events.opened,
        {
          ...org,
          deadlineId: id,
          conversationType: c.type,
          conversationNumber: c.number,
          deadlineDate: o.deadlineDate,
          latestMeetingDate: o.latestMeetingDate,
          contactGroup: data.contactGroup,
          canSelfBook: true,
          ...(meetingFormats ? { meetingFormats } : {}),
        },
        now,
      ),
    );
    // RULES §5 invariant [F:S23,S24]: a deadline issued while a matching booking exists is fulfilled at once.
    const booking = matchingBooking(bookings, c.type, today, o.latestMeetingDate);
    if (booking) {
      bookings.splice(bookings.indexOf(booking), 1);
      await fulfilDeadline(tx, id, booking.bookingId, booking.meetingDate, meetingDayEnd(booking.meetingDate));
      events.push(build(Events.fulfilled, { ...org, deadlineId: id, bookingId: booking.bookingId }, now));
    }
  }
  events.push(...(await askForSummons(tx, data.citizenId, org, plan.summons, now)));
  await appendToOutbox(tx, events);
}

/**
 * citizen.exemption-granted, after RecordExemptionUseCase closed what was open: the last schedule applied is
 * planned again with the exemption known, and the jobcenter is asked to summon for each due conversation not
 * asked for yet. The schedule the schedule-service recalculated for the exemption travels on another topic and
 * can arrive first, with needsBookingDeadline already cleared: it then opened nothing (exempt at registration)
 * or closed the open deadline as a changed schedule, and without this no one would ask for the summons.
 */
export async function requestSummonsForExemption(
  policy: DeadlinePolicy,
  citizenId: string,
  tx: EntityManager,
  now: Date,
): Promise<void> {
  const citizen = await findCitizen(tx, citizenId);
  const conversations = await lastConversations(tx, citizenId);
  if (!citizen?.contactGroup || !conversations) return;
  const today = localDateOf(now);
  const exemptions = (await exemptionsOf(tx, [citizenId])).get(citizenId) ?? [];
  const exemption = activeExemptionOn(exemptions, today);
  if (!exemption || !summonsReasonOf(exemption)) return;
  const plan = planSchedule(
    {
      today,
      contactGroup: citizen.contactGroup,
      jobcenterCode: citizen.jobcenterCode,
      deregisteredFrom: citizen.deregisteredFrom,
      conversations,
      active: (await activeDeadlines(tx, citizenId)).map(toActive),
      exemptions,
      outages: [],
    },
    policy,
  );
  const org = orgOf({ citizenId, jobcenterCode: citizen.jobcenterCode, akasseId: citizen.akasseId ?? undefined });
  await appendToOutbox(tx, await askForSummons(tx, citizenId, org, plan.summons, now));
}

/**
 * Records each summons asked for and returns its event. Once per conversation: whichever of schedule, exemption
 * and the closing of the open deadline came first asked already (with that deadline's dates), and a later day's
 * recalculation must not ask again with other dates.
 */
async function askForSummons(
  tx: EntityManager,
  citizenId: string,
  org: ReturnType<typeof orgOf>,
  summons: SchedulePlan['summons'],
  now: Date,
): Promise<EventEnvelope[]> {
  const events: EventEnvelope[] = [];
  for (const s of summons) {
    const asked = {
      citizenId,
      conversationNumber: s.conversation.number,
      conversationType: s.conversation.type,
      latestMeetingDate: s.latestMeetingDate,
      reason: s.reason,
    };
    const inserted = await recordSummonses(tx, [asked], true);
    if (inserted > 0) events.push(summonsRequested(org, s, now));
  }
  return events;
}

/** The jobcenter is asked to summon in writing for a conversation the citizen cannot self-book (BEK §46). */
function summonsRequested(org: ReturnType<typeof orgOf>, s: SchedulePlan['summons'][number], now: Date): EventEnvelope {
  return build(
    Events.summons,
    {
      ...org,
      reason: s.reason,
      conversationType: s.conversation.type,
      conversationNumber: s.conversation.number,
      ...(s.deadlineId ? { deadlineId: s.deadlineId } : {}),
      latestMeetingDate: s.latestMeetingDate,
    },
    now,
  );
}
