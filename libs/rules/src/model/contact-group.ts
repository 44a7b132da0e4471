/**
 * Contact groups (kontaktgrupper), RULES §2 [F:S17,S27]. Wire values equal `@selvbook/contracts`'
 * `ContactGroup` enum, so its values can be passed to the engine unchanged (a domain lib may not
 * import contracts, so the list is repeated here as a plain union).
 */
export const CONTACT_GROUPS = [
  'UNEMPLOYMENT_BENEFIT', // 1 dagpengemodtagere (insured unemployed)
  'SOCIAL_ASSISTANCE_JOB_READY', // 2 jobparate kontanthjælpsmodtagere
  'SOCIAL_ASSISTANCE_ACTIVITY_READY', // 3 aktivitetsparate kontanthjælpsmodtagere
  'EDUCATION_READY', // 4 uddannelsesparate (under 30)
  'EDUCATION_ASSISTANCE_ACTIVITY_READY', // 5 aktivitetsparate uddannelseshjælpsmodtagere
  'SICKNESS_BENEFIT', // 6 sygedagpengemodtagere
  'JOB_CLARIFICATION_COURSE', // 7 jobafklaringsforløb
  'RESOURCE_COURSE', // 8 ressourceforløb
  'FLEX_JOB_BENEFIT', // 9 ledighedsydelse
  'REHABILITATION', // 10 revalidering
  'OTHER', // 11 others: voluntary booking only
] as const;

export type ContactGroup = (typeof CONTACT_GROUPS)[number];

const KNOWN = new Set<string>(CONTACT_GROUPS);

export function isContactGroup(value: unknown): value is ContactGroup {
  return typeof value === 'string' && KNOWN.has(value);
}

/** Målgruppe number (LAB § 6) of each contact group. */
export const TARGET_GROUP: Readonly<Record<ContactGroup, number>> = {
  UNEMPLOYMENT_BENEFIT: 1,
  SOCIAL_ASSISTANCE_JOB_READY: 2,
  SOCIAL_ASSISTANCE_ACTIVITY_READY: 3,
  EDUCATION_READY: 4,
  EDUCATION_ASSISTANCE_ACTIVITY_READY: 5,
  SICKNESS_BENEFIT: 6,
  JOB_CLARIFICATION_COURSE: 7,
  RESOURCE_COURSE: 8,
  FLEX_JOB_BENEFIT: 9,
  REHABILITATION: 10,
  OTHER: 11,
};

/** Ydelse: the benefit behind a group. A change of benefit restarts a non-dagpenge course [F:S16 §9]. */
export type Benefit =
  | 'UNEMPLOYMENT_BENEFIT'
  | 'SOCIAL_ASSISTANCE'
  | 'EDUCATION_ASSISTANCE'
  | 'SICKNESS_BENEFIT'
  | 'JOB_CLARIFICATION'
  | 'RESOURCE_COURSE'
  | 'FLEX_JOB_BENEFIT'
  | 'REHABILITATION'
  | 'OTHER';

/**
 * Job-ready ↔ activity-ready is a change of category, not of benefit, so it does not restart the
 * course [I]; education assistance → social assistance does ("UH→KH starts a new period") [F:S16 §9].
 */
export const BENEFIT_OF: Readonly<Record<ContactGroup, Benefit>> = {
  UNEMPLOYMENT_BENEFIT: 'UNEMPLOYMENT_BENEFIT',
  SOCIAL_ASSISTANCE_JOB_READY: 'SOCIAL_ASSISTANCE',
  SOCIAL_ASSISTANCE_ACTIVITY_READY: 'SOCIAL_ASSISTANCE',
  EDUCATION_READY: 'EDUCATION_ASSISTANCE',
  EDUCATION_ASSISTANCE_ACTIVITY_READY: 'EDUCATION_ASSISTANCE',
  SICKNESS_BENEFIT: 'SICKNESS_BENEFIT',
  JOB_CLARIFICATION_COURSE: 'JOB_CLARIFICATION',
  RESOURCE_COURSE: 'RESOURCE_COURSE',
  FLEX_JOB_BENEFIT: 'FLEX_JOB_BENEFIT',
  REHABILITATION: 'REHABILITATION',
  OTHER: 'OTHER',
};

/** Kontanthjælp and uddannelseshjælp: first conversation within a week of the request for help. */
export const ASSISTANCE_GROUPS: ReadonlySet<ContactGroup> = new Set<ContactGroup>([
  'SOCIAL_ASSISTANCE_JOB_READY',
  'SOCIAL_ASSISTANCE_ACTIVITY_READY',
  'EDUCATION_READY',
  'EDUCATION_ASSISTANCE_ACTIVITY_READY',
]);
