/**
 * Validates a citizen profile and converts it to day numbers once, so the rest of the engine works on
 * integers. Every rejection is an `InvalidCitizenProfileError` with a reason and a field path.
 */
import { DayNumber, tryParseLocalDate, ymdNumberOf } from '@selvbook/calendar';
import { InvalidCitizenProfileError } from '../errors';
import { CitizenProfile, EXEMPTION_KINDS, ExemptionKind } from '../model/citizen-profile';
import { ContactGroup, isContactGroup } from '../model/contact-group';
import { isConversationType } from '../model/conversation-type';
import { PROFILE_PARAMETERS, ProfileParameters } from '../parameters';
import { addYears } from '../regimes/regime';

export interface NormalizedProfile {
  readonly birth: DayNumber;
  readonly groups: ContactGroup[];
  readonly groupFrom: DayNumber[];
  /** NaN when absent. */
  readonly unemploymentBenefitAnchor: DayNumber;
  readonly requestForHelpAnchor: DayNumber;
  readonly absenceAnchor: DayNumber;
  /** Reported months (year * 12 + month - 1), ascending, and their hours. */
  readonly reportMonths: number[];
  readonly reportHours: number[];
  /** Held conversations, ascending by day. */
  readonly heldType: number[];
  readonly heldDay: DayNumber[];
  readonly exemptionKind: ExemptionKind[];
  readonly exemptionFrom: DayNumber[];
  /** Inclusive; Infinity when open-ended. */
  readonly exemptionTo: DayNumber[];
  readonly insuredPartTime: boolean;
}

const KNOWN_EXEMPTIONS = new Set<string>(EXEMPTION_KINDS);
const MAX_HOURS_IN_MONTH = 31 * 24;

function date(value: unknown, field: string): DayNumber {
  const day = typeof value === 'string' ? tryParseLocalDate(value) : NaN;
  if (day !== day)
    throw new InvalidCitizenProfileError(
      'INVALID_DATE',
      field,
      `expected a date YYYY-MM-DD, got ${JSON.stringify(value)}`,
    );
  return day;
}

function optionalDate(value: unknown, field: string): DayNumber {
  return value === undefined || value === null ? NaN : date(value, field);
}

function outOfOrder(field: string, message: string): never {
  throw new InvalidCitizenProfileError('DATES_OUT_OF_ORDER', field, message);
}

