/**
 * The authorization matrix (authorization-matrix.ts) against the running services: every route each app
 * registered — none listed by hand here — is called without a token (401, or allowed if public) and with each
 * role in each relation of its row, on fresh resources where the call changes them. A route without a row,
 * or a row without a route, fails.
 */
import { createEvent, ContactGroup, ConversationType, DeadlineOpenedEvent, Topics } from '@selvbook/contracts';
import type { Role } from '@selvbook/platform';
import { eventually } from '@selvbook/testing';
import { randomUUID } from 'node:crypto';
import { AUTHORIZATION, Relation } from './authorization-matrix';
import { Answer, FourServices, SERVICE_NAMES } from './four-services';

const JC = '10101';
const OTHER_JC = '75101';
const AK = 'ak-own';
const OTHER_AK = 'ak-other';
type Org = typeof JC | typeof OTHER_JC | typeof AK;

/**
 * Known disagreements of the services with the table, each a defect of issue 17 being fixed on another branch:
 * delete an entry when its fix is merged (the test then holds the service to the table).
 */
const KNOWN_DEVIATIONS: string[] = [];

interface Built {
  url: string;
  body?: unknown;
  /** what an allowed answer must (not) contain, where the route answers but scopes what it shows */
  check?: (answer: Answer) => void;
}

