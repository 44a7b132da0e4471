import { isoOfTimestamptz } from './iso-instants';

describe('isoOfTimestamptz', () => {
  it.each([
    ['2026-03-30 07:00:00+00', '2026-03-30T07:00:00.000Z'],
    ['2026-03-30 09:00:00+02', '2026-03-30T07:00:00.000Z'],
    ['2026-12-16 08:00:00.123456+01', '2026-12-16T07:00:00.123Z'],
    ['2026-03-30 12:30:00+05:30', '2026-03-30T07:00:00.000Z'],
    ['2026-03-30 07:00:00.5+00', '2026-03-30T07:00:00.500Z'],
  ])('%s is %s', (text, iso) => {
    expect(isoOfTimestamptz(text)).toBe(iso);
    expect(isoOfTimestamptz(text)).toBe(new Date(Date.parse(iso)).toISOString());
  });

  it('refuses what is not an instant', () => {
    expect(() => isoOfTimestamptz('infinity')).toThrow('unexpected instant');
  });
});