export function normalizeProfile(
  profile: CitizenProfile,
  now: DayNumber,
  bounds: ProfileParameters = PROFILE_PARAMETERS,
): NormalizedProfile {
  const birth = date(profile.birthDate, 'birthDate');

  const history = profile.contactGroupHistory;
  if (!Array.isArray(history) || history.length === 0) {
    throw new InvalidCitizenProfileError(
      'MISSING_CONTACT_GROUP',
      'contactGroupHistory',
      'at least one contact group is required',
    );
  }
  const groups: ContactGroup[] = new Array(history.length);
  const groupFrom: DayNumber[] = new Array(history.length);
  for (let i = 0; i < history.length; i++) {
    const entry = history[i];
    if (!isContactGroup(entry.group)) {
      throw new InvalidCitizenProfileError(
        'UNKNOWN_CONTACT_GROUP',
        `contactGroupHistory[${i}].group`,
        `unknown contact group ${JSON.stringify(entry.group)}`,
      );
    }
    groups[i] = entry.group;
    groupFrom[i] = date(entry.from, `contactGroupHistory[${i}].from`);
    if (i > 0 && groupFrom[i] <= groupFrom[i - 1]) {
      outOfOrder(`contactGroupHistory[${i}].from`, 'contact group history must be strictly ascending by date');
    }
  }
  if (groupFrom[0] < birth) outOfOrder('contactGroupHistory[0].from', 'the course starts before the birth date');

  const anchors = profile.anchors ?? {};
  const unemploymentBenefitAnchor = optionalDate(
    anchors.firstUnemploymentBenefitDay,
    'anchors.firstUnemploymentBenefitDay',
  );
  const requestForHelpAnchor = optionalDate(anchors.firstRequestForHelp, 'anchors.firstRequestForHelp');
  const absenceAnchor = optionalDate(anchors.firstDayOfAbsence, 'anchors.firstDayOfAbsence');
  for (const [day, name] of [
    [unemploymentBenefitAnchor, 'firstUnemploymentBenefitDay'],
    [requestForHelpAnchor, 'firstRequestForHelp'],
    [absenceAnchor, 'firstDayOfAbsence'],
  ] as const) {
    if (day < birth) outOfOrder(`anchors.${name}`, 'anchor before the birth date');
  }

  // The earliest day anything can have happened in the course.
  let start = groupFrom[0];
  if (unemploymentBenefitAnchor < start) start = unemploymentBenefitAnchor;
  if (requestForHelpAnchor < start) start = requestForHelpAnchor;
  if (absenceAnchor < start) start = absenceAnchor;

  // Who can be in a contact course at all: age on the course's first day within named bounds [I].
  const minAge = bounds.minimumAgeAtCourseStart.value;
  const maxAge = bounds.maximumAgeAtCourseStart.value;
  if (start < addYears(birth, minAge) || start >= addYears(birth, maxAge + 1)) {
    throw new InvalidCitizenProfileError(
      'IMPLAUSIBLE_BIRTH_DATE',
      'birthDate',
      `the citizen must be between ${minAge} and ${maxAge} years old when the course starts`,
    );
  }
  const ymdNow = ymdNumberOf(now);
  const nowMonth = Math.floor(ymdNow / 10000) * 12 + (Math.floor(ymdNow / 100) % 100) - 1;

  // Paid hours
  const reportMonths: number[] = [];
  const reportHours: number[] = [];
  const paid = profile.paidHours ?? [];
  let sorted = true;
  for (let i = 0; i < paid.length; i++) {
    const { month, hours } = paid[i];
    const field = `paidHours[${i}]`;
    const index = typeof month === 'string' && month.length === 7 ? tryParseLocalDate(`${month}-01`) : NaN;
    if (index !== index)
      throw new InvalidCitizenProfileError(
        'INVALID_PAID_HOURS',
        `${field}.month`,
        `expected YYYY-MM, got ${JSON.stringify(month)}`,
      );
    if (typeof hours !== 'number' || !(hours >= 0 && hours <= MAX_HOURS_IN_MONTH)) {
      throw new InvalidCitizenProfileError(
        'INVALID_PAID_HOURS',
        `${field}.hours`,
        `hours must be between 0 and ${MAX_HOURS_IN_MONTH}`,
      );
    }
    const m = +month.slice(0, 4) * 12 + +month.slice(5, 7) - 1;
    // A month that has not begun cannot have been paid (as a held conversation after now is refused).
    if (m > nowMonth)
      throw new InvalidCitizenProfileError(
        'REPORTED_IN_FUTURE',
        `${field}.month`,
        'paid hours reported for a month after now',
      );
    if (reportMonths.length && m <= reportMonths[reportMonths.length - 1]) sorted = false;
    reportMonths.push(m);
    reportHours.push(hours);
  }
  if (!sorted) {
    const order = reportMonths.map((_, i) => i).sort((a, b) => reportMonths[a] - reportMonths[b]);
    const ms = order.map((i) => reportMonths[i]);
    const hs = order.map((i) => reportHours[i]);
    for (let i = 1; i < ms.length; i++) {
      if (ms[i] === ms[i - 1])
        throw new InvalidCitizenProfileError('INVALID_PAID_HOURS', 'paidHours', 'a month is reported twice');
    }
    reportMonths.splice(0, ms.length, ...ms);
    reportHours.splice(0, hs.length, ...hs);
  }

  // Held conversations
  const held = profile.heldConversations ?? [];
  let heldType: number[] = new Array(held.length);
  let heldDay: DayNumber[] = new Array(held.length);
  let heldSorted = true;
  for (let i = 0; i < held.length; i++) {
    const h = held[i];
    const field = `heldConversations[${i}]`;
    if (!isConversationType(h.type)) {
      throw new InvalidCitizenProfileError(
        'UNKNOWN_CONVERSATION_TYPE',
        `${field}.type`,
        `unknown conversation type ${JSON.stringify(h.type)}`,
      );
    }
    const day = date(h.heldAt, `${field}.heldAt`);
    if (day > now)
      throw new InvalidCitizenProfileError(
        'HELD_IN_FUTURE',
        `${field}.heldAt`,
        'a held conversation cannot be after now',
      );
    if (day < start)
      throw new InvalidCitizenProfileError('HELD_BEFORE_ANCHOR', `${field}.heldAt`, 'held before the course started');
    if (h.group !== undefined) {
      if (!isContactGroup(h.group)) {
        throw new InvalidCitizenProfileError(
          'UNKNOWN_CONTACT_GROUP',
          `${field}.group`,
          `unknown contact group ${JSON.stringify(h.group)}`,
        );
      }
      const groupStart = firstDayInGroup(h.group, groups, groupFrom, unemploymentBenefitAnchor);
      if (!(day >= groupStart)) {
        throw new InvalidCitizenProfileError(
          'HELD_BEFORE_ANCHOR',
          `${field}.heldAt`,
          `held before the citizen was first in ${h.group}`,
        );
      }
    }
    const groupThen = h.group ?? groupOn(day, groups, groupFrom, unemploymentBenefitAnchor);
    const allowed = bounds.heldTypesByGroup.value[groupThen];
    if (allowed !== undefined && !allowed.includes(h.type)) {
      throw new InvalidCitizenProfileError(
        'TYPE_NOT_ALLOWED_FOR_GROUP',
        `${field}.type`,
        `conversation type ${h.type} is not allowed for ${groupThen} on that day`,
      );
    }
    heldType[i] = h.type;
    heldDay[i] = day;
    if (i > 0 && day < heldDay[i - 1]) heldSorted = false;
  }
  if (!heldSorted) {
    const order = heldDay.map((_, i) => i).sort((a, b) => heldDay[a] - heldDay[b] || a - b);
    heldType = order.map((i) => heldType[i]);
    heldDay = order.map((i) => heldDay[i]);
  }
  // Registrations are unique by type and time [F:S25]; with day resolution a second one of the same type on the
  // same day cannot be told from the first registered twice, and one meeting day is one conversation (RULES §8.23):
  // it counts once.
  for (let i = 1; i < heldDay.length; i++) {
    let duplicate = false;
    for (let j = i - 1; j >= 0 && heldDay[j] === heldDay[i]; j--) if (heldType[j] === heldType[i]) duplicate = true;
    if (duplicate) {
      heldDay.splice(i, 1);
      heldType.splice(i, 1);
      i--;
    }
  }

  // Exemptions
  const exemptions = profile.exemptions ?? [];
  const exemptionKind: ExemptionKind[] = new Array(exemptions.length);
  const exemptionFrom: DayNumber[] = new Array(exemptions.length);
  const exemptionTo: DayNumber[] = new Array(exemptions.length);
  for (let i = 0; i < exemptions.length; i++) {
    const e = exemptions[i];
    const field = `exemptions[${i}]`;
    if (!KNOWN_EXEMPTIONS.has(e.kind)) {
      throw new InvalidCitizenProfileError(
        'UNKNOWN_EXEMPTION_KIND',
        `${field}.kind`,
        `unknown exemption kind ${JSON.stringify(e.kind)}`,
      );
    }
    exemptionKind[i] = e.kind;
    exemptionFrom[i] = date(e.from, `${field}.from`);
    exemptionTo[i] = e.to === undefined || e.to === null ? Infinity : date(e.to, `${field}.to`);
    if (exemptionTo[i] < exemptionFrom[i]) outOfOrder(`${field}.to`, 'an exemption ends before it starts');
  }

  return {
    birth,
    groups,
    groupFrom,
    unemploymentBenefitAnchor,
    requestForHelpAnchor,
    absenceAnchor,
    reportMonths,
    reportHours,
    heldType,
    heldDay,
    exemptionKind,
    exemptionFrom,
    exemptionTo,
    insuredPartTime: profile.insuredPartTime === true,
  };
}

