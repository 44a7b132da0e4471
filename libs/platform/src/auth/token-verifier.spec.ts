import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { CLAIMS } from './principal';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

describe('TokenVerifier', () => {
  let verifier: TokenVerifier;
  let sign: (claims: Record<string, string>, options?: { issuer?: string; subject?: string; expires?: string | number | null }) => Promise<string>;
  let publicKeyPem: string;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    publicKeyPem = await exportSPKI(publicKey);
    verifier = new TokenVerifier({ issuer: 'test', audience: 'selvbook', publicKeyPem });
    sign = (claims, options = {}) => {
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject(options.subject ?? 'someone')
        .setIssuer(options.issuer ?? 'test')
        .setAudience('selvbook');
      if (options.expires !== null) jwt.setExpirationTime(options.expires ?? '5m');
      return jwt.sign(privateKey);
    };
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  /** Moves the wall clock (Date and Date.now, which jose and the cache read) to `ms`. */
  const setWallClock = (ms: number) => jest.useFakeTimers({ now: ms, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'setTimeout', 'setInterval'] });

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

  describe('cache of verified tokens', () => {
    /** A fresh verifier whose signature checks are counted. */
    function counted(options: { cacheSize?: number; cacheTtlMs?: number } = {}) {
      const v = new TokenVerifier({ issuer: 'test', audience: 'selvbook', publicKeyPem, ...options });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const checks = jest.spyOn(v as any, 'verifyJwt');
      return { v, checks };
    }

    it('checks the signature of a token once, then answers from the cache', async () => {
      const { v, checks } = counted();
      const token = await sign({ [CLAIMS.role]: 'caseworker', [CLAIMS.jobcenterCode]: '10101' }, { subject: 'cw-1' });
      for (let i = 0; i < 3; i++) await expect(v.verify(token)).resolves.toMatchObject({ subject: 'cw-1', role: 'caseworker', jobcenterCode: '10101' });
      expect(checks).toHaveBeenCalledTimes(1);
      expect(v.cachedTokens).toBe(1);
    });

    it('honours exp: an expired token is refused even though it was cached', async () => {
      const { v, checks } = counted();
      const exp = Math.floor(Date.now() / 1000) + 30;
      const token = await sign({ [CLAIMS.role]: 'system' }, { expires: exp });
      await expect(v.verify(token)).resolves.toMatchObject({ role: 'system' });
      setWallClock(exp * 1000);
      await expect(v.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
      expect(checks).toHaveBeenCalledTimes(2);
      expect(v.cachedTokens).toBe(0);
    });

    it('re-checks a token after cacheTtlMs, however late its exp', async () => {
      const { v, checks } = counted({ cacheTtlMs: 1000 });
      const token = await sign({ [CLAIMS.role]: 'system' });
      const now = Date.now();
      await v.verify(token);
      setWallClock(now + 1500);
      await v.verify(token);
      expect(checks).toHaveBeenCalledTimes(2);
    });

    it('never caches a refused token or one without exp', async () => {
      const { v, checks } = counted();
      const foreign = await sign({ [CLAIMS.role]: 'system' }, { issuer: 'evil' });
      await expect(v.verify(foreign)).rejects.toBeInstanceOf(InvalidTokenError);
      await expect(v.verify(foreign)).rejects.toBeInstanceOf(InvalidTokenError);
      const noExp = await sign({ [CLAIMS.role]: 'system' }, { expires: null });
      await v.verify(noExp);
      await v.verify(noExp);
      expect(checks).toHaveBeenCalledTimes(4);
      expect(v.cachedTokens).toBe(0);
    });

    it('is bounded: the least recently used token is forgotten first', async () => {
      const { v, checks } = counted({ cacheSize: 2 });
      const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((subject) => sign({ [CLAIMS.role]: 'system' }, { subject })));
      await v.verify(a);
      await v.verify(b);
      await v.verify(a); // a is now the most recently used
      await v.verify(c); // forgets b
      expect(v.cachedTokens).toBe(2);
      expect(checks).toHaveBeenCalledTimes(3);
      await v.verify(a);
      expect(checks).toHaveBeenCalledTimes(3);
      await v.verify(b);
      expect(checks).toHaveBeenCalledTimes(4);
    });

    it('hands out a copy: changing a returned principal does not change the cached one', async () => {
      const { v } = counted();
      const token = await sign({ [CLAIMS.role]: 'caseworker', [CLAIMS.jobcenterCode]: '10101' });
      const first = await v.verify(token);
      first.jobcenterCode = '99999';
      await expect(v.verify(token)).resolves.toMatchObject({ jobcenterCode: '10101' });
    });

    it('cacheSize 0 turns the cache off', async () => {
      const { v, checks } = counted({ cacheSize: 0 });
      const token = await sign({ [CLAIMS.role]: 'system' });
      await v.verify(token);
      await v.verify(token);
      expect(checks).toHaveBeenCalledTimes(2);
    });
  });
});
