import { createLocalJWKSet, createRemoteJWKSet, importSPKI, JSONWebKeySet, JWTVerifyGetKey, jwtVerify, JWTPayload, KeyLike } from 'jose';
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
}

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
  /** token → principal; Map order is the LRU order (oldest first) */
  private readonly cache = new Map<string, { principal: Principal; validUntilMs: number }>();

  constructor(private readonly options: TokenVerifierOptions) {
    this.cacheSize = options.cacheSize ?? 1000;
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
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

  private async verifyJwt(token: string) {
    const { jwksUrl, jwks, publicKeyPem, issuer, audience } = this.options;
    const options = { issuer, audience, algorithms: ['RS256', 'ES256'] };
    if (jwksUrl || jwks) {
      this.keySet ??= jwksUrl ? createRemoteJWKSet(new URL(jwksUrl)) : createLocalJWKSet(jwks!);
      return jwtVerify(token, this.keySet, options);
    }
    this.publicKey ??= importSPKI(publicKeyPem!, this.options.publicKeyAlgorithm ?? 'ES256');
    return jwtVerify(token, await this.publicKey, options);
  }
}

function toPrincipal(payload: JWTPayload): Principal {
  const role = payload[CLAIMS.role] as Role;
  if (!payload.sub) throw new InvalidTokenError('token has no subject');
  if (!ROLES.includes(role)) throw new InvalidTokenError(`token has no valid ${CLAIMS.role} claim`);
  const principal: Principal = { subject: payload.sub, role };
  const claim = (name: string) => (typeof payload[name] === 'string' ? (payload[name] as string) : undefined);
  principal.citizenId = claim(CLAIMS.citizenId);
  principal.jobcenterCode = claim(CLAIMS.jobcenterCode);
  principal.akasseId = claim(CLAIMS.akasseId);
  if (role === 'citizen' && !principal.citizenId) throw new InvalidTokenError('citizen token without citizenId');
  if (role === 'caseworker' && !principal.jobcenterCode) throw new InvalidTokenError('caseworker token without jobcenterCode');
  if (role === 'akasse' && !principal.akasseId) throw new InvalidTokenError('akasse token without akasseId');
  return principal;
}
