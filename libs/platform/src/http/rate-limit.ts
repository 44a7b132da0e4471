import rateLimit, { CreateRateLimitOptions, normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Counter, Registry } from 'prom-client';
import { counterIn } from '../metrics/metrics';
import { Principal } from '../auth/principal';
import { sendProblem } from './problem.filter';
import { accessOf, AuthenticatedRequest, closeIfBodyPending } from './route-access';

export interface RateLimitSettings {
  /** requests per window per principal (or per client address without a valid token) */
  max: number;
  windowMs: number;
  /** bookings, reservations and rebookings per window per citizen booked for */
  bookingMax: number;
  bookingWindowMs: number;
  /** keys remembered per limit (least recently used forgotten first) */
  cacheSize: number;
}

type Check = (
  request: FastifyRequest,
) => Promise<{ isAllowed: boolean; max?: number; remaining?: number; ttlInSeconds?: number; isExceeded?: boolean }>;

/**
 * Rate limits counted by @fastify/rate-limit's in-memory store (per replica: N replicas allow N times the
 * limit), answered with the IETF draft's `RateLimit-Policy` and `RateLimit` fields on every limited response
 * and `Retry-After` on a 429, which is problem+json. Public routes (health, metrics) are never limited.
 */
export class RateLimits {
  private constructor(
    private readonly settings: RateLimitSettings,
    private readonly perCaller: Check,
    private readonly perCitizen: Check,
    private readonly refused: Counter<'policy'>,
  ) {}

  static async register(fastify: FastifyInstance, settings: RateLimitSettings, metrics: Registry): Promise<RateLimits> {
    // global: false — no route hooks of the plugin's own; the two limiters below are called from ours.
    await fastify.register(rateLimit, {
      global: false,
      max: settings.max,
      timeWindow: settings.windowMs,
      cache: settings.cacheSize,
    });
    // `cache` sizes each limiter's own store (the plugin reads it from these options, though their type omits it)
    const sized = (options: CreateRateLimitOptions) =>
      ({ ...options, cache: settings.cacheSize }) as CreateRateLimitOptions;
    const perCaller: Check = fastify.createRateLimit(sized({ keyGenerator: callerKey }));
    const perCitizen: Check = fastify.createRateLimit(
      sized({
        max: settings.bookingMax,
        timeWindow: settings.bookingWindowMs,
        keyGenerator: citizenKey,
        allowList: (_, key) => key === NO_CITIZEN,
      }),
    );
    const refused = counterIn(metrics, {
      name: 'selvbook_http_rate_limited_total',
      help: 'Requests refused with 429, by limit',
      labelNames: ['policy'],
    });
    return new RateLimits(settings, perCaller, perCitizen, refused);
  }

  /** Counts the request against its caller's limit; answers 429 and returns true when it is over. */
  async limitCaller(request: AuthenticatedRequest, reply: FastifyReply): Promise<boolean> {
    if (accessOf(request)?.public) return false;
    const policy = request.principal ? 'principal' : 'address';
    const limit = await this.perCaller(request);
    return this.answer(request, reply, limit, policy, this.settings.windowMs);
  }

  /**
   * The booking path's second limit, per citizen booked for (needs
   * the parsed body: a caseworker names the citizen there).
   */
  async limitCitizen(request: AuthenticatedRequest, reply: FastifyReply): Promise<boolean> {
    // the key is made in `citizenKey`: who the booking is for
    if (!accessOf(request)?.limitPerCitizen || !request.principal) return false;
    const limit = await this.perCitizen(request);
    return this.answer(request, reply, limit, 'booking', this.settings.bookingWindowMs);
  }

  private answer(
    request: FastifyRequest,
    reply: FastifyReply,
    limit: Awaited<ReturnType<Check>>,
    name: 'principal' | 'address' | 'booking',
    windowMs: number,
  ): boolean {
    if (limit.isAllowed) return false;
    const policy = `"${name}";q=${limit.max};w=${seconds(windowMs)}`;
    const seen = reply.getHeader('ratelimit-policy');
    reply.header('ratelimit-policy', seen ? `${String(seen)}, ${policy}` : policy);
    const state = `"${name}";r=${limit.remaining};t=${limit.ttlInSeconds}`;
    const seenState = reply.getHeader('ratelimit');
    reply.header('ratelimit', seenState ? `${String(seenState)}, ${state}` : state);
    if (!limit.isExceeded) return false;
    reply.header('retry-after', String(limit.ttlInSeconds));
    this.refused.inc({ policy: name });
    closeIfBodyPending(request, reply);
    const whose =
      name === 'booking'
        ? 'bookings for this citizen'
        : name === 'principal'
          ? 'requests by this caller'
          : 'requests from this address';
    sendProblem(reply, {
      type: 'urn:selvbook:problem:rate-limited',
      title: 'too many requests',
      status: 429,
      detail: `at most ${limit.max} ${whose} per ${seconds(windowMs)} s; retry in ${limit.ttlInSeconds} s`,
      instance: request.url,
    });
    return true;
  }
}

const seconds = (ms: number) => Math.ceil(ms / 1000);

/** One key per acting person and organisation (token subjects are not unique across organisations). */
function principalKey(p: Principal): string {
  return `${p.role}:${p.citizenId ?? p.jobcenterCode ?? p.akasseId ?? ''}:${p.subject}`;
}

function callerKey(request: AuthenticatedRequest): string {
  return request.principal ? `p:${principalKey(request.principal)}` : `a:${normalizeIP(request.ip)}`;
}

const NO_CITIZEN = '';

/**
 * The citizen a booking is for: a citizen's own token, or the `citizenId` staff book for. Staff naming no
 * citizen (a rebooking: the booking knows whose it is) have only their own limit, else a caseworker could
 * rebook twenty meetings an hour.
 */
function citizenKey(request: AuthenticatedRequest): string {
  const principal = request.principal!;
  if (principal.role === 'citizen') return `c:${principal.citizenId}`;
  const named = (request.body as { citizenId?: unknown } | undefined)?.citizenId;
  return typeof named === 'string' && named.length > 0 && named.length <= 64 ? `c:${named}` : NO_CITIZEN;
}
