/**
 * Demo data: a small world created through the public interfaces only — citizen events on
 * `selvbook.citizen.v1` (what the jobcenter and a-kasse systems send) and the booking REST API (what
 * caseworkers do). Used by `npm start` (unless SELVBOOK_SEED=0) and by `npm run demo`.
 *
 *   two jobcenters, two a-kasser, a caseworker calendar per jobcenter with a month of slots,
 *   and fifty citizens across contact groups, each registered so that a self-booking deadline opens today.
 */
import { addDays, localDateOf } from '@selvbook/calendar';
import {
  akasseTopic,
  CitizenRegisteredEvent,
  ContactGroup,
  createEvent,
  jobcenterTopic,
  Language,
  Topics,
} from '@selvbook/contracts';
import { DEFAULT_DEADLINE_POLICY, planSchedule } from '@selvbook/deadline';
import { calculateContactCourse } from '@selvbook/rules';
import { eventually, mintDevToken } from '@selvbook/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';

export const JOBCENTERS = [
  { code: '10101', name: 'Jobcenter København', calendar: 'Team Vesterbro', location: 'Vesterbrogade 1, København' },
  { code: '75101', name: 'Jobcenter Aarhus', calendar: 'Team Midtby', location: 'Værkmestergade 3, Aarhus' },
] as const;
export const AKASSER = [
  { id: '3f', name: '3F A-kasse' },
  { id: 'ca', name: 'CA a-kasse' },
] as const;

/** The recipient topics of the demo organisations: they must exist on the broker before anyone writes. */
export const DEMO_TOPICS = [...JOBCENTERS.map((j) => jobcenterTopic(j.code)), ...AKASSER.map((a) => akasseTopic(a.id))];

/** Fifty citizens: how many of each contact group. */
const MIX: [ContactGroup, number][] = [
  [ContactGroup.UNEMPLOYMENT_BENEFIT, 20],
  [ContactGroup.SOCIAL_ASSISTANCE_JOB_READY, 8],
  [ContactGroup.SOCIAL_ASSISTANCE_ACTIVITY_READY, 5],
  [ContactGroup.EDUCATION_READY, 5],
  [ContactGroup.SICKNESS_BENEFIT, 6],
  [ContactGroup.JOB_CLARIFICATION_COURSE, 3],
  [ContactGroup.RESOURCE_COURSE, 3],
];
const FIRST_NAMES = [
  'Mette',
  'Jens',
  'Sofie',
  'Lars',
  'Ida',
  'Mads',
  'Freja',
  'Anders',
  'Emma',
  'Rasmus',
  'Laura',
  'Peter',
  'Nanna',
  'Jonas',
  'Karen',
  'Ali',
  'Amira',
  'Søren',
  'Maja',
  'Henrik',
];

export interface DemoCitizen {
  citizenId: string;
  name: string;
  group: ContactGroup;
  jobcenterCode: string;
  akasseId?: string;
  anchorDate: string;
}

export interface SeedTarget {
  bookingUrl: string;
  deadlineUrl: string;
  bootstrapServers: string;
  log?: (line: string) => void;
  /** Wait until every citizen's deadline is open (default true). */
  waitForDeadlines?: boolean;
}

export interface SeededWorld {
  citizens: DemoCitizen[];
  calendars: { jobcenterCode: string; calendarId: string; slots: number }[];
  /** citizenId → the deadline opened for them */
  deadlines: Map<string, { deadlineId: string; deadlineDate: string; conversationType: number }>;
}

const ANCHOR_KEYS: Partial<Record<ContactGroup, string>> = {
  UNEMPLOYMENT_BENEFIT: 'firstUnemploymentBenefitDay',
  SICKNESS_BENEFIT: 'firstDayOfAbsence',
  SOCIAL_ASSISTANCE_JOB_READY: 'firstRequestForHelp',
  SOCIAL_ASSISTANCE_ACTIVITY_READY: 'firstRequestForHelp',
  EDUCATION_READY: 'firstRequestForHelp',
};
const birthDateOf = (group: ContactGroup) => (group === ContactGroup.EDUCATION_READY ? '2003-04-14' : '1980-02-02');