/**
 * The group on `day`: the history entry in force (the first before
 * it begins); a retroactive dagpenge day counts as dagpenge.
 */
function groupOn(
  day: DayNumber,
  groups: ContactGroup[],
  from: DayNumber[],
  unemploymentBenefitAnchor: DayNumber,
): ContactGroup {
  let c = 0;
  for (let i = 1; i < from.length; i++) if (from[i] <= day) c = i;
  if (groups[c] !== 'UNEMPLOYMENT_BENEFIT' && unemploymentBenefitAnchor <= day) {
    for (let i = c + 1; i < groups.length; i++) {
      if (groups[i] === 'UNEMPLOYMENT_BENEFIT') return day < from[i] ? 'UNEMPLOYMENT_BENEFIT' : groups[c];
    }
  }
  return groups[c];
}

/** First day the citizen was in `group` (dagpenge: the reported first dagpenge day if earlier). */
function firstDayInGroup(
  group: ContactGroup,
  groups: ContactGroup[],
  from: DayNumber[],
  unemploymentBenefitAnchor: DayNumber,
): DayNumber {
  let first = Infinity;
  for (let i = 0; i < groups.length; i++) {
    if (groups[i] === group) {
      first = from[i];
      break;
    }
  }
  if (group === 'UNEMPLOYMENT_BENEFIT' && unemploymentBenefitAnchor < first) first = unemploymentBenefitAnchor;
  return first;
}
