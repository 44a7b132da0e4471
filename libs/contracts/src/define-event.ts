import { EVENT_TYPE_PATTERN } from './identifiers';
import { INTERNAL_TOPICS, Recipient, RecipientTopicTemplates } from './topics';

/** Data field whose value is the envelope `subject` and the Kafka key (keeps one entity's events in order). */
export type SubjectField = 'citizenId' | 'slotId';

export interface EventDefinition<T extends object = object> {
  type: string;
  version: number;
  /** internal topic, or a recipient topic template (`selvbook.akasse.{akasseId}.v1`) for recipient events */
  topic: string;
  dataClass: new () => T;
  description: string;
  /** default `citizenId` */
  subject?: SubjectField;
  /**
   * Recipient topics the event is also written to, resolved from `data.akasseId` / `data.jobcenterCode`
   * (see `recipientTopics`). Only events an organisation needs for its own members go there.
   */
  recipients?: readonly Recipient[];
  /**
   * What the receiving organisation (a-kasse or jobcenter) must do when it gets this event, in its own words:
   * the message's description in the AsyncAPI document, read by integrators.
   */
  recipientAction?: string;
  /** producing service or outside system (documentation, AsyncAPI) */
  producer?: string;
  /** a valid data sample: AsyncAPI example and contract-test fixture */
  example?: T;
}

const TEMPLATES = Object.entries(RecipientTopicTemplates) as Array<[Recipient, string]>;

export function recipientOfTemplate(topic: string): Recipient | undefined {
  return TEMPLATES.find(([, template]) => template === topic)?.[0];
}

/** Checks a definition's shape once, at module load, and freezes it. */
export function defineEvent<T extends object>(d: EventDefinition<T>): EventDefinition<T> {
  const where = `event definition ${d.type}@${d.version}`;
  if (!EVENT_TYPE_PATTERN.test(d.type)) throw new Error(`${where}: type must match ${EVENT_TYPE_PATTERN.source}`);
  if (!Number.isInteger(d.version) || d.version < 1) throw new Error(`${where}: version must be an integer ≥ 1`);
  const templateOf = recipientOfTemplate(d.topic);
  if (!INTERNAL_TOPICS.includes(d.topic) && !templateOf) {
    throw new Error(`${where}: topic ${d.topic} is neither an internal topic nor a recipient topic template`);
  }
  if (templateOf && !d.recipients?.includes(templateOf)) {
    throw new Error(`${where}: an event on the ${templateOf} topic must list '${templateOf}' in recipients`);
  }
  if (!d.description.trim()) throw new Error(`${where}: description is required`);
  if (d.recipientAction !== undefined && !d.recipients?.length)
    throw new Error(`${where}: recipientAction needs recipients`);
  return Object.freeze({ ...d, recipients: d.recipients && Object.freeze([...d.recipients]) });
}