/** A self-booking deadline the rules would open today, and the conversation it is for. */
export interface PlannedDeadline {
  deadlineDate: string;
  latestMeetingDate: string;
  conversation: { windowFrom: string; windowTo: string; number: number; type: number };
}

/**
 * Anchor dates (first dagpenge day, first request for help, …), latest first, for which the rules open exactly
 * one self-booking deadline today that `accept` takes — found with the same pure rules the services use, so a
 * world or a test fits whatever day it runs.
 */
export function anchorsWhere(
  group: ContactGroup,
  today: string,
  accept: (deadline: PlannedDeadline) => boolean,
): string[] {
  const found: string[] = [];
  for (let back = 0; back <= 400; back++) {
    const anchor = addDays(today, -back);
    const key = ANCHOR_KEYS[group];
    const course = calculateContactCourse(
      {
        citizenId: randomUUID(),
        birthDate: birthDateOf(group),
        jobcenterCode: JOBCENTERS[0].code,
        akasseId: group === ContactGroup.UNEMPLOYMENT_BENEFIT ? AKASSER[0].id : undefined,
        contactGroupHistory: [{ group: group as never, from: anchor }],
        anchors: key ? { [key]: anchor } : {},
      },
      today,
    );
    const conversations = course.conversations
      .filter((c) => c.series === 'COURSE')
      .map((c) => ({ ...c, windowFrom: c.window.from, windowTo: c.window.to }));
    const plan = planSchedule(
      {
        today,
        contactGroup: group,
        jobcenterCode: JOBCENTERS[0].code,
        conversations,
        active: [],
        exemptions: [],
        outages: [],
      } as never,
      DEFAULT_DEADLINE_POLICY,
    );
    if (plan.open.length === 1 && accept(plan.open[0] as unknown as PlannedDeadline)) found.push(anchor);
  }
  if (found.length === 0) throw new Error(`no anchor date gives ${group} such a deadline today`);
  return found;
}

/** Anchor dates for which the rules open a self-booking deadline today that falls within the next fortnight. */
export function anchorsOpeningToday(group: ContactGroup, today: string): string[] {
  return anchorsWhere(group, today, (d) => d.deadlineDate <= addDays(today, 13));
}

/** The fifty demo citizens: jobcenters alternate, dagpenge citizens alternate between the two a-kasser. */
export function demoCitizens(today = localDateOf(new Date())): DemoCitizen[] {
  const citizens: DemoCitizen[] = [];
  for (const [group, count] of MIX) {
    const anchors = anchorsOpeningToday(group, today);
    for (let i = 0; i < count; i++) {
      const n = citizens.length;
      citizens.push({
        citizenId: randomUUID(),
        name: `${FIRST_NAMES[n % FIRST_NAMES.length]} #${n + 1}`,
        group,
        jobcenterCode: JOBCENTERS[n % 2].code,
        akasseId: group === ContactGroup.UNEMPLOYMENT_BENEFIT ? AKASSER[i % 2].id : undefined,
        anchorDate: anchors[(i * 7) % anchors.length],
      });
    }
  }
  return citizens;
}

