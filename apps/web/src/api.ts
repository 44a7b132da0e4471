/**
 * The only way the web app reaches the system: the services' public REST APIs with the signed-in person's
 * bearer token. A problem+json answer becomes an ApiProblem, whose `code` (the last part of the problem's
 * `type`, e.g. `lead-time`) picks the plain-language message shown on the page.
 */
import http from 'node:http';
import https from 'node:https';
import { createGunzip } from 'node:zlib';

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
  /** The booking API's read replicas (k8s: booking-reads), for its GETs; default: `booking`. */
  bookingReads?: string;
  timeoutMs: number;
  /** Shared by every page's calls (see ApiTransport); one per server. */
  transport?: ApiTransport;
}

/** One call's outcome as the services sent it. */
interface RawAnswer {
  status: number;
  text: string;
  etag?: string;
}

/**
 * HTTP/1.1 to the services over kept-alive connections, with node:http rather than fetch: a page makes up to
 * three calls, and fetch's WHATWG streams and abort signals cost ≈ 0.25 ms of CPU more per call here than a
 * plain request (measured: 317 vs 76 µs a call, client and a trivial server together). A GET that meets a
 * connection the service has just closed while it was idle is sent once more on a new one (Node's advice for
 * kept-alive sockets); a POST never is.
 */
export class ApiTransport {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64, timeout: 60_000 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64, timeout: 60_000 }),
  };
  /** Called after every call with the service, the answer's status (0: none) and its duration in seconds. */
  onCall?: (service: Service, status: number, seconds: number) => void;

  async send(
    service: Service,
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
  ): Promise<RawAnswer> {
    const started = process.hrtime.bigint();
    let status = 0;
    try {
      const answer = await this.attempt(url, method, headers, body, timeoutMs).catch(
        (error: Error & { reusedSocket?: boolean; code?: string }) => {
          if (method === 'GET' && error.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE'))
            return this.attempt(url, method, headers, body, timeoutMs);
          throw error;
        },
      );
      status = answer.status;
      return answer;
    } finally {
      this.onCall?.(service, status, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  close(): void {
    for (const agent of Object.values(this.agents)) agent.destroy();
  }

  private attempt(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
  ): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const client = target.protocol === 'https:' ? https : http;
      const request = client.request(target, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: this.agents[target.protocol as 'http:' | 'https:'],
      });
      // the whole exchange, answer body included, within the timeout
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      request.on('error', (error: Error & { reusedSocket?: boolean }) => {
        clearTimeout(timer);
        error.reusedSocket = request.reusedSocket;
        reject(error);
      });
      request.on('response', (response) => {
        // a week view comes gzipped (a tenth of its 260 KB): inflated here, off the event loop
        const gzipped = response.headers['content-encoding'] === 'gzip';
        const stream = gzipped ? response.pipe(createGunzip()) : response;
        const failed = (error: Error) => {
          clearTimeout(timer);
          reject(error);
        };
        if (gzipped) response.on('error', failed);
        stream.setEncoding('utf8');
        let text = '';
        stream.on('data', (chunk: string) => (text += chunk));
        stream.on('error', failed);
        stream.on('end', () => {
          clearTimeout(timer);
          const etag = response.headers.etag;
          resolve({ status: response.statusCode ?? 0, text, etag: typeof etag === 'string' ? etag : undefined });
        });
      });
      request.end(body);
    });
  }
}

const DEFAULT_TRANSPORT = new ApiTransport();

export class ApiClient {
  constructor(
    private readonly targets: ApiTargets,
    private readonly token: string,
  ) {}

  /** A booking GET goes to the read replicas, so a surge of bookings does not slow the pages that look. */
  private baseOf(service: Service, method: string): string {
    if (service === 'booking' && method === 'GET') return this.targets.bookingReads ?? this.targets.booking;
    return this.targets[service];
  }

  async call<T>(
    service: Service,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer<T>> {
    let response: RawAnswer;
    try {
      response = await (this.targets.transport ?? DEFAULT_TRANSPORT).send(
        service,
        `${this.baseOf(service, method)}${path}`,
        method,
        {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          'accept-encoding': 'gzip',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body === undefined ? undefined : JSON.stringify(body),
        this.targets.timeoutMs,
      );
    } catch {
      throw new ApiProblem(503, 'unavailable', `the ${service} service did not answer`);
    }
    const { text } = response;
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.status < 200 || response.status > 299) {
      const problem = (parsed ?? {}) as { type?: string; detail?: string };
      const code = problem.type?.startsWith('urn:selvbook:problem:')
        ? problem.type.slice('urn:selvbook:problem:'.length)
        : `http-${response.status}`;
      throw new ApiProblem(response.status, code, problem.detail ?? http.STATUS_CODES[response.status] ?? '');
    }
    return { body: parsed as T, etag: response.etag };
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
  bookings: {
    bookingId: string;
    citizenId: string;
    conversationType: number;
    format: string;
    status: string;
    bookedBy: string;
    selfBooked: boolean;
  }[];
}

export interface CalendarView {
  id: string;
  name: string;
  defaultLocation?: string;
  organisation: { kind: 'JOBCENTER' | 'AKASSE'; code: string };
}
