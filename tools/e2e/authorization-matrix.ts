/**
 * Who may do what: every route of the four services × role × the caller's relation to what the request
 * addresses → allowed or not. The one place this is written down; `authorization-matrix.int-spec.ts` calls
 * every route the running apps register with every cell below, and fails on a route that has no row here.
 *
 * Relations:
 *  - ownCitizen: a citizen and their own resource (their bookings, deadlines, schedule, messages);
 *  - ownOrganisation: staff and a resource of their organisation (its calendars and slots, the bookings in
 *    them, the citizens of their jobcenter or the members of their a-kasse);
 *  - otherOrganisation: staff and another organisation's resource;
 *  - none: no relation — a citizen and someone else's resource, a route that addresses no one's resource, and
 *    the system role (which acts for every organisation).
 * Denied means 403, or 404 where the service does not reveal that the resource exists.
 */
import type { Role } from '@selvbook/platform';

export type Relation = 'ownCitizen' | 'ownOrganisation' | 'otherOrganisation' | 'none';
export type Cells = Partial<Record<Relation, boolean>>;
export type RouteRule = 'public' | Record<Role, Cells>;

const Y = true;
const N = false;

/** A route that addresses no one's resource: which roles may call it. */
function anyone(...roles: Role[]): Record<Role, Cells> {
  const cell = (role: Role) => ({ none: roles.includes(role) });
  return { citizen: cell('citizen'), caseworker: cell('caseworker'), akasse: cell('akasse'), system: cell('system') };
}

const systemOnly = anyone('system');

/** A citizen's record: the citizen, their jobcenter's caseworkers and their a-kasse (where allowed), system. */
function citizenRecord(opts: { akasse: boolean }): Record<Role, Cells> {
  return {
    citizen: { ownCitizen: Y, none: N },
    caseworker: { ownOrganisation: Y, otherOrganisation: N },
    akasse: { ownOrganisation: opts.akasse, otherOrganisation: N },
    system: { none: Y },
  };
}

/** An organisation's own things (calendars, slots, policies, closing days): its staff and system; no citizen. */
const organisationOwned: Record<Role, Cells> = {
  citizen: { none: N },
  caseworker: { ownOrganisation: Y, otherOrganisation: N },
  akasse: { ownOrganisation: Y, otherOrganisation: N },
  system: { none: Y },
};

/** A booking or reservation: the citizen it is for, the staff of the calendar's organisation (or the citizen's), system. */
const meeting: Record<Role, Cells> = {
  citizen: { ownCitizen: Y, none: N },
  caseworker: { ownOrganisation: Y, otherOrganisation: N },
  akasse: { ownOrganisation: Y, otherOrganisation: N },
  system: { none: Y },
};

/** Every service's operations routes, mounted by libs/platform (the clock only with CLOCK_CONTROL=true). */
const PLATFORM: Record<string, RouteRule> = {
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /metrics': 'public',
  'GET /v1/admin/clock': systemOnly,
  'POST /v1/admin/clock': systemOnly,
  // the OpenAPI document and its UI (Swagger's own routes)
  'GET /docs': 'public',
  'GET /docs/': 'public',
  'GET /docs/*': 'public',
  'GET /docs/index.html': 'public',
  'GET /docs/LICENSE': 'public',
  'GET /docs/swagger-ui-init.js': 'public',
  'GET /docs/docs/swagger-ui-init.js': 'public',
  'GET /docs-json': 'public',
  'GET /docs-yaml': 'public',
};

export const AUTHORIZATION: Record<
  'schedule-service' | 'deadline-service' | 'booking-service' | 'notification-service',
  Record<string, RouteRule>
> = {
  'schedule-service': {
    ...PLATFORM,
    'POST /v1/schedules/preview': anyone('caseworker', 'akasse', 'system'),
    'GET /v1/citizens/:citizenId/schedule': citizenRecord({ akasse: Y }),
    'POST /v1/admin/recalculations': systemOnly,
  },
  'deadline-service': {
    ...PLATFORM,
    'GET /v1/citizens/:citizenId/deadlines': citizenRecord({ akasse: Y }),
    'GET /v1/jobcenters/:jobcenterCode/expired-deadlines': {
      citizen: { none: N },
      caseworker: { ownOrganisation: Y, otherOrganisation: N },
      akasse: { none: N },
      system: { none: Y },
    },
    'POST /v1/outages': {
      citizen: { none: N },
      caseworker: { ownOrganisation: Y, otherOrganisation: N },
      akasse: { none: N },
      system: { none: Y },
    },
    'POST /v1/admin/expiry-runs': systemOnly,
  },
  'booking-service': {
    ...PLATFORM,
    'POST /v1/calendars': organisationOwned,
    // the staff read models: an organisation's calendars (naming another organisation is 403), a calendar's
    // week view and its bookings (another organisation's calendar is 403 unless it holds a joint meeting of the caller)
    'GET /v1/calendars': organisationOwned,
    'GET /v1/calendars/:calendarId/slots': organisationOwned,
    'GET /v1/calendars/:calendarId/bookings': organisationOwned,
    'POST /v1/calendars/:calendarId/slots': organisationOwned,
    'POST /v1/calendars/:calendarId/slots/generate': organisationOwned,
    'PUT /v1/organisation/closing-days': organisationOwned,
    'PUT /v1/policies/:conversationType': organisationOwned,
    'GET /v1/slots': {
      citizen: { ownCitizen: Y, none: N }, // a citizen searches for one of their own deadlines
      caseworker: { ownOrganisation: Y, otherOrganisation: N },
      akasse: { ownOrganisation: Y, otherOrganisation: N },
      system: { none: Y },
    },
    'PATCH /v1/slots/:slotId': organisationOwned,
    'DELETE /v1/slots/:slotId': organisationOwned,
    'POST /v1/reservations': meeting,
    'POST /v1/reservations/:reservationId/confirm': meeting,
    'DELETE /v1/reservations/:reservationId': meeting,
    'POST /v1/bookings': meeting,
    // staff may ask for any citizen's bookings, and see only those in their own organisation's calendars or of
    // their own citizens / members (the test checks that none of the other organisation's are listed)
    'GET /v1/bookings': {
      ...citizenRecord({ akasse: Y }),
      caseworker: { ownOrganisation: Y, otherOrganisation: Y },
      akasse: { ownOrganisation: Y, otherOrganisation: Y },
    },
    'GET /v1/bookings/:bookingId': meeting,
    'POST /v1/bookings/:bookingId/rebook': meeting,
    'POST /v1/bookings/:bookingId/cancel': meeting,
    'POST /v1/bookings/:bookingId/attendance': { ...meeting, citizen: { ownCitizen: N, none: N } },
  },
  'notification-service': {
    ...PLATFORM,
    'GET /v1/citizens/:citizenId/notifications': citizenRecord({ akasse: N }),
    'POST /v1/admin/delivery-runs': systemOnly,
  },
};
