import { createLocalJWKSet, createRemoteJWKSet, importSPKI, JSONWebKeySet, jwtVerify, JWTPayload } from 'jose';
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

type KeySource = Parameters<typeof jwtVerify>[1];

/** Verifies bearer tokens (RS256/ES256) and turns their claims into a Principal. */
export class TokenVerifier {
  private key?: Promise<KeySource>;

  constructor(private readonly options: TokenVerifierOptions) {}

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.keySource(), {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['RS256', 'ES256'],
      }));
    } catch (error) {
      throw new InvalidTokenError(`invalid token: ${(error as Error).message}`);
    }
    return toPrincipal(payload);
  }

  private keySource(): Promise<KeySource> {
    const { jwksUrl, jwks, publicKeyPem } = this.options;
    this.key ??= jwksUrl
      ? Promise.resolve(createRemoteJWKSet(new URL(jwksUrl)) as KeySource)
      : jwks
        ? Promise.resolve(createLocalJWKSet(jwks) as KeySource)
        : importSPKI(publicKeyPem!, this.options.publicKeyAlgorithm ?? 'ES256');
    return this.key;
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
