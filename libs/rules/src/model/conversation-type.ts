/** Samtaletyper: DFDG conversation type ids, RULES §2 [F:S23,S25]; same values as contracts. */
export const ConversationType = {
  /** opfølgningssamtale (sygedagpenge) */
  FOLLOW_UP_CONVERSATION: 4,
  /** jobsamtale */
  JOB_CONVERSATION: 7,
  REFERRAL: 8,
  INFORMATION_MEETING: 9,
  /** CV-samtale (a-kasse) */
  CV_CONVERSATION: 10,
  PLACEMENT_CONVERSATION: 11,
  OTHER: 12,
  INFORMATION_MEETING_NO_DUTY: 13,
  /** rådighedssamtale (a-kasse) */
  AVAILABILITY_CONVERSATION: 15,
  /** fælles jobsamtale, jobcenter + a-kasse */
  JOINT_CONVERSATION: 17,
} as const;

export type ConversationTypeId = (typeof ConversationType)[keyof typeof ConversationType];

const KNOWN = new Set<number>(Object.values(ConversationType));

export function isConversationType(value: unknown): value is ConversationTypeId {
  return typeof value === 'number' && KNOWN.has(value);
}

/** A set of conversation types as a bit mask (ids are < 32), so matching is one AND. */
export type ConversationTypeMask = number;

export function typeMask(...types: readonly ConversationTypeId[]): ConversationTypeMask {
  let mask = 0;
  for (const t of types) mask |= 1 << t;
  return mask;
}

export function maskHas(mask: ConversationTypeMask, type: number): boolean {
  return (mask & (1 << type)) !== 0;
}
