import { expandWeeklyTemplate } from './slot-template';

const iso = (d: Date) => d.toISOString();

describe('expandWeeklyTemplate', () => {
  const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday: weekday as 1, opens: '09:00', closes: '10:30' }));

  it.each([
    {
      title: 'the March switch (08:00Z before, 07:00Z after); meetings last 45 real minutes',
      slotMinutes: 45,
      range: { from: '2026-03-28', to: '2026-03-30' },
      starts: [
        '2026-03-28T08:00:00.000Z',
        '2026-03-28T08:45:00.000Z',
        '2026-03-29T07:00:00.000Z',
        '2026-03-29T07:45:00.000Z',
        '2026-03-30T07:00:00.000Z',
        '2026-03-30T07:45:00.000Z',
      ],
    },
    {
      title: 'the October switch (07:00Z before, 08:00Z after)',
      slotMinutes: 90,
      range: { from: '2026-10-24', to: '2026-10-26' },
      starts: ['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z', '2026-10-26T08:00:00.000Z'],
    },
  ])('keeps 09:00 local across $title', ({ slotMinutes, range, starts }) => {
    const slots = expandWeeklyTemplate({ periods: everyDay, slotMinutes }, range);
    expect(slots.map((s) => iso(s.startsAt))).toEqual(starts);
    expect(slots.every((s) => s.endsAt.getTime() - s.startsAt.getTime() === slotMinutes * 60_000)).toBe(true);
  });

  it('a night template skips the non-existent hour in March and does not double the repeated hour in October', () => {
    const night = [{ weekday: 7 as const, opens: '01:00', closes: '04:00' }];
    const march = expandWeeklyTemplate({ periods: night, slotMinutes: 60 }, { from: '2026-03-29', to: '2026-03-29' });
    // 01:00 CET, 03:00 CEST
    expect(march.map((s) => iso(s.startsAt))).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
    const october = expandWeeklyTemplate({ periods: night, slotMinutes: 60 }, { from: '2026-10-25', to: '2026-10-25' });
    expect(october.map((s) => iso(s.startsAt))).toEqual([
      '2026-10-24T23:00:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
    expect(new Set(october.map((s) => s.startsAt.getTime())).size).toBe(october.length);
  });

  it('skips holidays (Easter 2026: Maundy Thursday 2, Good Friday 3, Easter Monday 6 April), closing days', () => {
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as 1, opens: '09:00', closes: '09:45' }));
    const slots = expandWeeklyTemplate(
      { periods: weekdays, slotMinutes: 45 },
      { from: '2026-03-30', to: '2026-04-10', closingDays: ['2026-04-08'] },
    );
    expect(slots.map((s) => s.date)).toEqual([
      '2026-03-30',
      '2026-03-31',
      '2026-04-01',
      '2026-04-07',
      '2026-04-09',
      '2026-04-10',
    ]);
  });

  it('skips Constitution Day only as a local closing day, and 24 December likewise; Christmas Day always', () => {
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as 1, opens: '09:00', closes: '09:45' }));
    const open = expandWeeklyTemplate({ periods: weekdays, slotMinutes: 45 }, { from: '2026-06-05', to: '2026-06-05' });
    expect(open).toHaveLength(1);
    const closed = expandWeeklyTemplate(
      { periods: weekdays, slotMinutes: 45 },
      { from: '2026-06-05', to: '2026-06-05', closingDays: ['2026-06-05'] },
    );
    expect(closed).toHaveLength(0);
    expect(
      expandWeeklyTemplate(
        { periods: weekdays, slotMinutes: 45 },
        { from: '2026-12-24', to: '2026-12-25', closingDays: ['2026-12-24'] },
      ),
    ).toHaveLength(0);
  });

  it('applies the gap between meetings and refuses nonsense', () => {
    const slots = expandWeeklyTemplate(
      { periods: [{ weekday: 1, opens: '09:00', closes: '12:00' }], slotMinutes: 45, gapMinutes: 15 },
      { from: '2026-03-30', to: '2026-03-30' },
    );
    expect(slots).toHaveLength(3);
    expect(() =>
      expandWeeklyTemplate(
        { periods: [{ weekday: 1, opens: '12:00', closes: '09:00' }], slotMinutes: 45 },
        { from: '2026-03-30', to: '2026-03-30' },
      ),
    ).toThrow(/closes/);
    expect(() =>
      expandWeeklyTemplate(
        { periods: [{ weekday: 1, opens: '9', closes: '12:00' }], slotMinutes: 45 },
        { from: '2026-03-30', to: '2026-03-30' },
      ),
    ).toThrow(/HH:MM/);
    expect(() =>
      expandWeeklyTemplate({ periods: [], slotMinutes: 45 }, { from: '2026-01-01', to: '2028-01-01' }),
    ).toThrow(/at most/);
  });
});
