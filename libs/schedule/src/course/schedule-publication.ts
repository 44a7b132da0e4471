import { createHash } from 'node:crypto';
import type { ScheduleCalculatedData } from '@selvbook/contracts';
import type { ContactCourse } from '@selvbook/rules';
import type { CourseState } from './course-state';

/** The part of a calculation that is published; `calculatedAt` is left out so the hash compares results. */
export type SchedulePublication = Omit<ScheduleCalculatedData, 'calculatedAt' | 'scheduleHash'>;

/**
 * The numbered course conversations (jobcenter, joint, and under R2024 the a-kasse's first three).
 * The a-kasse's own CV and availability conversations are booked in its own system [F:S8] and stay out.
 */
export function toPublication(state: CourseState, course: ContactCourse): SchedulePublication {
  return {
    citizenId: state.citizenId,
    jobcenterCode: state.jobcenterCode,
    ...(state.akasseId ? { akasseId: state.akasseId } : {}),
    regime: course.regime as ScheduleCalculatedData['regime'],
    contactGroup: course.contactGroup as ScheduleCalculatedData['contactGroup'],
    conversations: course.conversations
      .filter((c) => c.series === 'COURSE')
      .map((c) => ({
        number: c.number,
        type: c.type as number,
        heldBy: c.heldBy,
        guidingDate: c.guidingDate,
        windowFrom: c.window.from,
        windowTo: c.window.to,
        status: c.status,
        needsBookingDeadline: c.needsBookingDeadline,
        // Only when set, so the hash (and so the publication) of every other schedule is unchanged.
        ...(c.summonsReason ? { summonsReason: c.summonsReason } : {}),
      })) as ScheduleCalculatedData['conversations'],
    ...(course.firstActivation?.deadline ? { firstActivationDeadline: course.firstActivation.deadline } : {}),
    // The deadline service may read this before the citizen.exemption-granted behind a cleared needsBookingDeadline:
    // with the exemption here it closes the deadline with its absence code whichever arrives first (issue 23 item 6).
    ...(Object.keys(state.exemptions).length > 0 ? { exemptions: publishedExemptions(state) } : {}),
  };
}

/** Publish only when the result changed: equal hash, nothing new for the deadline service. */
export function scheduleHash(publication: SchedulePublication): string {
  return createHash('sha256').update(JSON.stringify(publication)).digest('hex').slice(0, 32);
}

function publishedExemptions(state: CourseState): NonNullable<SchedulePublication['exemptions']> {
  return Object.entries(state.exemptions)
    .map(([exemptionId, e]) => ({
      exemptionId,
      kind: e.kind as NonNullable<SchedulePublication['exemptions']>[number]['kind'],
      ...(e.absenceCode !== undefined ? { absenceCode: e.absenceCode } : {}),
      validFrom: e.from,
      ...(e.to ? { validTo: e.to } : {}),
    }))
    .sort((a, b) => a.validFrom.localeCompare(b.validFrom) || a.exemptionId.localeCompare(b.exemptionId));
}
