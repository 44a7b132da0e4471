import { CLAIMS } from '@selvbook/platform';
import { decodeJwt, importPKCS8, SignJWT } from 'jose';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The signed-in person is their bearer token, kept in an httpOnly, SameSite=Strict cookie: page script can
 * never read it and no other site can send it. The web app reads the token's claims only to pick the pages
 * (citizen or staff); every service verifies the token itself on each call.
 */
export const TOKEN_COOKIE = 'sb_token';
export const CSRF_COOKIE = 'sb_csrf';
export const LANG_COOKIE = 'sb_lang';

export type Role = 'citizen' | 'caseworker' | 'akasse' | 'system';

export interface Session {
  token: string;
  role: Role;
  citizenId?: string;
  jobcenterCode?: string;
  akasseId?: string;
  expiresAt?: number;
}

export function sessionOf(token: string | undefined, now = Date.now()): Session | undefined {
  if (!token) return undefined;
  try {
    const claims = decodeJwt(token);
    const role = claims[CLAIMS.role];
    if (role !== 'citizen' && role !== 'caseworker' && role !== 'akasse' && role !== 'system') return undefined;
    if (claims.exp !== undefined && claims.exp * 1000 <= now) return undefined;
    return {
      token,
      role,
      citizenId: claims[CLAIMS.citizenId] as string | undefined,
      jobcenterCode: claims[CLAIMS.jobcenterCode] as string | undefined,
      akasseId: claims[CLAIMS.akasseId] as string | undefined,
      expiresAt: claims.exp,
    };
  } catch {
    return undefined;
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    try {
      cookies[name] = decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      // a malformed cookie is ignored, as if absent
    }
  }
  return cookies;
}

export function cookie(name: string, value: string, options: { secure: boolean; maxAgeS?: number }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (options.secure) parts.push('Secure');
  if (options.maxAgeS !== undefined) parts.push(`Max-Age=${options.maxAgeS}`);
  return parts.join('; ');
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Double-submit check: the form's token equals the cookie's (which another site can neither read nor set). */
export function csrfMatches(cookieValue: string | undefined, formValue: unknown): boolean {
  if (!cookieValue || typeof formValue !== 'string' || formValue.length !== cookieValue.length) return false;
  return timingSafeEqual(Buffer.from(cookieValue), Buffer.from(formValue));
}

/** Local use only (WEB_DEV_LOGIN): a token signed with the development key the local services trust. */
export class DevTokenMinter {
  private key?: ReturnType<typeof importPKCS8>;
  constructor(private readonly keyFile: string) {}

  async mint(claims: { role: Role; citizenId?: string; jobcenterCode?: string; akasseId?: string }): Promise<string> {
    this.key ??= importPKCS8(readFileSync(resolve(this.keyFile), 'utf8'), 'ES256');
    const payload: Record<string, string> = { [CLAIMS.role]: claims.role };
    if (claims.citizenId) payload[CLAIMS.citizenId] = claims.citizenId;
    if (claims.jobcenterCode) payload[CLAIMS.jobcenterCode] = claims.jobcenterCode;
    if (claims.akasseId) payload[CLAIMS.akasseId] = claims.akasseId;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject(claims.citizenId ?? [claims.role, claims.jobcenterCode ?? claims.akasseId ?? 'dev'].join('-'))
      .setIssuer('selvbook-dev')
      .setAudience('selvbook')
      .setIssuedAt()
      .setExpirationTime(claims.role === 'citizen' ? '1h' : '8h')
      .sign(await this.key);
  }
}
