/** Fixed ids for the definitions' examples, so the generated AsyncAPI document is deterministic. */
const IDS = {
  citizenId: '6f1c2b9e-4d3a-4e8b-9a7c-1b2d3e4f5a60',
  bookingId: '0b7e4c2a-1f3d-4a5b-8c6d-7e8f9a0b1c2d',
  previousBookingId: 'a1b2c3d4-e5f6-4789-8abc-def012345678',
  deadlineId: '5d4c3b2a-1908-4776-a655-443322110099',
  slotId: 'c0ffee00-1234-4abc-9def-0123456789ab',
  exemptionId: '9e8d7c6b-5a49-4382-b716-0f1e2d3c4b5a',
  notificationId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
  jobcenterCode: '10101',
  akasseId: '3f',
} as const;

export const EXAMPLE = {
  ...IDS,
  /** The fields of `CitizenAtJobcenter`, in its order: spread first into an example's data. */
  citizenAtJobcenter: { citizenId: IDS.citizenId, jobcenterCode: IDS.jobcenterCode, akasseId: IDS.akasseId },
  /** The fields of `AkasseMemberRef`, in its order: spread first into an a-kasse event's example. */
  akasseMember: { citizenId: IDS.citizenId, akasseId: IDS.akasseId, jobcenterCode: IDS.jobcenterCode },
} as const;
