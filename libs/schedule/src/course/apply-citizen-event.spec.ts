import { applyCitizenEvent, CitizenEventData, CourseEventRejected } from './apply-citizen-event';
import { createEvent, ScheduleCalculatedEvent } from '@selvbook/contracts';
import { calculateCourse } from './calculate-course';
import { toProfile, type CourseState } from './course-state';

const citizenId = '6f1c1f5e-8f0a-4f57-9a53-1d2f3e4a5b6c';
const base = { citizenId, jobcenterCode: '10101', akasseId: 'akasse-a' };

/** The data of a registration on `anchorDate` (applyEvent adds the citizen's ids). */
function registration(contactGroup: string, anchorDate: string): object {
  return {
    contactGroup,
    birthDate: '1985-05-05',
    registeredAt: `${anchorDate}T08:00:00Z`,
    anchorDate,
    contact: { digitalPostEnabled: true, language: 'da' },
  };
}

function registered(contactGroup: string, anchorDate: string): CourseState {
  return applyEvent(undefined, 'citizen.registered', registration(contactGroup, anchorDate));
}

/** Applies an event about this citizen (its ids spread in); tests give only the fields that matter. */
function applyEvent(state: CourseState | undefined, type: keyof CitizenEventData, data: object): CourseState {
  return applyCitizenEvent(state, type, { ...base, ...data } as never);
}

describe('applyCitizenEvent', () => {
  it('RULES §4 [F:S4]: a dagpenge registration anchors the cumulative clock at the first dagpenge day', () => {
    const state = registered('UNEMPLOYMENT_BENEFIT', '2026-09-01');
    expect(state.anchors).toEqual({ firstUnemploymentBenefitDay: '2026-09-01' });
    expect(state.contactGroupHistory).toEqual([{ group: 'UNEMPLOYMENT_BENEFIT', from: '2026-09-01' }]);
  });

  it('RULES §8.7 [F:S16 §9]: re-registering keeps the dagpenge clock (earliest anchor), ends deregistration', () => {
    let state = registered('UNEMPLOYMENT_BENEFIT', '2026-03-02');
    state = applyEvent(state, 'citizen.deregistered', { reason: 'JOB', deregisteredFrom: '2026-05-01' });
    expect(state.deregisteredFrom).toBe('2026-05-01');
    state = applyEvent(state, 'citizen.registered', registration('UNEMPLOYMENT_BENEFIT', '2026-09-01'));
    expect(state.anchors.firstUnemploymentBenefitDay).toBe('2026-03-02');
    expect(state.deregisteredFrom).toBeUndefined();
  });

  it('RULES §4 [F:S16 §9]: kontanthjælp anchors at the first request for help; group changes are dated', () => {
    let state = registered('SOCIAL_ASSISTANCE_JOB_READY', '2026-01-05');
    expect(state.anchors).toEqual({ firstRequestForHelp: '2026-01-05' });
    state = applyEvent(state, 'citizen.contact-group-changed', {
      previousContactGroup: 'SOCIAL_ASSISTANCE_JOB_READY',
      contactGroup: 'UNEMPLOYMENT_BENEFIT',
      effectiveFrom: '2026-04-01',
      anchorDate: '2026-04-01',
    });
    expect(state.contactGroupHistory.map((p) => p.group)).toEqual([
      'SOCIAL_ASSISTANCE_JOB_READY',
      'UNEMPLOYMENT_BENEFIT',
    ]);
    expect(state.anchors.firstUnemploymentBenefitDay).toBe('2026-04-01');
  });

  it('[F:S4]: a later paid-hours report for the same month replaces the earlier one', () => {
    let state = registered('UNEMPLOYMENT_BENEFIT', '2026-09-01');
    state = applyEvent(state, 'citizen.paid-hours-reported', { month: '2026-09', hours: 100 });
    state = applyEvent(state, 'citizen.paid-hours-reported', { month: '2026-09', hours: 120 });
    expect(state.paidHours).toEqual([{ month: '2026-09', hours: 120 }]);
  });

  it('[F:S25]: the same conversation type at the same time is recorded once, in the group of that day', () => {
    let state = registered('UNEMPLOYMENT_BENEFIT', '2026-09-01');
    const held = { ...base, conversationType: 7, heldAt: '2026-09-20T09:00:00Z', heldBy: 'JOBCENTER' } as never;
    state = applyCitizenEvent(state, 'citizen.conversation-held', held);
    state = applyCitizenEvent(state, 'citizen.conversation-held', held);
    expect(state.heldConversations).toEqual([{ type: 7, heldAt: '2026-09-20', group: 'UNEMPLOYMENT_BENEFIT' }]);
  });

  it('[F:S17, F:S23] the published schedule carries its exemptions (with absence code), valid by the contract', () => {
    let state = registered('UNEMPLOYMENT_BENEFIT', '2026-03-02');
    const exemptionId = 'a1b2c3d4-0000-4000-8000-000000000009';
    state = applyEvent(state, 'citizen.exemption-granted', {
      exemptionId,
      kind: 'EXEMPTION',
      absenceCode: 56,
      validFrom: '2026-06-01',
    });
    const calculated = calculateCourse(state, '2026-06-02');
    if (calculated.kind !== 'calculated') throw new Error(calculated.kind);
    expect(calculated.publication.exemptions).toEqual([
      { exemptionId, kind: 'EXEMPTION', absenceCode: 56, validFrom: '2026-06-01' },
    ]);
    const event = { ...calculated.publication, calculatedAt: '2026-06-02T06:00:00Z', scheduleHash: calculated.hash };
    expect(() =>
      createEvent(ScheduleCalculatedEvent, event as never, { subject: citizenId, source: 'schedule-service' }),
    ).not.toThrow();
    // the rules engine's input is unchanged by it
    expect(toProfile(state).exemptions).toEqual([{ kind: 'EXEMPTION', from: '2026-06-01' }]);
  });

  it('an ended exemption gets its last day; ending one never granted is refused', () => {
    let state = registered('UNEMPLOYMENT_BENEFIT', '2026-09-01');
    state = applyEvent(state, 'citizen.exemption-granted', {
      exemptionId: 'a1b2c3d4-0000-4000-8000-000000000001',
      kind: 'SICKNESS',
      validFrom: '2026-10-01',
    });
    state = applyEvent(state, 'citizen.exemption-ended', {
      exemptionId: 'a1b2c3d4-0000-4000-8000-000000000001',
      kind: 'SICKNESS',
      endedOn: '2026-10-15',
    });
    expect(Object.values(state.exemptions)).toEqual([{ kind: 'SICKNESS', from: '2026-10-01', to: '2026-10-14' }]);
    expect(() =>
      applyEvent(state, 'citizen.exemption-ended', {
        exemptionId: 'a1b2c3d4-0000-4000-8000-000000000002',
        kind: 'SICKNESS',
        endedOn: '2026-10-15',
      }),
    ).toThrow(CourseEventRejected);
  });

  it('refuses any event but registration for an unknown citizen', () => {
    expect(() => applyEvent(undefined, 'citizen.paid-hours-reported', { month: '2026-09', hours: 1 })).toThrow(
      /never registered/,
    );
  });
});
