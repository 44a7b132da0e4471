import { localDateOf } from '@selvbook/calendar';
import { ConversationType, ContactGroup, MissedDeadlineConsequence } from '@selvbook/contracts';
import { assertSelfOrStaff, Principal } from '@selvbook/platform';
import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { activeExemptionOn, immediateBookingShows, summonsReasonOf } from '../domain/lifecycle';
import { citizenWithDeadlines } from '../persistence/citizen-store';
import { expiredDeadlinesOf } from '../persistence/store';

export interface DeadlineView {
  deadlineId: string;
  conversationType: ConversationType;
  conversationNumber: number;
  status: 'open' | 'fulfilled';
  deadlineDate: string;
  latestMeetingDate: string;
  /** the instant the deadline expires (end of deadlineDate, Europe/Copenhagen) */
  expiresAt: string;
  extendedByOutage: boolean;
  bookingId?: string;
  meetingDate?: string;
}

/** What Jobnet's front page shows: deadlines to book or booked, and the person flags [F:S22]. */
export interface CitizenDeadlinesView {
  citizenId: string;
  /** KanSelvbooke: false while exempt or withdrawn (the jobcenter summons) */
  canSelfBook: boolean;
  /** StraksbookingPaakraevet */
  immediateBookingRequired: boolean;
  immediateBookingRequiredFrom?: string;
  immediateBookingLapsesOn?: string;
  deadlines: DeadlineView[];
}

export interface ExpiredDeadlineView {
  deadlineId: string;
  citizenId: string;
  akasseId?: string;
  conversationType: ConversationType;
  conversationNumber: number;
  contactGroup: ContactGroup;
  deadlineDate: string;
  consequence: MissedDeadlineConsequence;
  extendedByOutage: boolean;
  expiredAt: string;
}

@Injectable()
export class DeadlineQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** Citizen: only self; caseworker: own jobcenter's citizens; a-kasse: own members; system: all. */
  async citizenDeadlines(principal: Principal, citizenId: string, now: Date): Promise<CitizenDeadlinesView> {
    assertSelfOrStaff(principal, citizenId);
    // One statement: the citizen, their deadlines and exemptions (the page's one round trip); a caller refused below
    // is answered from the citizen alone, as before.
    const found = await citizenWithDeadlines(this.dataSource, citizenId);
    if (!found) {
      if (principal.role === 'citizen')
        return { citizenId, canSelfBook: true, immediateBookingRequired: false, deadlines: [] };
      throw new NotFoundException('no deadlines are known for this citizen');
    }
    const { citizen, deadlines: rows, exemptions } = found;
    if (principal.role === 'caseworker' && principal.jobcenterCode !== citizen.jobcenterCode) {
      throw new ForbiddenException("a caseworker may only see their own jobcenter's citizens");
    }
    if (principal.role === 'akasse' && (!citizen.akasseId || principal.akasseId !== citizen.akasseId)) {
      throw new ForbiddenException('an a-kasse may only see its own members');
    }
    const today = localDateOf(now);
    const exemption = activeExemptionOn(exemptions, today);
    const flag = { requiredFrom: citizen.immediateBookingFrom, lapsesOn: citizen.immediateBookingLapsesOn };
    const shows = immediateBookingShows(flag, today);
    return {
      citizenId,
      canSelfBook: !(exemption && summonsReasonOf(exemption)),
      immediateBookingRequired: shows,
      ...(shows ? { immediateBookingRequiredFrom: flag.requiredFrom!, immediateBookingLapsesOn: flag.lapsesOn! } : {}),
      deadlines: rows.map((d) => ({
        deadlineId: d.id,
        conversationType: d.conversationType,
        conversationNumber: d.conversationNumber,
        status: d.status as 'open' | 'fulfilled',
        deadlineDate: d.deadlineDate,
        latestMeetingDate: d.latestMeetingDate,
        expiresAt: new Date(d.expiresAt).toISOString(),
        extendedByOutage: d.extendedByOutage,
        ...(d.fulfillingBookingId ? { bookingId: d.fulfillingBookingId } : {}),
        ...(d.meetingDate ? { meetingDate: d.meetingDate } : {}),
      })),
    };
  }

  /** A jobcenter's deadlines that expired at the end of `date` (its deadlineDate). */
  async expiredForJobcenter(principal: Principal, jobcenterCode: string, date: string): Promise<ExpiredDeadlineView[]> {
    if (principal.role === 'caseworker' && principal.jobcenterCode !== jobcenterCode) {
      throw new ForbiddenException("a caseworker may only see their own jobcenter's deadlines");
    }
    const rows = await expiredDeadlinesOf(this.dataSource, jobcenterCode, date);
    return rows.map((d) => ({
      deadlineId: d.id,
      citizenId: d.citizenId,
      ...(d.akasseId ? { akasseId: d.akasseId } : {}),
      conversationType: d.conversationType,
      conversationNumber: d.conversationNumber,
      contactGroup: d.contactGroup,
      deadlineDate: d.deadlineDate,
      consequence: d.consequence!,
      extendedByOutage: d.extendedByOutage,
      expiredAt: new Date(d.settledAt!).toISOString(),
    }));
  }
}
