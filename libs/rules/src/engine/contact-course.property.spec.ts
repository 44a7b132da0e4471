import fc from 'fast-check';
import {
  NATIONAL_CALENDAR,
  WorkingDayCalendar,
  daysInMonth,
  fromDayNumber,
  toDayNumber,
  ymdOf,
} from '@selvbook/calendar';
import { CitizenProfile, Exemption, HeldConversation } from '../model/citizen-profile';
import { CONTACT_GROUPS, ContactGroup } from '../model/contact-group';
import { ContactCourse } from '../model/contact-course';
import { PROFILE_PARAMETERS } from '../parameters';
import { calculateContactCourse } from './calculate-contact-course';

const TYPES = [4, 7, 10, 15, 17] as const;
const KINDS = ['EXEMPTION', 'WITHDRAWAL', 'LESS_INTENSIVE_EFFORT', 'SICKNESS', 'COURSE_AT_AKASSE'] as const;

interface Case {
  profile: CitizenProfile;
  now: string;
  anchor: number;
  nowDay: number;
}

/** A valid citizen: optional earlier group, held conversations and exemptions inside the course. */
function caseArb(
  minAnchor = '2016-04-27',
  maxAnchor = '2027-06-30',
  groups: readonly ContactGroup[] = CONTACT_GROUPS,
): fc.Arbitrary<Case> {
  return fc
    .record({
      group: fc.constantFrom(...groups),
      earlier: fc.option(
        fc.record({ group: fc.constantFrom(...CONTACT_GROUPS), daysBefore: fc.integer({ min: 1, max: 300 }) }),
      ),
      anchor: fc.integer({ min: toDayNumber(minAnchor), max: toDayNumber(maxAnchor) }),
      age: fc.integer({ min: 16, max: 66 }),
      elapsed: fc.integer({ min: 0, max: 700 }),
      partTime: fc.boolean(),
      held: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), type: fc.constantFrom(...TYPES) }), {
        maxLength: 10,
      }),
      exemptions: fc.array(
        fc.record({
          kind: fc.constantFrom(...KINDS),
          at: fc.integer({ min: -30, max: 500 }),
          length: fc.option(fc.integer({ min: 0, max: 200 })),
        }),
        { maxLength: 2 },
      ),
    })
    .map((r) => {
      const nowDay = r.anchor + r.elapsed;
      const history: { group: ContactGroup; from: string }[] = [];
      if (r.earlier && r.earlier.group !== r.group)
        history.push({ group: r.earlier.group, from: fromDayNumber(r.anchor - r.earlier.daysBefore) });
      history.push({ group: r.group, from: fromDayNumber(r.anchor) });
      const start = toDayNumber(history[0].from);
      // Only types the group allows on the day are registered at all [F:S25].
      const held: HeldConversation[] = r.held
        .map((h) => ({ type: h.type, day: start + Math.floor(h.at * (nowDay - start)) }))
        .filter((h) =>
          PROFILE_PARAMETERS.heldTypesByGroup.value[h.day < r.anchor ? history[0].group : r.group].includes(h.type),
        )
        .map((h) => ({ type: h.type, heldAt: fromDayNumber(h.day) }));
      const exemptions: Exemption[] = r.exemptions.map((e) => ({
        kind: e.kind,
        from: fromDayNumber(r.anchor + e.at),
        ...(e.length === null ? {} : { to: fromDayNumber(r.anchor + e.at + e.length) }),
      }));
      const profile: CitizenProfile = {
        citizenId: 'p',
        birthDate: fromDayNumber(r.anchor - Math.round(r.age * 365.25)),
        jobcenterCode: '10101',
        contactGroupHistory: history,
        insuredPartTime: r.partTime,
        heldConversations: held,
        exemptions,
      };
      return { profile, now: fromDayNumber(nowDay), anchor: r.anchor, nowDay };
    });
}

