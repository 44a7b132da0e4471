import type {
  CitizenContactGroupChangedData,
  CitizenConversationHeldData,
  CitizenDeregisteredData,
  CitizenExemptionEndedData,
  CitizenExemptionGrantedData,
  CitizenPaidHoursReportedData,
  CitizenRegisteredData,
} from '@selvbook/contracts';
import { addDays, localDateOf } from '@selvbook/calendar';
import type { ContactGroup, ConversationTypeId, ExemptionKind } from '@selvbook/rules';
import { CourseState } from './course-state';

/** The lifecycle events that change a contact course, by type. */
export type CitizenEventData = {
  'citizen.registered': CitizenRegisteredData;
  'citizen.contact-group-changed': CitizenContactGroupChangedData;
  'citizen.deregistered': CitizenDeregisteredData;
  'citizen.paid-hours-reported': CitizenPaidHoursReportedData;
  'citizen.conversation-held': CitizenConversationHeldData;
  'citizen.exemption-granted': CitizenExemptionGrantedData;
  'citizen.exemption-ended': CitizenExemptionEndedData;
};

export type CitizenEventType = keyof CitizenEventData;

export const COURSE_EVENT_TYPES = [
  'citizen.registered',
  'citizen.contact-group-changed',
  'citizen.deregistered',
  'citizen.paid-hours-reported',
  'citizen.conversation-held',
  'citizen.exemption-granted',
  'citizen.exemption-ended',
] as const satisfies readonly CitizenEventType[];

/** Raised for an event that cannot apply to the course as it stands (goes to the DLQ with this reason). */
export class CourseEventRejected extends Error {}

/** Which anchor a contact group's course starts from [RULES §4: F:S4, F:S16 §9, F:S20]. */
function anchorFor(group: ContactGroup, date: string): Partial<CourseState['anchors']> {
  switch (group) {
    case 'UNEMPLOYMENT_BENEFIT':
      return { firstUnemploymentBenefitDay: date };
    case 'SICKNESS_BENEFIT':
      return { firstDayOfAbsence: date };
    case 'SOCIAL_ASSISTANCE_JOB_READY':
    case 'SOCIAL_ASSISTANCE_ACTIVITY_READY':
    case 'EDUCATION_READY':
    case 'EDUCATION_ASSISTANCE_ACTIVITY_READY':
      return { firstRequestForHelp: date };
    default:
      return {}; // groups 7–10 run from the switch to the benefit: the contact group's `from`
  }
}

/** Keeps the earliest known anchor of each kind: the dagpenge clock is cumulative [F:S16 §9]. */
function mergeAnchors(current: CourseState['anchors'], next: Partial<CourseState['anchors']>): CourseState['anchors'] {
  const merged = { ...current };
  for (const [key, value] of Object.entries(next) as [keyof CourseState['anchors'], string][]) {
    if (key === 'firstUnemploymentBenefitDay') merged[key] = merged[key] && merged[key]! < value ? merged[key] : value;
    else merged[key] = value; // a new request for help / absence starts a new course
  }
  return merged;
}

function withGroup(
  history: CourseState['contactGroupHistory'],
  group: ContactGroup,
  from: string,
): CourseState['contactGroupHistory'] {
  const kept = history.filter((period) => period.from < from);
  const last = kept[kept.length - 1];
  return last?.group === group ? kept : [...kept, { group, from }];
}

/**
 * Applies one lifecycle event to the course (or starts it). Pure: returns the new state. A repeated
 * event is harmless here too (the inbox already drops redeliveries), e.g. the same paid-hours month
 * replaces the earlier report [F:S4].
 */
