import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { CLAIMS } from './principal';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

describe('TokenVerifier', () => {
  let verifier: TokenVerifier;
  let sign: (claims: Record<string, string>, options?: { issuer?: string; subject?: string }) => Promise<string>;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    verifier = new TokenVerifier({ issuer: 'test', audience: 'selvbook', publicKeyPem: await exportSPKI(publicKey) });
    sign = (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject(options.subject ?? 'someone')
        .setIssuer(options.issuer ?? 'test')
        .setAudience('selvbook')
        .setExpirationTime('5m')
        .sign(privateKey);
  });

  it('turns claims into a principal', async () => {
    const token = await sign({ [CLAIMS.role]: 'caseworker', [CLAIMS.jobcenterCode]: '10101' }, { subject: 'cw-1' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'cw-1', role: 'caseworker', jobcenterCode: '10101' });
  });

  it.each([
    ['a citizen token without citizenId', { [CLAIMS.role]: 'citizen' }, /citizenId/],
    ['a caseworker token without jobcenter', { [CLAIMS.role]: 'caseworker' }, /jobcenterCode/],
    ['an unknown role', { [CLAIMS.role]: 'admin' }, /role/],
  ])('rejects %s', async (_, claims, reason) => {
    await expect(verifier.verify(await sign(claims))).rejects.toThrow(reason);
  });

  it('rejects a token from another issuer, and garbage', async () => {
    await expect(verifier.verify(await sign({ [CLAIMS.role]: 'system' }, { issuer: 'evil' }))).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(verifier.verify('not.a.token')).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