function pendingBySeries(c: ContactCourse): Record<string, string[]> {
  const out: Record<string, string[]> = { COURSE: [], AKASSE: [] };
  for (const x of c.conversations) if (x.status !== 'HELD') out[x.series].push(x.guidingDate);
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

describe('rules engine properties', () => {
  it('§4.5 [I]: guiding dates are working days in their window, never past the legal ceiling (window.to)', () => {
    const closing = fc.uniqueArray(fc.integer({ min: toDayNumber('2015-01-01'), max: toDayNumber('2030-12-31') }), {
      maxLength: 60,
    });
    fc.assert(
      fc.property(caseArb(), closing, ({ profile, now }, closingDays) => {
        const calendar = closingDays.length
          ? new WorkingDayCalendar(closingDays.map(fromDayNumber))
          : NATIONAL_CALENDAR;
        for (const x of calculateContactCourse(profile, now, { calendar }).conversations) {
          expect(calendar.isWorkingDay(x.guidingDate)).toBe(true);
          expect(calendar.isWorkingDay(x.window.to)).toBe(true);
          expect(x.guidingDate <= x.window.to).toBe(true);
          expect(x.window.from <= x.guidingDate).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('determinism: the same input gives the same output, and the input is not modified', () => {
    fc.assert(
      fc.property(caseArb(), ({ profile, now }) => {
        const frozen = deepFreeze(structuredClone(profile));
        expect(calculateContactCourse(frozen, now)).toEqual(calculateContactCourse(profile, now));
      }),
      { numRuns: 200 },
    );
  });

  it('§4 step 3 [F:S4,S10]: adding a held conversation never makes a later guiding date earlier', () => {
    fc.assert(
      fc.property(
        caseArb(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(...TYPES),
        ({ profile, now, anchor, nowDay }, at, type) => {
          const before = pendingBySeries(calculateContactCourse(profile, now));
          const extra = { type, heldAt: fromDayNumber(anchor + Math.floor(at * (nowDay - anchor))) };
          fc.pre(PROFILE_PARAMETERS.heldTypesByGroup.value[profile.contactGroupHistory.at(-1)!.group].includes(type));
          const after = pendingBySeries(
            calculateContactCourse(
              { ...profile, heldConversations: [...(profile.heldConversations ?? []), extra] },
              now,
            ),
          );
          for (const series of ['COURSE', 'AKASSE']) {
            expect(after[series].length).toBeLessThanOrEqual(before[series].length);
            after[series].forEach((date, i) => expect(date >= before[series][i]).toBe(true));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  // Anchors chosen so a slowed-down course stays inside one regime (reports cover 18 months at most).
  it.each([
    ['R2015', '2015-07-01', '2016-12-31', 0.5],
    ['R2020', '2020-01-01', '2021-06-30', 0.5],
    ['R2024', '2024-01-01', '2027-06-30', 0],
  ] as const)(
    '§4 step 1 [F:S4]: %s paid hours lower than the projection never move a date earlier',
    (_regime, from, to, minFraction) => {
      fc.assert(
        fc.property(
          caseArb(from, to, ['UNEMPLOYMENT_BENEFIT']),
          fc.array(fc.double({ min: minFraction, max: 1, noNaN: true }), { minLength: 1, maxLength: 18 }),
          ({ profile, now, anchor }, fractions) => {
            const base = {
              ...profile,
              contactGroupHistory: [profile.contactGroupHistory.at(-1)!],
              heldConversations: [],
            };
            const H = profile.insuredPartTime ? 130 : 160.33;
            const { year, month, day } = ymdOf(anchor);
            const paidHours = fractions.map((f, i) => {
              const y = year + Math.floor((month - 1 + i) / 12);
              const m = ((month - 1 + i) % 12) + 1;
              const share = i === 0 ? (daysInMonth(year, month) - day + 1) / daysInMonth(year, month) : 1;
              return { month: `${y}-${String(m).padStart(2, '0')}`, hours: f * H * share };
            });
            // Reports exist only for months that have begun: evaluate at the end of the last one reported, or later.
            const last = paidHours[paidHours.length - 1].month;
            const lastDay = `${last}-${String(daysInMonth(+last.slice(0, 4), +last.slice(5, 7))).padStart(2, '0')}`;
            const asOf = lastDay > now ? lastDay : now;
            const projected = calculateContactCourse(base, asOf);
            const reported = calculateContactCourse({ ...base, paidHours }, asOf);
            for (const series of ['COURSE', 'AKASSE'] as const) {
              const p = projected.conversations
                .filter((x) => x.series === series)
                .map((x) => x.guidingDate)
                .sort();
              const r = reported.conversations
                .filter((x) => x.series === series)
                .map((x) => x.guidingDate)
                .sort();
              expect(r).toHaveLength(p.length);
              r.forEach((date, i) => expect(date >= p[i]).toBe(true));
            }
            // The ordinary first-activation deadline is monotone too. (The final one need not be: exempt on the
            // deadline → 1 month after the exemption ends, while a later deadline just after it gets no grace.)
            const pa = projected.firstActivation?.ordinaryDeadline;
            const ra = reported.firstActivation?.ordinaryDeadline;
            if (pa && ra) expect(ra >= pa).toBe(true);
          },
        ),
        { numRuns: 200 },
      );
    },
  );
});
