/** Test builders: a citizen with sensible defaults, and shortcuts into a calculated course. */
import { CitizenProfile, HeldConversation } from '../model/citizen-profile';
import { ContactCourse, ScheduledConversation } from '../model/contact-course';
import { ContactGroup } from '../model/contact-group';
import { CalculateOptions, calculateContactCourse } from '../engine/calculate-contact-course';

type CitizenInput = Partial<CitizenProfile> & { group?: ContactGroup; from?: string };

export function citizen({
  group = 'UNEMPLOYMENT_BENEFIT',
  from = '2021-03-01',
  ...rest
}: CitizenInput = {}): CitizenProfile {
  return {
    citizenId: 'citizen-1',
    birthDate: '1985-06-15',
    jobcenterCode: '10101',
    contactGroupHistory: [{ group, from }],
    ...rest,
  };
}

/** The profile with these conversations registered as held, in this order (any it had are replaced). */
export function withHeld(profile: CitizenProfile, ...held: HeldConversation[]): CitizenProfile {
  return { ...profile, heldConversations: held };
}

export function course(profile: CitizenProfile, now: string, options?: CalculateOptions): ContactCourse {
  return calculateContactCourse(profile, now, options);
}

export function courseSeries(c: ContactCourse): ScheduledConversation[] {
  return c.conversations.filter((x) => x.series === 'COURSE');
}

export function akasseSeries(c: ContactCourse): ScheduledConversation[] {
  return c.conversations.filter((x) => x.series === 'AKASSE');
}

export function guidingDates(conversations: readonly ScheduledConversation[]): string[] {
  return conversations.map((x) => x.guidingDate);
}

export function withRule(c: ContactCourse, rule: string): ScheduledConversation[] {
  return c.conversations.filter((x) => x.rule === rule);
}
