/**
 * The only way the web app reaches the system: the services' public REST APIs with the signed-in person's
 * bearer token. A problem+json answer becomes an ApiProblem, whose `code` (the last part of the problem's
 * `type`, e.g. `lead-time`) picks the plain-language message shown on the page.
 */
export type Service = 'schedule' | 'deadline' | 'booking';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${status} ${code}: ${detail}`);
    this.name = 'ApiProblem';
  }
}

export interface ApiAnswer<T> {
  body: T;
  etag?: string;
}

export interface ApiTargets {
  schedule: string;
  deadline: string;
  booking: string;
  timeoutMs: number;
}

export class ApiClient {
  constructor(
    private readonly targets: ApiTargets,
    private readonly token: string,
  ) {}

  async call<T>(service: Service, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    let response: Response;
    try {
      response = await fetch(`${this.targets[service]}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.targets.timeoutMs),
      });
    } catch {
      throw new ApiProblem(503, 'unavailable', `the ${service} service did not answer`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const problem = (parsed ?? {}) as { type?: string; detail?: string };
      const code = problem.type?.startsWith('urn:selvbook:problem:') ? problem.type.slice('urn:selvbook:problem:'.length) : `http-${response.status}`;
      throw new ApiProblem(response.status, code, problem.detail ?? response.statusText);
    }
    return { body: parsed as T, etag: response.headers.get('etag') ?? undefined };
  }

  async get<T>(service: Service, path: string): Promise<T> {
    return (await this.call<T>(service, 'GET', path)).body;
  }
}

// The shapes the pages read (a subset of each API's documented answer).

export interface DeadlineView {
  deadlineId: string;
  conversationType: number;
  conversationNumber: number;
  status: 'open' | 'fulfilled';
  deadlineDate: string;
  latestMeetingDate: string;
  bookingId?: string;
  meetingDate?: string;
}

export interface CitizenDeadlines {
  citizenId: string;
  canSelfBook: boolean;
  immediateBookingRequired: boolean;
  immediateBookingRequiredFrom?: string;
  immediateBookingLapsesOn?: string;
  deadlines: DeadlineView[];
}

export interface ScheduledConversation {
  number: number;
  series: string;
  type: number;
  guidingDate: string;
  status: string;
  heldAt: string | null;
  summonsReason: string | null;
}

export interface ScheduleView {
  citizenId: string;
  jobcenterCode: string;
  schedule: { conversations: ScheduledConversation[] };
}

export interface SlotView {
  id: string;
  calendarId: string;
  organisation: { kind: 'JOBCENTER' | 'AKASSE'; code: string };
  joint: boolean;
  conversationTypes: number[];
  formats: string[];
  startsAt: string;
  endsAt: string;
  capacity: number;
  remainingCapacity: number;
  location: string;
  status: string;
}

export interface BookingView {
  id: string;
  slotId: string;
  citizenId: string;
  conversationType: number;
  format: string;
  location: string;
  startsAt: string;
  endsAt: string;
  status: string;
  bookedBy: string;
  selfBooked: boolean;
  version: number;
  deadlineId?: string;
  previousBookingId?: string;
  replacedByBookingId?: string;
  cancelReason?: string;
  rebookingAllowed?: boolean;
  rebookableUntil?: string;
}

/** The staff read model (issue 20's contract): a slot of a calendar's week, with who booked it. */
export interface CalendarSlotView extends SlotView {
  state: 'FREE' | 'RESERVED' | 'BOOKED' | 'WITHDRAWN';
  bookings: { bookingId: string; citizenId: string; conversationType: number; format: string; status: string; bookedBy: string; selfBooked: boolean }[];
}

export interface CalendarView {
  id: string;
  name: string;
  defaultLocation?: string;
  organisation: { kind: 'JOBCENTER' | 'AKASSE'; code: string };
}
