import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, importPKCS8, importSPKI, SignJWT } from 'jose';
import { CLAIMS, Principal } from '@selvbook/platform';

const KEY_DIR = join(__dirname, '..', '..', '..', '..', 'tools', 'dev-keys');
export const DEV_ISSUER = 'selvbook-dev';
export const DEV_AUDIENCE = 'selvbook';

/** The development public key (PEM), handed to services as AUTH_PUBLIC_KEY in local runs and tests. */
export function devPublicKey(): string {
  return readFileSync(join(KEY_DIR, 'dev-signing-key.pub.pem'), 'utf8');
}

/** The development public key as a JSON Web Key Set, as an identity provider's JWKS endpoint serves it. */
export async function devJwks(): Promise<{ keys: Record<string, unknown>[] }> {
  const jwk = await exportJWK(await importSPKI(devPublicKey(), 'ES256'));
  return { keys: [{ ...jwk, alg: 'ES256', use: 'sig', kid: 'selvbook-dev' }] };
}

let signingKey: ReturnType<typeof importPKCS8> | undefined;

/**
 * A bearer token for `principal`, signed with the development key; by default as long-lived as the services
 * accept (1 h for a citizen, 8 h otherwise). Each organisation's token has its own subject unless one is given
 * (`caseworker-10101`, `akasse-3f`): two organisations never act as the same person. `as` names another issuer
 * and audience (a deployment's identity provider, whose JWKS the deployed-form test serves with this key).
 */
export async function mintDevToken(
  principal: Omit<Principal, 'subject'> & { subject?: string },
  expiresIn = principal.role === 'citizen' ? '1h' : '8h',
  as: { issuer?: string; audience?: string } = {},
): Promise<string> {
  signingKey ??= importPKCS8(readFileSync(join(KEY_DIR, 'dev-signing-key.pem'), 'utf8'), 'ES256');
  const claims: Record<string, string> = { [CLAIMS.role]: principal.role };
  if (principal.citizenId) claims[CLAIMS.citizenId] = principal.citizenId;
  if (principal.jobcenterCode) claims[CLAIMS.jobcenterCode] = principal.jobcenterCode;
  if (principal.akasseId) claims[CLAIMS.akasseId] = principal.akasseId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256' })
    .setSubject(
      principal.subject ??
        principal.citizenId ??
        [principal.role, principal.jobcenterCode ?? principal.akasseId ?? 'dev'].join('-'),
    )
    .setIssuer(as.issuer ?? DEV_ISSUER)
    .setAudience(as.audience ?? DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(await signingKey);
}
