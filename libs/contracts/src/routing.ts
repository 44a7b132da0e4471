import { EventDefinition, recipientOfTemplate } from './define-event';
import { EVENT_DEFINITIONS, eventKey } from './registry';
import { akasseTopic, jobcenterTopic, Recipient } from './topics';

/**
 * Concrete recipient topics for one event, from the organisation ids in its data: an a-kasse topic
 * only for a citizen with an a-kasse, the jobcenter topic of the citizen's jobcenter.
 */
export function recipientTopics(def: EventDefinition, data: object): string[] {
  const d = data as { akasseId?: unknown; jobcenterCode?: unknown };
  const topics: string[] = [];
  for (const recipient of def.recipients ?? []) {
    if (recipient === 'akasse' && typeof d.akasseId === 'string') topics.push(akasseTopic(d.akasseId));
    if (recipient === 'jobcenter' && typeof d.jobcenterCode === 'string') topics.push(jobcenterTopic(d.jobcenterCode));
  }
  return topics;
}

/** Every topic the event is written to: its internal topic (unless it is a recipient event) + recipient topics. */
export function topicsFor(def: EventDefinition, data: object): string[] {
  const home = recipientOfTemplate(def.topic) ? [] : [def.topic];
  return [...home, ...recipientTopics(def, data)];
}

function keysFor(recipient: Recipient): readonly string[] {
  return Object.freeze(
    EVENT_DEFINITIONS.filter((d) => d.recipients?.includes(recipient)).map((d) => eventKey(d.type, d.version)),
  );
}

/** Registry keys (`type@version`) of the events each kind of recipient topic carries. */
export const RECIPIENT_EVENTS: Readonly<Record<Recipient, readonly string[]>> = Object.freeze({
  akasse: keysFor('akasse'),
  jobcenter: keysFor('jobcenter'),
});
