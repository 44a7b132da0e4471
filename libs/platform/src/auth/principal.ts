/** Who is asking. Every endpoint checks it; a citizen is known only by the pseudonymous citizenId. */
export type Role = 'citizen' | 'caseworker' | 'akasse' | 'system';

export const ROLES: readonly Role[] = ['citizen', 'caseworker', 'akasse', 'system'];

export interface Principal {
  /** Token subject: the person or system acting (used in audit logs). */
  subject: string;
  role: Role;
  /** role citizen: the citizen themself */
  citizenId?: string;
  /** role caseworker: the jobcenter they act for */
  jobcenterCode?: string;
  /** role akasse: the a-kasse they act for */
  akasseId?: string;
}

/** Token claims carrying the principal (namespaced, as a real identity provider would issue them). */
export const CLAIMS = {
  role: 'selvbook:role',
  citizenId: 'selvbook:citizenId',
  jobcenterCode: 'selvbook:jobcenterCode',
  akasseId: 'selvbook:akasseId',
} as const;
