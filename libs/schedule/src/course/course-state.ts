import type { CitizenProfile, ContactGroup, ConversationTypeId, ExemptionKind } from '@selvbook/rules';

/**
 * What the schedule service keeps about one citizen's contact course: the inputs of the rules engine,
 * built up from the citizen lifecycle events that jobcenter and a-kasse systems publish.
 */
export interface CourseState {
  citizenId: string;
  jobcenterCode: string;
  akasseId?: string;
  birthDate: string;
  insuredPartTime?: boolean;
  contactGroupHistory: { group: ContactGroup; from: string }[];
  anchors: { firstUnemploymentBenefitDay?: string; firstRequestForHelp?: string; firstDayOfAbsence?: string };
  paidHours: { month: string; hours: number }[];
  heldConversations: { type: ConversationTypeId; heldAt: string; group?: ContactGroup }[];
  /** exemptionId → period; kept by id so an `exemption-ended` closes the right one */
  exemptions: Record<string, { kind: ExemptionKind; from: string; to?: string; absenceCode?: number }>;
  /** not registered as a jobseeker from this date (the clock is kept for a return [RULES §8.7]) */
  deregisteredFrom?: string;
}

export function isActive(state: CourseState, today: string): boolean {
  return state.deregisteredFrom === undefined || state.deregisteredFrom > today;
}

/** The rules engine's input. */
export function toProfile(state: CourseState): CitizenProfile {
  return {
    citizenId: state.citizenId,
    birthDate: state.birthDate,
    jobcenterCode: state.jobcenterCode,
    akasseId: state.akasseId,
    contactGroupHistory: state.contactGroupHistory,
    anchors: state.anchors,
    insuredPartTime: state.insuredPartTime,
    paidHours: state.paidHours,
    heldConversations: state.heldConversations,
    exemptions: Object.values(state.exemptions).map(({ kind, from, to }) => ({ kind, from, ...(to ? { to } : {}) })),
  };
}
