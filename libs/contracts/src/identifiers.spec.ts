import fc from 'fast-check';
import {
  isAkasseId,
  isCitizenId,
  isInstant,
  isJobcenterCode,
  isLocalDate,
  isTraceId,
  isYearMonth,
  LOCAL_DATE_PATTERN,
  looksLikeCpr,
  newTraceId,
} from './identifiers';
import { withSafeTraceIds } from './envelope';

describe('local dates (YYYY-MM-DD)', () => {
  it.each(['2024-02-29', '2023-12-31', '2000-02-29'])('accepts %s', (d) => expect(isLocalDate(d)).toBe(true));
  it.each([
    '2023-02-29',
    '1900-02-29',
    '2024-13-01',
    '2024-04-31',
    '2024-1-01',
    '20240101',
    '2024-01-01T00:00:00Z',
    '',
    20240101,
  ])('refuses %p', (d) => expect(isLocalDate(d)).toBe(false));
});

describe('instants (RFC 3339 with offset)', () => {
  it.each([
    '2024-03-31T01:30:00Z',
    '2024-03-31T03:30:00+02:00',
    '2024-10-27T02:30:00.123456789+01:00',
    '2024-01-01t00:00:00z',
  ])('accepts %s', (d) => expect(isInstant(d)).toBe(true));
  it.each([
    '2024-03-31T01:30:00', // no offset: ambiguous around DST
    '2024-03-31',
    '2024-03-31T24:00:00Z',
    '2024-03-31T12:60:00Z',
    '2024-02-30T12:00:00Z',
    '2024-03-31T12:00Z',
    '2024-03-31T12:00:00+0200',
    'yesterday',
    1711848600000,
  ])('refuses %p', (d) => expect(isInstant(d)).toBe(false));
});

describe('identifiers', () => {
  it('a citizenId is a uuid and never a CPR number', () => {
    expect(isCitizenId('6f1c2b9e-4d3a-4e8b-9a7c-1b2d3e4f5a60')).toBe(true);
    expect(isCitizenId('010190-1234')).toBe(false);
    expect(isCitizenId('0101901234')).toBe(false);
  });

  it('jobcenterCode is a 3-digit municipality + 2-digit sub-unit', () => {
    expect(isJobcenterCode('10101')).toBe(true);
    expect(isJobcenterCode('1010')).toBe(false);
    expect(isJobcenterCode('101011')).toBe(false);
    expect(isJobcenterCode('00101')).toBe(false);
  });

  it('akasseId is a slug that cannot be a CPR number', () => {
    expect(isAkasseId('3f')).toBe(true);
    expect(isAkasseId('ma-kasse')).toBe(true);
    expect(isAkasseId('010190-1234')).toBe(false);
    expect(isAkasseId('-x')).toBe(false);
    expect(isAkasseId('Ca')).toBe(false);
    expect(isAkasseId('a'.repeat(41))).toBe(false);
  });

  it('month is YYYY-MM', () => {
    expect(isYearMonth('2024-03')).toBe(true);
    expect(isYearMonth('2024-13')).toBe(false);
    expect(isYearMonth('2024-3')).toBe(false);
  });
});

describe('looksLikeCpr', () => {
  it.each(['010190-1234', '0101901234', 'cpr 311299-4321 here'])('finds %s', (s) => expect(looksLikeCpr(s)).toBe(true));
  it.each([
    '+4512345678', // phone: day 45 does not exist
    '6f1c2b9e-4d3a-4e8b-9a7c-1b2d3e4f5a60',
    '123456789012', // longer digit run
    '2024-05-30',
    'Kalvebod Brygge 45, 1560 København V',
  ])('ignores %s', (s) => expect(looksLikeCpr(s)).toBe(false));
});

describe('isLocalDate agrees with its pattern and the calendar', () => {
  it('for any ten-character string and any real or unreal date', () => {
    const reference = (v: string) => {
      const m = LOCAL_DATE_PATTERN.exec(v);
      if (!m) return false;
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const date = new Date(0);
      date.setUTCFullYear(y, mo - 1, d); // (Date.UTC maps years 0–99 to 1900–1999)
      return (
        y >= 1900 &&
        y <= 2199 &&
        mo >= 1 &&
        mo <= 12 &&
        d >= 1 &&
        date.getUTCFullYear() === y &&
        date.getUTCMonth() === mo - 1 &&
        date.getUTCDate() === d
      );
    };
    const dateLike = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.oneof(dateLike, fc.string({ minLength: 10, maxLength: 10 }), fc.string()),
        (v) => isLocalDate(v) === reference(v),
      ),
      { numRuns: 5000 },
    );
  });
});

describe('defect 6: dates and instants are bounded to the years 1900–2199 (REST boundary and events alike)', () => {
  it.each(['9999-01-01', '1899-12-31', '2200-01-01', '0001-01-01'])('refuses the date %s', (d) =>
    expect(isLocalDate(d)).toBe(false),
  );
  it.each(['9999-01-01T00:00:00Z', '0001-01-01T00:00:00Z'])('refuses the instant %s', (d) =>
    expect(isInstant(d)).toBe(false),
  );
  it.each(['9999-01', '1899-12'])('refuses the month %s', (d) => expect(isYearMonth(d)).toBe(false));
  it.each(['1900-01-01', '2199-12-31'])('accepts the date %s', (d) => expect(isLocalDate(d)).toBe(true));
});

describe('trace ids (correlation and causation)', () => {
  it('defect 1/3: newTraceId never draws a CPR-shaped id (property)', () => {
    for (let i = 0; i < 20_000; i++) expect(isTraceId(newTraceId())).toBe(true);
  });

  it.each([
    'req-4711',
    'jc-4711',
    '0101801001',
    'aa010180-1001-4aaa-8aaa-aaaaaaaaaaaa',
    'abcdef0101801001abcdefabcdefabcd',
    '',
    42,
  ])('refuses %p', (id) => expect(isTraceId(id)).toBe(false));
});

describe('withSafeTraceIds (what a consumer does before validating an incoming envelope)', () => {
  it('defect 1: replaces a free-text correlation id by a new one and drops a bad causation id', () => {
    const { envelope, replaced } = withSafeTraceIds({ id: 'x', correlationId: 'jc-4711', causationId: 'req-1' });
    expect(envelope).toMatchObject({ id: 'x', causationId: null });
    expect(isTraceId((envelope as { correlationId: string }).correlationId)).toBe(true);
    expect(replaced).toEqual({ correlationId: '"jc-4711"', causationId: '"req-1"' });
  });

  it('defect 3: never repeats a CPR-shaped id, not even in what it reports for the debug log', () => {
    const { envelope, replaced } = withSafeTraceIds({ correlationId: '0101801001' });
    expect(JSON.stringify({ envelope, replaced })).not.toMatch(/0101801001/);
  });

  it('leaves safe ids (and the object) as they are', () => {
    const raw = { correlationId: '4bf92f3577b34da6a3ce929d0e0e4736', causationId: null };
    expect(withSafeTraceIds(raw)).toEqual({ envelope: raw });
    expect(withSafeTraceIds(raw).envelope).toBe(raw);
  });
});
