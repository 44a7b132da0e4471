import { ActorRole } from '@selvbook/contracts';
import { DomainProblem, Principal } from '@selvbook/platform';

export type OrgKind = 'JOBCENTER' | 'AKASSE';

export function actorRoleOf(principal: Principal): ActorRole {
  switch (principal.role) {
    case 'citizen':
      return ActorRole.CITIZEN;
    case 'caseworker':
      return ActorRole.CASEWORKER;
    case 'akasse':
      return ActorRole.AKASSE_CASEWORKER;
    default:
      return ActorRole.SYSTEM;
  }
}

/**
 * Who acted, as one key: role, the organisation (or citizen) acted for, and the token subject. Idempotency
 * records and reservations belong to this actor, not to the subject alone: an identity provider's subjects are
 * unique per issuer at best, and two organisations' tokens with the same subject are still two actors — a
 * replayed key or a reservation id must never reach across organisations.
 */
export function actorKey(principal: Principal): string {
  const actingFor = principal.citizenId ?? principal.jobcenterCode ?? principal.akasseId ?? '';
  return `${principal.role}:${actingFor}:${principal.subject}`;
}

/** The organisation a staff principal acts for; system may name one. */
export function organisationOf(
  principal: Principal,
  requested?: { kind?: OrgKind; code?: string },
): { kind: OrgKind; code: string } {
  if (principal.role === 'caseworker') {
    if (requested?.code && (requested.kind !== 'JOBCENTER' || requested.code !== principal.jobcenterCode)) {
      throw new DomainProblem(403, 'a caseworker acts only for their own jobcenter', 'forbidden-organisation');
    }
    return { kind: 'JOBCENTER', code: principal.jobcenterCode! };
  }
  if (principal.role === 'akasse') {
    if (requested?.code && (requested.kind !== 'AKASSE' || requested.code !== principal.akasseId)) {
      throw new DomainProblem(403, 'an a-kasse acts only for itself', 'forbidden-organisation');
    }
    return { kind: 'AKASSE', code: principal.akasseId! };
  }
  if (principal.role === 'system' && requested?.kind && requested.code)
    return { kind: requested.kind, code: requested.code };
  if (principal.role === 'system')
    throw new DomainProblem(
      400,
      'system callers must name the organisation (orgKind, orgCode)',
      'organisation-required',
    );
  throw new DomainProblem(403, 'citizens do not manage calendars', 'forbidden');
}

/** Does the calendar belong to this principal's own organisation (the system owns every calendar)? */
export function ownsCalendar(principal: Principal, calendar: { org_kind: string; org_code: string }): boolean {
  return (
    principal.role === 'system' ||
    (principal.role === 'caseworker' &&
      calendar.org_kind === 'JOBCENTER' &&
      calendar.org_code === principal.jobcenterCode) ||
    (principal.role === 'akasse' && calendar.org_kind === 'AKASSE' && calendar.org_code === principal.akasseId)
  );
}

/** May this staff principal manage a slot (calendar) owned by the organisation? Joint slots: both participants. */
export function mayManageSlot(
  principal: Principal,
  slot: { org_kind: string; org_code: string; jobcenter_code: string | null; akasse_id: string | null; joint: boolean },
): boolean {
  if (principal.role === 'system') return true;
  if (principal.role === 'caseworker') {
    return (
      (slot.org_kind === 'JOBCENTER' && slot.org_code === principal.jobcenterCode) ||
      (slot.joint && slot.jobcenter_code === principal.jobcenterCode)
    );
  }
  if (principal.role === 'akasse') {
    return (
      (slot.org_kind === 'AKASSE' && slot.org_code === principal.akasseId) ||
      (slot.joint && slot.akasse_id === principal.akasseId)
    );
  }
  return false;
}

export function assertMayManageSlot(principal: Principal, slot: Parameters<typeof mayManageSlot>[1]): void {
  if (!mayManageSlot(principal, slot)) {
    throw new DomainProblem(403, 'this calendar belongs to another organisation', 'forbidden-organisation');
  }
}