async function call<T>(url: string, method: string, token: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Seeds the world; returns the citizens, calendars and (once opened) each citizen's deadline. */
export async function seed(target: SeedTarget): Promise<SeededWorld> {
  const log = target.log ?? ((line: string) => console.log(line));
  const today = localDateOf(new Date());

  // Caseworkers publish a month of slots in their jobcenter's calendar (weekdays 9–12 and 13–15, 30 min).
  const calendars: SeededWorld['calendars'] = [];
  for (const jobcenter of JOBCENTERS) {
    const caseworker = await mintDevToken({
      role: 'caseworker',
      jobcenterCode: jobcenter.code,
      subject: `cw-${jobcenter.code}`,
    });
    const calendar = await call<{ id: string }>(`${target.bookingUrl}/v1/calendars`, 'POST', caseworker, {
      name: jobcenter.calendar,
      defaultLocation: jobcenter.location,
    });
    const generated = await call<{ created: number }>(
      `${target.bookingUrl}/v1/calendars/${calendar.id}/slots/generate`,
      'POST',
      caseworker,
      {
        from: addDays(today, 1),
        to: addDays(today, 31),
        periods: [1, 2, 3, 4, 5].flatMap((weekday) => [
          { weekday, opens: '09:00', closes: '12:00' },
          { weekday, opens: '13:00', closes: '15:00' },
        ]),
        slotMinutes: 30,
        gapMinutes: 0,
        conversationTypes: [4, 7, 17],
        formats: ['IN_PERSON', 'PHONE', 'VIDEO'],
        capacity: 1,
      },
    );
    const slots = generated.created;
    calendars.push({ jobcenterCode: jobcenter.code, calendarId: calendar.id, slots });
    log(
      `  ${jobcenter.name} (${jobcenter.code}): calendar "${jobcenter.calendar}" with ${slots} slots over the next month`,
    );
  }

  // The jobcenter and a-kasse systems register the citizens on Kafka.
  const citizens = demoCitizens(today);
  const kafka = new Kafka({
    clientId: 'selvbook-demo-seed',
    brokers: target.bootstrapServers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic: Topics.citizen,
      messages: citizens.map((c, n) => {
        const event = createEvent(
          CitizenRegisteredEvent,
          {
            citizenId: c.citizenId,
            jobcenterCode: c.jobcenterCode,
            akasseId: c.akasseId,
            contactGroup: c.group,
            birthDate: birthDateOf(c.group),
            registeredAt: new Date().toISOString(),
            anchorDate: c.anchorDate,
            contact: {
              email: `borger${n + 1}@example.dk`,
              digitalPostEnabled: n % 3 !== 0,
              language: n % 5 === 0 ? Language.EN : Language.DA,
            },
          },
          { subject: c.citizenId, source: 'jobcenter-system' },
        );
        return { key: c.citizenId, value: JSON.stringify(event) };
      }),
    });
  } finally {
    await producer.disconnect();
  }
  const groups = MIX.map(([group, count]) => `${count} ${group}`).join(', ');
  log(`  ${citizens.length} citizens registered on ${Topics.citizen}: ${groups}`);

  const deadlines: SeededWorld['deadlines'] = new Map();
  if (target.waitForDeadlines ?? true) {
    const system = await mintDevToken({ role: 'system', subject: 'demo-seed' });
    await eventually(
      async () => {
        for (const c of citizens.filter((c) => !deadlines.has(c.citizenId))) {
          const view = await call<{
            deadlines: { deadlineId: string; deadlineDate: string; conversationType: number; status: string }[];
          }>(`${target.deadlineUrl}/v1/citizens/${c.citizenId}/deadlines`, 'GET', system);
          const open = view.deadlines.find((d) => d.status === 'open');
          if (open) deadlines.set(c.citizenId, open);
        }
        if (deadlines.size < citizens.length) throw new Error(`${deadlines.size} of ${citizens.length} deadlines open`);
      },
      { timeoutMs: 90000, intervalMs: 500 },
    );
    log(`  ${deadlines.size} self-booking deadlines open (schedule-service → deadline-service)`);
  }
  for (const c of [citizens[0], citizens.find((c) => c.group !== ContactGroup.UNEMPLOYMENT_BENEFIT)!]) {
    log(
      `  e.g. ${c.name}: citizenId ${c.citizenId} (${c.group}, jobcenter ${c.jobcenterCode}${c.akasseId ? `, a-kasse ${c.akasseId}` : ''})`,
    );
  }
  return { citizens, calendars, deadlines };
}
