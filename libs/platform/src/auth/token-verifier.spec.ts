import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { CLAIMS } from './principal';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

describe('TokenVerifier', () => {
  let verifier: TokenVerifier;
  let sign: (
    claims: Record<string, unknown>,
    options?: { issuer?: string; subject?: string; expires?: string | number | null; issuedAt?: number },
  ) => Promise<string>;
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
      if (options.issuedAt !== undefined) jwt.setIssuedAt(options.issuedAt);
      return jwt.sign(privateKey);
    };
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  /** Moves the wall clock (Date and Date.now, which jose and the cache read) to `ms`. */
  const setWallClock = (ms: number) =>
    jest.useFakeTimers({
      now: ms,
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'setTimeout', 'setInterval'],
    });

  it('turns claims into a principal', async () => {
    const token = await sign({ [CLAIMS.role]: 'caseworker', [CLAIMS.jobcenterCode]: '10101' }, { subject: 'cw-1' });
    await expect(verifier.verify(token)).resolves.toMatchObject({
      subject: 'cw-1',
      role: 'caseworker',
      jobcenterCode: '10101',
    });
  });

  it.each([
    ['a citizen token without citizenId', { [CLAIMS.role]: 'citizen' }, /citizenId/],
    ['a caseworker token without jobcenter', { [CLAIMS.role]: 'caseworker' }, /jobcenterCode/],
    ['an unknown role', { [CLAIMS.role]: 'admin' }, /role/],
  ])('rejects %s', async (_, claims, reason) => {
    await expect(verifier.verify(await sign(claims))).rejects.toThrow(reason);
  });

  const citizenId = '6f1c2b9e-0000-4e8b-9a7c-1b2d3e4f5a60';
  it.each([
    [
      'a citizenId that is a CPR number',
      { [CLAIMS.role]: 'citizen', [CLAIMS.citizenId]: '0101801010' },
      /citizenId must be a pseudonymous citizenId \(uuid\)/,
    ],
    ['a citizenId that is not a string', { [CLAIMS.role]: 'citizen', [CLAIMS.citizenId]: 42 }, /citizenId must be/],
    [
      'a jobcenter code of 4 digits',
      { [CLAIMS.role]: 'caseworker', [CLAIMS.jobcenterCode]: '1010' },
      /5-digit jobcenter code/,
    ],
    [
      'a jobcenter code with a NUL',
      { [CLAIMS.role]: 'caseworker', [CLAIMS.jobcenterCode]: '10101\u0000' },
      /5-digit jobcenter code/,
    ],
    ['an a-kasse id with a slash', { [CLAIMS.role]: 'akasse', [CLAIMS.akasseId]: '3f/../ca' }, /a-kasse id/],
  ])('defect 4: rejects a token whose claims are not shaped as the system uses them: %s', async (_, claims, reason) => {
    await expect(verifier.verify(await sign(claims))).rejects.toThrow(reason);
    await expect(verifier.verify(await sign(claims))).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('defect 4: rejects a CPR number or control characters as subject (written to audit rows and logs)', async () => {
    await expect(verifier.verify(await sign({ [CLAIMS.role]: 'system' }, { subject: '010180-1010' }))).rejects.toThrow(
      /subject/,
    );
    await expect(verifier.verify(await sign({ [CLAIMS.role]: 'system' }, { subject: 'a\nb' }))).rejects.toThrow(
      /subject/,
    );
  });

  it("takes only the claim of the token's role (a citizen token naming a jobcenter acts for none)", async () => {
    const principal = await verifier.verify(
      await sign({ [CLAIMS.role]: 'citizen', [CLAIMS.citizenId]: citizenId, [CLAIMS.jobcenterCode]: '10101' }),
    );
    expect(principal).toEqual({ subject: 'someone', role: 'citizen', citizenId });
  });

  describe('defect 7: token lifetime', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const citizen = { [CLAIMS.role]: 'citizen', [CLAIMS.citizenId]: citizenId };

    it('requires exp', async () => {
      await expect(verifier.verify(await sign(citizen, { expires: null }))).rejects.toThrow(/exp/);
    });

    it('refuses a token living longer than its role may (default 1 h citizen, 12 h staff), iat or not', async () => {
      await expect(verifier.verify(await sign(citizen, { expires: now() + 10 * 365 * 86_400 }))).rejects.toThrow(
        /at most 3600 s/,
      );
      await expect(verifier.verify(await sign(citizen, { issuedAt: now(), expires: now() + 3601 }))).rejects.toThrow(
        /at most 3600 s/,
      );
      await expect(
        verifier.verify(await sign(citizen, { issuedAt: now(), expires: now() + 3600 })),
      ).resolves.toMatchObject({ citizenId });
      const staff = { [CLAIMS.role]: 'caseworker', [CLAIMS.jobcenterCode]: '10101' };
      await expect(
        verifier.verify(await sign(staff, { issuedAt: now(), expires: now() + 8 * 3600 })),
      ).resolves.toMatchObject({ role: 'caseworker' });
      await expect(verifier.verify(await sign(staff, { issuedAt: now(), expires: now() + 13 * 3600 }))).rejects.toThrow(
        /at most 43200 s/,
      );
    });

    it('the maximum is configurable per role', async () => {
      const strict = new TokenVerifier({
        issuer: 'test',
        audience: 'selvbook',
        publicKeyPem,
        maxLifetimeSeconds: { citizen: 600 },
      });
      await expect(strict.verify(await sign(citizen, { issuedAt: now(), expires: now() + 900 }))).rejects.toThrow(
        /at most 600 s/,
      );
    });

    it('refuses iat in the future beyond the clock tolerance (30 s); tolerates that skew on exp and iat', async () => {
      await expect(
        verifier.verify(await sign(citizen, { issuedAt: now() + 120, expires: now() + 1800 })),
      ).rejects.toThrow(/iat is in the future/);
      await expect(
        verifier.verify(await sign(citizen, { issuedAt: now() + 20, expires: now() + 1800 })),
      ).resolves.toMatchObject({ citizenId });
      await expect(
        verifier.verify(await sign(citizen, { issuedAt: now() - 600, expires: now() - 20 })),
      ).resolves.toMatchObject({ citizenId });
      await expect(
        verifier.verify(await sign(citizen, { issuedAt: now() - 600, expires: now() - 60 })),
      ).rejects.toThrow(/exp/);
    });
  });

  it('rejects a token from another issuer, and garbage', async () => {
    await expect(verifier.verify(await sign({ [CLAIMS.role]: 'system' }, { issuer: 'evil' }))).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
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
      for (let i = 0; i < 3; i++)
        await expect(v.verify(token)).resolves.toMatchObject({
          subject: 'cw-1',
          role: 'caseworker',
          jobcenterCode: '10101',
        });
      expect(checks).toHaveBeenCalledTimes(1);
      expect(v.cachedTokens).toBe(1);
    });

    it('honours exp: an expired token is refused even though it was cached', async () => {
      const { v, checks } = counted();
      const exp = Math.floor(Date.now() / 1000) + 30;
      const token = await sign({ [CLAIMS.role]: 'system' }, { expires: exp });
      await expect(v.verify(token)).resolves.toMatchObject({ role: 'system' });
      setWallClock((exp + 31) * 1000); // past exp and the 30 s clock tolerance
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

    it('never caches a refused token (one without exp is refused: defect 7)', async () => {
      const { v, checks } = counted();
      const foreign = await sign({ [CLAIMS.role]: 'system' }, { issuer: 'evil' });
      await expect(v.verify(foreign)).rejects.toBeInstanceOf(InvalidTokenError);
      await expect(v.verify(foreign)).rejects.toBeInstanceOf(InvalidTokenError);
      const noExp = await sign({ [CLAIMS.role]: 'system' }, { expires: null });
      await expect(v.verify(noExp)).rejects.toBeInstanceOf(InvalidTokenError);
      await expect(v.verify(noExp)).rejects.toBeInstanceOf(InvalidTokenError);
      expect(checks).toHaveBeenCalledTimes(4);
      expect(v.cachedTokens).toBe(0);
    });

    it('is bounded: the least recently used token is forgotten first', async () => {
      const { v, checks } = counted({ cacheSize: 2 });
      const [a, b, c] = await Promise.all(
        ['a', 'b', 'c'].map((subject) => sign({ [CLAIMS.role]: 'system' }, { subject })),
      );
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
