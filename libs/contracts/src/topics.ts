import { AKASSE_ID_PATTERN, isAkasseId, isJobcenterCode, JOBCENTER_CODE_PATTERN } from './identifiers';

/** Internal topics, one per aggregate. A breaking change gets a `.v2` topic beside the old one. */
export const Topics = {
  citizen: 'selvbook.citizen.v1',
  schedule: 'selvbook.schedule.v1',
  deadline: 'selvbook.deadline.v1',
  booking: 'selvbook.booking.v1',
  notification: 'selvbook.notification.v1',
} as const;

export type InternalTopic = (typeof Topics)[keyof typeof Topics];

export const INTERNAL_TOPICS: string[] = Object.values(Topics);

/**
 * Recipient topics: one per a-kasse and per jobcenter, so Kafka ACLs can let each organisation read
 * only its own members' events. The `{…}` form is the AsyncAPI channel address.
 */
export const RecipientTopicTemplates = {
  akasse: 'selvbook.akasse.{akasseId}.v1',
  jobcenter: 'selvbook.jobcenter.{jobcenterCode}.v1',
} as const;

export type Recipient = keyof typeof RecipientTopicTemplates;

export function akasseTopic(akasseId: string): string {
  if (!isAkasseId(akasseId)) {
    throw new Error(`invalid akasseId ${JSON.stringify(akasseId)}: must match ${AKASSE_ID_PATTERN.source}`);
  }
  return `selvbook.akasse.${akasseId}.v1`;
}

export function jobcenterTopic(jobcenterCode: string): string {
  if (!isJobcenterCode(jobcenterCode)) {
    throw new Error(
      `invalid jobcenterCode ${JSON.stringify(jobcenterCode)}: must be a 3-digit municipality + 2-digit sub-unit (${JOBCENTER_CODE_PATTERN.source})`,
    );
  }
  return `selvbook.jobcenter.${jobcenterCode}.v1`;
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,245}$/; // Kafka's legal characters; room left for `.dlq`

/** Dead-letter topic for poison messages from `topic`. */
export function dlqTopic(topic: string): string {
  if (!TOPIC_NAME.test(topic) || topic.endsWith('.dlq')) {
    throw new Error(`invalid topic for a dead-letter queue: ${JSON.stringify(topic)}`);
  }
  return `${topic}.dlq`;
}