describe('authorization matrix: every route of the four services × role × relation', () => {
  let s: FourServices;
  const tokens = {} as Record<Role | 'cwOther', string>;
  const calendars = {} as Record<Org, string>;
  const citizens = { own: randomUUID(), other: randomUUID() };
  let slotHour = 0;

  beforeAll(async () => {
    s = await FourServices.start();
    tokens.citizen = await s.token({ role: 'citizen', citizenId: citizens.own });
    // the same subject in two jobcenters, as `npm run token` mints them: the organisation decides, not the subject
    tokens.caseworker = await s.token({ role: 'caseworker', jobcenterCode: JC });
    tokens.cwOther = await s.token({ role: 'caseworker', jobcenterCode: OTHER_JC });
    tokens.akasse = await s.token({ role: 'akasse', akasseId: AK, subject: 'ak-own-cw' });
    tokens.system = await s.token({ role: 'system' });
    await Promise.all([s.register(citizens.own, JC, AK), s.register(citizens.other, OTHER_JC, OTHER_AK)]);
    for (const [org, token] of [
      [JC, tokens.caseworker],
      [OTHER_JC, tokens.cwOther],
      [AK, tokens.akasse],
    ] as const) {
      const created = await s.call('booking-service', 'POST', '/v1/calendars', token, {
        name: `matrix ${org}`,
        defaultLocation: 'Vej 1',
      });
      expect(created.status).toBe(201);
      calendars[org] = created.body.id;
    }
  });
  afterAll(async () => {
    await s?.stop();
  });

  const staffOf = (org: Org) => (org === JC ? tokens.caseworker : org === OTHER_JC ? tokens.cwOther : tokens.akasse);
  /** Whose resource a cell addresses: the caller's own (or, for system, the own jobcenter's), or the other's. */
  const orgFor = (role: Role, relation: Relation): Org =>
    relation === 'otherOrganisation' || (role === 'citizen' && relation === 'none')
      ? OTHER_JC
      : role === 'akasse'
        ? AK
        : JC;
  const citizenFor = (role: Role, relation: Relation) =>
    relation === 'otherOrganisation' || (role === 'citizen' && relation === 'none') ? citizens.other : citizens.own;
  /** An organisation's identity in a body or query, for the cells that name another organisation. */
  const orgParams = (role: Role, relation: Relation): Record<string, string> => {
    if (role === 'system') return { orgKind: 'JOBCENTER', orgCode: JC };
    if (relation !== 'otherOrganisation') return {};
    return role === 'akasse' ? { orgKind: 'AKASSE', orgCode: OTHER_AK } : { orgKind: 'JOBCENTER', orgCode: OTHER_JC };
  };
  const query = (params: Record<string, string>) =>
    Object.keys(params).length ? `?${new URLSearchParams(params)}` : '';

  function nextTimes() {
    const at = Math.ceil((Date.now() + 3 * 86_400_000) / 3_600_000) * 3_600_000 + slotHour++ * 3_600_000;
    return { startsAt: new Date(at).toISOString(), endsAt: new Date(at + 45 * 60_000).toISOString() };
  }
  async function newSlot(org: Org): Promise<string> {
    const res = await s.call('booking-service', 'POST', `/v1/calendars/${calendars[org]}/slots`, staffOf(org), {
      conversationTypes: [ConversationType.JOB_CONVERSATION],
      formats: ['IN_PERSON'],
      capacity: 1,
      times: [nextTimes()],
    });
    expect(res.status).toBe(201);
    return res.body.items[0].id;
  }
  const citizenOrg = (citizenId: string) =>
    citizenId === citizens.own ? { jobcenterCode: JC, akasseId: AK } : { jobcenterCode: OTHER_JC, akasseId: OTHER_AK };
  /** A fresh open deadline of a citizen in the booking service (as deadline-service would publish it). */
  async function newDeadline(citizenId: string): Promise<string> {
    const deadlineId = randomUUID();
    const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    const event = createEvent(
      DeadlineOpenedEvent,
      {
        citizenId,
        ...citizenOrg(citizenId),
        deadlineId,
        conversationType: ConversationType.JOB_CONVERSATION,
        conversationNumber: 1,
        deadlineDate: day(30),
        latestMeetingDate: day(40),
        contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
        canSelfBook: true,
      },
      { subject: citizenId, source: 'deadline-service' },
    );
    await s.publish(Topics.deadline, event);
    const owner = await s.token({ role: 'citizen', citizenId });
    await eventually(
      async () =>
        expect((await s.call('booking-service', 'GET', `/v1/slots?deadlineId=${deadlineId}`, owner)).status).toBe(200),
      { timeoutMs: 30000 },
    );
    return deadlineId;
  }
  /** A booking (or reservation) in an organisation's calendar for a citizen, made by that organisation's staff. */
  async function newMeeting(kind: 'bookings' | 'reservations', org: Org, citizenId: string): Promise<string> {
    const res = await s.call('booking-service', 'POST', `/v1/${kind}`, staffOf(org), {
      slotId: await newSlot(org),
      citizenId,
    });
    expect([res.status, res.body]).toEqual([201, expect.anything()]);
    return res.body.id;
  }
  /** A reservation is its maker's to confirm or release: a citizen's own is one they made themself. */
  async function meetingFor(kind: 'bookings' | 'reservations', role: Role, relation: Relation): Promise<string> {
    if (kind === 'reservations' && role === 'citizen' && relation === 'ownCitizen') {
      const res = await s.call(
        'booking-service',
        'POST',
        '/v1/reservations',
        tokens.citizen,
        await bookBody(role, relation),
      );
      expect(res.status).toBe(201);
      return res.body.id;
    }
    return newMeeting(kind, orgFor(role, relation), citizenFor(role, relation));
  }
  let week = 30;
  const farWeek = () => {
    const from = new Date(Date.now() + week++ * 7 * 86_400_000).toISOString().slice(0, 10);
    return { from, to: new Date(Date.parse(from) + 6 * 86_400_000).toISOString().slice(0, 10) };
  };

  const viewWindow = () =>
    new URLSearchParams({
      from: new Date().toISOString(),
      to: new Date(Date.now() + 14 * 86_400_000).toISOString(),
    }).toString();

  /** How to call each route for a cell: the request addresses the resource the relation names. */
  const BUILD: Record<string, (role: Role, relation: Relation) => Promise<Built>> = {
    'GET /v1/admin/clock': async () => ({ url: '/v1/admin/clock' }),
    'POST /v1/admin/clock': async () => ({ url: '/v1/admin/clock', body: { advanceByMs: 0 } }),
    'POST /v1/schedules/preview': async () => ({
      url: '/v1/schedules/preview',
      body: {
        birthDate: '1980-02-02',
        jobcenterCode: JC,
        contactGroupHistory: [{ group: ContactGroup.UNEMPLOYMENT_BENEFIT, from: '2026-01-05' }],
      },
    }),
    'GET /v1/citizens/:citizenId/schedule': async (r, rel) => ({ url: `/v1/citizens/${citizenFor(r, rel)}/schedule` }),
    'POST /v1/admin/recalculations': async () => ({ url: '/v1/admin/recalculations', body: {} }),
    'GET /v1/citizens/:citizenId/deadlines': async (r, rel) => ({
      url: `/v1/citizens/${citizenFor(r, rel)}/deadlines`,
    }),
    'GET /v1/jobcenters/:jobcenterCode/expired-deadlines': async (r, rel) => ({
      url: `/v1/jobcenters/${rel === 'otherOrganisation' ? OTHER_JC : JC}/expired-deadlines?date=2026-01-05`,
    }),
    'POST /v1/outages': async (r, rel) => ({
      url: '/v1/outages',
      body: {
        from: new Date(Date.now() - 7_200_000).toISOString(),
        to: new Date(Date.now() - 3_600_000).toISOString(),
        jobcenterCode: rel === 'otherOrganisation' ? OTHER_JC : JC,
      },
    }),
    'POST /v1/admin/expiry-runs': async () => ({ url: '/v1/admin/expiry-runs', body: {} }),
    'GET /v1/citizens/:citizenId/notifications': async (r, rel) => ({
      url: `/v1/citizens/${citizenFor(r, rel)}/notifications`,
    }),
    'POST /v1/admin/delivery-runs': async () => ({ url: '/v1/admin/delivery-runs', body: {} }),
    'POST /v1/calendars': async (r, rel) => ({ url: '/v1/calendars', body: { name: 'matrix', ...orgParams(r, rel) } }),
    'POST /v1/calendars/:calendarId/slots': async (r, rel) => ({
      url: `/v1/calendars/${calendars[orgFor(r, rel)]}/slots`,
      body: { conversationTypes: [7], formats: ['PHONE'], capacity: 1, times: [nextTimes()] },
    }),
    'POST /v1/calendars/:calendarId/slots/generate': async (r, rel) => ({
      url: `/v1/calendars/${calendars[orgFor(r, rel)]}/slots/generate`,
      body: {
        conversationTypes: [7],
        formats: ['PHONE'],
        capacity: 1,
        periods: [{ weekday: 2, opens: '09:00', closes: '10:00' }],
        slotMinutes: 45,
        ...farWeek(),
      },
    }),
    'GET /v1/calendars': async (r, rel) => ({
      url: `/v1/calendars${query(r === 'system' ? { jobcenterCode: JC } : rel === 'otherOrganisation' ? (r === 'akasse' ? { akasseId: OTHER_AK } : { jobcenterCode: OTHER_JC }) : {})}`,
      check: (a) =>
        expect(a.body.items.map((c: { id: string }) => c.id)).toContain(calendars[r === 'akasse' ? AK : JC]),
    }),
    'GET /v1/calendars/:calendarId/slots': async (r, rel) => ({
      url: `/v1/calendars/${calendars[orgFor(r, rel)]}/slots?${viewWindow()}`,
    }),
    'GET /v1/calendars/:calendarId/bookings': async (r, rel) => ({
      url: `/v1/calendars/${calendars[orgFor(r, rel)]}/bookings?${viewWindow()}`,
    }),
    'PUT /v1/organisation/closing-days': async (r, rel) => ({
      url: '/v1/organisation/closing-days',
      body: { closingDays: ['2027-12-24'], ...orgParams(r, rel) },
    }),
    'PUT /v1/policies/:conversationType': async (r, rel) => ({
      url: '/v1/policies/0',
      body: {
        minLeadMinutesBook: 60,
        minLeadMinutesChange: 120,
        maxAdvanceDays: 120,
        rebookingAllowed: true,
        ...orgParams(r, rel),
      },
    }),
    'GET /v1/slots': async (r, rel) =>
      r === 'citizen'
        ? { url: `/v1/slots?deadlineId=${await newDeadline(citizenFor(r, rel))}` }
        : { url: `/v1/slots${query(orgParams(r, rel))}` },
    'PATCH /v1/slots/:slotId': async (r, rel) => ({
      url: `/v1/slots/${await newSlot(orgFor(r, rel))}`,
      body: nextTimes(),
    }),
    'DELETE /v1/slots/:slotId': async (r, rel) => ({ url: `/v1/slots/${await newSlot(orgFor(r, rel))}` }),
    'POST /v1/reservations': async (r, rel) => ({ url: '/v1/reservations', body: await bookBody(r, rel) }),
    'POST /v1/reservations/:reservationId/confirm': async (r, rel) => ({
      url: `/v1/reservations/${await meetingFor('reservations', r, rel)}/confirm`,
    }),
    'DELETE /v1/reservations/:reservationId': async (r, rel) => ({
      url: `/v1/reservations/${await meetingFor('reservations', r, rel)}`,
    }),
    'POST /v1/bookings': async (r, rel) => ({ url: '/v1/bookings', body: await bookBody(r, rel) }),
    'GET /v1/bookings': async (r, rel) => ({
      url: `/v1/bookings?citizenId=${citizenFor(r, rel)}`,
      // staff asking for another organisation's citizen are answered, with none of that organisation's bookings
      check:
        rel === 'otherOrganisation'
          ? (a) =>
              expect(a.body.items.filter((b: { jobcenterCode?: string }) => b.jobcenterCode === OTHER_JC)).toEqual([])
          : undefined,
    }),
    'GET /v1/bookings/:bookingId': async (r, rel) => ({ url: `/v1/bookings/${await meetingFor('bookings', r, rel)}` }),
    'POST /v1/bookings/:bookingId/rebook': async (r, rel) => ({
      url: `/v1/bookings/${await meetingFor('bookings', r, rel)}/rebook`,
      body: { slotId: await newSlot(orgFor(r, rel)) },
    }),
    'POST /v1/bookings/:bookingId/cancel': async (r, rel) => ({
      url: `/v1/bookings/${await meetingFor('bookings', r, rel)}/cancel`,
      body: {},
    }),
    'POST /v1/bookings/:bookingId/attendance': async (r, rel) => ({
      url: `/v1/bookings/${await meetingFor('bookings', r, rel)}/attendance`,
      body: { outcome: 'HELD' },
    }),
  };

  /** A booking request: a citizen books for themself on their own deadline (or for someone else: denied); staff name the citizen. */
  async function bookBody(role: Role, relation: Relation) {
    const slotId = await newSlot(orgFor(role, relation));
    if (role === 'citizen' && relation === 'ownCitizen') return { slotId, deadlineId: await newDeadline(citizens.own) };
    return { slotId, citizenId: citizenFor(role, relation) };
  }

  const concrete = (url: string) => url.replace('*', 'index.html');
  const verdict = (a: Answer) =>
    a.status === 403 || a.status === 404 ? 'denied' : a.status === 401 ? 'unauthenticated' : 'allowed';

  it('every route has a row, every row a route, and each cell holds', async () => {
    const deviations: string[] = [];
    let requests = 0;
    let routes = 0;
    for (const service of SERVICE_NAMES) {
      const table = AUTHORIZATION[service];
      const registered = s.routes(service);
      const keys = registered.map((r) => `${r.method} ${r.url}`);
      expect({ service, withoutRow: keys.filter((k) => !(k in table)) }).toEqual({ service, withoutRow: [] });
      expect({ service, withoutRoute: Object.keys(table).filter((k) => !keys.includes(k)) }).toEqual({
        service,
        withoutRoute: [],
      });
      for (const route of registered) {
        routes++;
        const key = `${route.method} ${route.url}`;
        const rule = table[key];
        if (rule === 'public') {
          // public: open to anyone, with or without a token (and a public route of the app is public in the table)
          const answer = await s.call(service, route.method, concrete(route.url), undefined);
          requests++;
          if (answer.status === 401 || answer.status === 403)
            deviations.push(`${service} ${key} anonymous: ${answer.status}, table says public`);
          continue;
        }
        expect({ key, publicInApp: route.access?.public ?? true }).toEqual({ key, publicInApp: false });
        const build = BUILD[key];
        expect({ key, hasRequest: build !== undefined }).toEqual({ key, hasRequest: true });
        // no token: 401 problem+json, whatever the route
        const first = await build('system', 'none');
        const anonymous = await s.call(service, route.method, first.url, undefined, first.body);
        requests++;
        if (
          anonymous.status !== 401 ||
          !String(anonymous.headers['content-type']).startsWith('application/problem+json')
        ) {
          deviations.push(`${service} ${key} anonymous: ${anonymous.status}, expected 401 problem+json`);
        }
        for (const [role, cells] of Object.entries(rule) as [Role, Partial<Record<Relation, boolean>>][]) {
          for (const [relation, allowed] of Object.entries(cells) as [Relation, boolean][]) {
            const built = await build(role, relation);
            const answer = await s.call(service, route.method, built.url, tokens[role], built.body);
            requests++;
            const got = verdict(answer);
            if (got === 'allowed') built.check?.(answer);
            if (got !== (allowed ? 'allowed' : 'denied')) {
              deviations.push(
                `${service} ${key} ${role} ${relation}: ${got} (${answer.status}), table says ${allowed ? 'allowed' : 'denied'}`,
              );
              if (process.env.MATRIX_DEBUG) console.log(service, key, role, relation, answer.status, answer.text);
            }
          }
        }
      }
    }
    console.log(`authorization matrix: ${routes} routes of ${SERVICE_NAMES.length} services, ${requests} requests`);
    expect(deviations.sort()).toEqual([...KNOWN_DEVIATIONS].sort());
  });
});
