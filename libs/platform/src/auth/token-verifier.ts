import {
  createLocalJWKSet,
  createRemoteJWKSet,
  importSPKI,
  JSONWebKeySet,
  JWTVerifyGetKey,
  jwtVerify,
  JWTPayload,
  KeyLike,
} from 'jose';
import { isAkasseId, isCitizenId, isJobcenterCode, looksLikeCpr } from '@selvbook/contracts';
import { CLAIMS, Principal, ROLES, Role } from './principal';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** One of: a JWKS URL (production identity provider), a JWKS document, or a PEM public key (local). */
  jwksUrl?: string;
  jwks?: JSONWebKeySet;
  publicKeyPem?: string;
  /** Algorithm of `publicKeyPem`. */
  publicKeyAlgorithm?: 'ES256' | 'RS256';
  /**
   * How many verified tokens to remember (0: none), so a client sending the same token on every request
   * pays for one signature check (≈ 0.3 ms for ES256), not one per request. Default 1,000.
   */
  cacheSize?: number;
  /** Longest a verified token is remembered, however late its `exp`; default 60 s. */
  cacheTtlMs?: number;
  /**
   * Longest a token may live (`exp` − `iat`, or `exp` − now without `iat`), per role: a citizen's token is a
   * self-service session (default 1 h); staff and systems work a shift (default 12 h). Longer is refused.
   */
  maxLifetimeSeconds?: Partial<Record<Role, number>>;
  /** Clock skew allowed between the identity provider and us for `exp`, `nbf` and `iat`; default 30 s. */
  clockToleranceSeconds?: number;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS: Record<Role, number> = {
  citizen: 3600,
  caseworker: 43_200,
  akasse: 43_200,
  system: 43_200,
};
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;

export class InvalidTokenError extends Error {}

/**
 * Verifies bearer tokens (RS256/ES256) and turns their claims into a Principal. Verified tokens are kept
 * in a small LRU cache keyed by the token string, each until its `exp` (and at most `cacheTtlMs`): a token
 * without `exp`, or one that failed verification, is never cached.
 */
export class TokenVerifier {
  private keySet?: JWTVerifyGetKey;
  private publicKey?: Promise<KeyLike>;
  private readonly cacheSize: number;
  private readonly cacheTtlMs: number;
  private readonly maxLifetime: Record<Role, number>;
  private readonly clockTolerance: number;
  /** token → principal; Map order is the LRU order (oldest first) */
  private readonly cache = new Map<string, { principal: Principal; validUntilMs: number }>();

  constructor(private readonly options: TokenVerifierOptions) {
    this.cacheSize = options.cacheSize ?? 1000;
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
    this.maxLifetime = { ...DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, ...options.maxLifetimeSeconds };
    this.clockTolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  }

  async verify(token: string): Promise<Principal> {
    const now = Date.now();
    const cached = this.cache.get(token);
    if (cached) {
      this.cache.delete(token);
      if (now < cached.validUntilMs) {
        this.cache.set(token, cached);
        return { ...cached.principal };
      }
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await this.verifyJwt(token));
    } catch (error) {
      throw new InvalidTokenError(`invalid token: ${(error as Error).message}`);
    }
    const principal = toPrincipal(payload);
    this.checkLifetime(payload, principal.role);
    if (this.cacheSize > 0 && typeof payload.exp === 'number') {
      const validUntilMs = Math.min(payload.exp * 1000, Date.now() + this.cacheTtlMs);
      if (validUntilMs > Date.now()) {
        this.cache.set(token, { principal: { ...principal }, validUntilMs });
        if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
      }
    }
    return principal;
  }

  /** Verified tokens currently remembered (for tests and metrics). */
  get cachedTokens(): number {
    return this.cache.size;
  }

  /**
   * jose checks `exp` (required) and `nbf` with the tolerance; a token must also not claim to be issued in the
   * future, nor live longer than its role's maximum (a stolen ten-year token is a ten-year key).
   */
  private checkLifetime(payload: JWTPayload, role: Role): void {
    const now = Math.floor(Date.now() / 1000);
    const exp = payload.exp!;
    if (payload.iat !== undefined && payload.iat > now + this.clockTolerance)
      throw new InvalidTokenError('invalid token: iat is in the future');
    const lifetime = exp - (payload.iat ?? now);
    if (lifetime > this.maxLifetime[role]) {
      throw new InvalidTokenError(
        `invalid token: a ${role} token may live at most ${this.maxLifetime[role]} s (this one ${lifetime} s)`,
      );
    }
  }

  private async verifyJwt(token: string) {
    const { jwksUrl, jwks, publicKeyPem, issuer, audience } = this.options;
    const options = {
      issuer,
      audience,
      algorithms: ['RS256', 'ES256'],
      requiredClaims: ['exp'],
      clockTolerance: this.clockTolerance,
    };
    if (jwksUrl || jwks) {
      this.keySet ??= jwksUrl ? createRemoteJWKSet(new URL(jwksUrl)) : createLocalJWKSet(jwks!);
      return jwtVerify(token, this.keySet, options);
    }
    this.publicKey ??= importSPKI(publicKeyPem!, this.options.publicKeyAlgorithm ?? 'ES256');
    return jwtVerify(token, await this.publicKey, options);
  }
}

/** A subject is written to audit rows and log lines: bounded, printable, and never a CPR number. */
const SUBJECT_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * The principal a token's claims describe, each claim checked for shape as the rest of the system will use it
 * (a citizenId is a uuid, a jobcenter code five digits, an a-kasse id a slug): a malformed claim is a bad token
 * (401), not a database error later. Only the claim of the token's role is taken.
 */
function toPrincipal(payload: JWTPayload): Principal {
  const role = payload[CLAIMS.role] as Role;
  if (!payload.sub) throw new InvalidTokenError('token has no subject');
  if (!SUBJECT_PATTERN.test(payload.sub) || looksLikeCpr(payload.sub)) {
    throw new InvalidTokenError('token subject must be 1–200 printable characters and not a CPR number');
  }
  if (!ROLES.includes(role)) throw new InvalidTokenError(`token has no valid ${CLAIMS.role} claim`);
  const principal: Principal = { subject: payload.sub, role };
  const claim = (name: string) => payload[name];
  if (role === 'citizen') {
    if (claim(CLAIMS.citizenId) === undefined) throw new InvalidTokenError('citizen token without citizenId');
    if (!isCitizenId(claim(CLAIMS.citizenId)))
      throw new InvalidTokenError(`citizen token: ${CLAIMS.citizenId} must be a pseudonymous citizenId (uuid)`);
    principal.citizenId = claim(CLAIMS.citizenId) as string;
  }
  if (role === 'caseworker') {
    if (claim(CLAIMS.jobcenterCode) === undefined)
      throw new InvalidTokenError('caseworker token without jobcenterCode');
    if (!isJobcenterCode(claim(CLAIMS.jobcenterCode)))
      throw new InvalidTokenError(`caseworker token: ${CLAIMS.jobcenterCode} must be a 5-digit jobcenter code`);
    principal.jobcenterCode = claim(CLAIMS.jobcenterCode) as string;
  }
  if (role === 'akasse') {
    if (claim(CLAIMS.akasseId) === undefined) throw new InvalidTokenError('akasse token without akasseId');
    if (!isAkasseId(claim(CLAIMS.akasseId)))
      throw new InvalidTokenError(`akasse token: ${CLAIMS.akasseId} must be an a-kasse id (lower-case slug, e.g. 3f)`);
    principal.akasseId = claim(CLAIMS.akasseId) as string;
  }
  return principal;
}
