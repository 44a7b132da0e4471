/** Output of the rules engine: the calculated contact course (kontaktforløb) of one citizen. */
import type { LocalDate } from '@selvbook/calendar';
import type { ContactGroup } from './contact-group';
import type { ConversationTypeId } from './conversation-type';

export type RegimeId = 'R2015' | 'R2020' | 'R2024';

/** Who holds the conversation; JOINT = jobcenter and a-kasse together (type 17). */
export type ConversationHolder = 'JOBCENTER' | 'AKASSE' | 'JOINT';

/**
 * COURSE: the numbered conversations of the contact course (jobcenter, joint and, under R2024, the
 * a-kasse's first three). AKASSE: the a-kasse's own CV and availability conversations [F:S8].
 */
export type ConversationSeries = 'COURSE' | 'AKASSE';

/** Why the jobcenter must summon for a conversation the citizen would otherwise self-book. */
export type SummonsReason = 'WINDOW_SHORTER_THAN_MINIMUM_DEADLINE';

export type ConversationStatus = 'HELD' | 'DUE' | 'OVERDUE' | 'UPCOMING' | 'SUSPENDED';

export interface ScheduledConversation {
  /** 1-based within its series: held conversations first (by date), then the rest by guiding date. */
  readonly number: number;
  readonly series: ConversationSeries;
  readonly type: ConversationTypeId;
  readonly heldBy: ConversationHolder;
  /** The regime whose rule produced this conversation. */
  readonly regime: RegimeId;
  /** Vejledende samtaledato: a working day inside the window [I: RULES §4 step 5]. */
  readonly guidingDate: LocalDate;
  /** from: earliest date it counts for this slot; to: legal ceiling, moved back to a working day. */
  readonly window: { readonly from: LocalDate; readonly to: LocalDate };
  readonly status: ConversationStatus;
  readonly heldAt: LocalDate | null;
  /** The jobcenter should issue a self-booking deadline (frist) for it. */
  readonly needsBookingDeadline: boolean;
  /**
   * Set when the citizen would self-book it but no lawful deadline fits: the window closes sooner than the shortest
   * deadline ([F:S5] 8 days), e.g. the first kontanthjælp conversation within a week [F:S16 §31 stk. 5]. The
   * jobcenter arranges it (summons) instead; `needsBookingDeadline` is then false.
   */
  readonly summonsReason: SummonsReason | null;
  /** Rule id, e.g. `R2015.UNEMPLOYMENT_BENEFIT.MONTHLY`, and its RULES source tag. */
  readonly rule: string;
  readonly source: string;
}

export interface FirstActivation {
  /** Latest date for the first activation offer; null while an open-ended exemption runs. */
  readonly deadline: LocalDate | null;
  readonly regime: RegimeId;
  readonly rule: string;
  readonly source: string;
  /** The deadline before any exemption postponement. */
  readonly ordinaryDeadline: LocalDate;
  /** Exempt at the ordinary deadline → within a grace period after the exemption ends [F:S16 §102 stk. 4]. */
  readonly postponedByExemption: boolean;
  /** R2015 dagpenge: the age band used, age taken on the due date [I]. */
  readonly ageBand: string | null;
  /** R2020: a wage-subsidy offer made by the deadline may start up to 3 weeks later [F:S16 §102]. */
  readonly wageSubsidyMayStartBy: LocalDate | null;
  /** R2020: the offer lasts at least this many consecutive weeks [F:S16 §102]. */
  readonly minimumOfferWeeks: number | null;
}

export interface ContactCourse {
  readonly citizenId: string;
  /** The `now` the statuses were evaluated against. */
  readonly asOf: LocalDate;
  /** Regime in force on `asOf`. */
  readonly regime: RegimeId;
  /** Contact group in force on `asOf` (the first one if the history starts later). */
  readonly contactGroup: ContactGroup;
  /** Start of the current course period and how its clock runs. */
  readonly period: {
    readonly anchor: LocalDate;
    readonly clock: 'CUMULATIVE_UNEMPLOYMENT_HOURS' | 'CALENDAR';
  };
  readonly conversations: readonly ScheduledConversation[];
  readonly firstActivation: FirstActivation | null;
}