export function applyCitizenEvent<T extends CitizenEventType>(
  state: CourseState | undefined,
  type: T,
  data: CitizenEventData[T],
): CourseState {
  if (type === 'citizen.registered') {
    const d = data as CitizenRegisteredData;
    const group = d.contactGroup as ContactGroup;
    const base: CourseState = state ?? {
      citizenId: d.citizenId,
      jobcenterCode: d.jobcenterCode,
      birthDate: d.birthDate,
      contactGroupHistory: [],
      anchors: {},
      paidHours: [],
      heldConversations: [],
      exemptions: {},
    };
    return {
      ...base,
      jobcenterCode: d.jobcenterCode,
      akasseId: d.akasseId ?? base.akasseId,
      birthDate: d.birthDate,
      insuredPartTime: d.insuredPartTime ?? base.insuredPartTime,
      contactGroupHistory: withGroup(base.contactGroupHistory, group, d.anchorDate),
      anchors: mergeAnchors(base.anchors, anchorFor(group, d.anchorDate)),
      deregisteredFrom: undefined,
    };
  }
  if (!state) throw new CourseEventRejected(`${type} for a citizen who was never registered`);
  switch (type) {
    case 'citizen.contact-group-changed': {
      const d = data as CitizenContactGroupChangedData;
      const group = d.contactGroup as ContactGroup;
      return {
        ...state,
        jobcenterCode: d.jobcenterCode,
        akasseId: d.akasseId ?? state.akasseId,
        contactGroupHistory: withGroup(state.contactGroupHistory, group, d.effectiveFrom),
        anchors: d.anchorDate ? mergeAnchors(state.anchors, anchorFor(group, d.anchorDate)) : state.anchors,
      };
    }
    case 'citizen.deregistered': {
      const d = data as CitizenDeregisteredData;
      return { ...state, deregisteredFrom: d.deregisteredFrom };
    }
    case 'citizen.paid-hours-reported': {
      const d = data as CitizenPaidHoursReportedData;
      const others = state.paidHours.filter((p) => p.month !== d.month);
      return {
        ...state,
        paidHours: [...others, { month: d.month, hours: d.hours }].sort((a, b) => a.month.localeCompare(b.month)),
      };
    }
    case 'citizen.conversation-held': {
      const d = data as CitizenConversationHeldData;
      const heldAt = localDateOf(new Date(d.heldAt));
      const duplicate = state.heldConversations.some((h) => h.type === d.conversationType && h.heldAt === heldAt);
      if (duplicate) return state; // no duplicate type + time [F:S25]
      const held = [
        ...state.heldConversations,
        { type: d.conversationType as number as ConversationTypeId, heldAt, group: currentGroup(state, heldAt) },
      ];
      return { ...state, heldConversations: held.sort((a, b) => a.heldAt.localeCompare(b.heldAt)) };
    }
    case 'citizen.exemption-granted': {
      const d = data as CitizenExemptionGrantedData;
      const exemption = {
        kind: d.kind as ExemptionKind,
        from: d.validFrom,
        ...(d.validTo ? { to: d.validTo } : {}),
        ...(d.absenceCode !== undefined ? { absenceCode: d.absenceCode as number } : {}),
      };
      return { ...state, exemptions: { ...state.exemptions, [d.exemptionId]: exemption } };
    }
    case 'citizen.exemption-ended': {
      const d = data as CitizenExemptionEndedData;
      const exemption = state.exemptions[d.exemptionId];
      if (!exemption) throw new CourseEventRejected(`exemption ${d.exemptionId} was never granted`);
      const lastDay = addDays(d.endedOn, -1);
      const ended = lastDay < exemption.from ? undefined : { ...exemption, to: lastDay };
      const rest = { ...state.exemptions };
      delete rest[d.exemptionId];
      return { ...state, exemptions: ended ? { ...rest, [d.exemptionId]: ended } : rest };
    }
    default:
      return state;
  }
}

function currentGroup(state: CourseState, date: string): ContactGroup | undefined {
  let group: ContactGroup | undefined;
  for (const period of state.contactGroupHistory) if (period.from <= date) group = period.group;
  return group;
}
