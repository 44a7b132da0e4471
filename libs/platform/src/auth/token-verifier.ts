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
}

export class InvalidTokenError extends Error {}

/** Verifies bearer tokens (RS256/ES256) and turns their claims into a Principal. */
export class TokenVerifier {
  private keySet?: JWTVerifyGetKey;
  private publicKey?: Promise<KeyLike>;

  constructor(private readonly options: TokenVerifierOptions) {}

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await this.verifyJwt(token));
    } catch (error) {
      throw new InvalidTokenError(`invalid token: ${(error as Error).message}`);
    }
    return toPrincipal(payload);
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
