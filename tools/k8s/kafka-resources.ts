/**
 * The Strimzi resources of a deployment, from two sources only: the organisations it serves (k8s/organisations.yaml)
 * and the event contracts (which service produces which event to which topic, which service consumes which
 * topic). `npm run k8s:generate` writes them to k8s/base/kafka/; a test checks the committed files are current.
 */
import {
  akasseTopic,
  dlqTopic,
  EVENT_DEFINITIONS,
  INTERNAL_TOPICS,
  jobcenterTopic,
  SelvbookService,
  SUBSCRIPTIONS,
} from '@selvbook/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
export const STRIMZI_API = 'kafka.strimzi.io/v1';
export const KAFKA_NAMESPACE = 'kafka';
export const KAFKA_CLUSTER = 'selvbook';

export interface Organisations {
  jobcenters: { code: string; name: string }[];
  akasser: { id: string; name: string }[];
}

export function readOrganisations(file = join(ROOT, 'k8s', 'organisations.yaml')): Organisations {
  const organisations = parse(readFileSync(file, 'utf8')) as Organisations;
  // the topic functions refuse a malformed code or id, so a typo stops the generator here
  for (const j of organisations.jobcenters) jobcenterTopic(j.code);
  for (const a of organisations.akasser) akasseTopic(a.id);
  return organisations;
}

export type Operation = 'Read' | 'Write' | 'Describe';
export interface Acl {
  resource: { type: 'topic' | 'group'; name: string; patternType: 'literal' | 'prefix' };
  operations: Operation[];
}

export interface StrimziResource {
  apiVersion: typeof STRIMZI_API;
  kind: 'KafkaTopic' | 'KafkaUser';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: Record<string, unknown>;
}

export const SERVICES = Object.keys(SUBSCRIPTIONS) as SelvbookService[];

const metadata = (name: string, labels: Record<string, string> = {}) => ({
  name,
  namespace: KAFKA_NAMESPACE,
  labels: { 'strimzi.io/cluster': KAFKA_CLUSTER, 'app.kubernetes.io/part-of': 'selvbook', ...labels },
});

/** Every recipient topic of the deployment, by kind of recipient. */
export function recipientTopicsOf(organisations: Organisations): { akasse: string[]; jobcenter: string[] } {
  return {
    akasse: organisations.akasser.map((a) => akasseTopic(a.id)),
    jobcenter: organisations.jobcenters.map((j) => jobcenterTopic(j.code)),
  };
}

/** The topics a service writes: its events' internal topics, the recipient topics they fan out to, and the DLQs of what it consumes. */
export function topicsWrittenBy(service: SelvbookService, organisations: Organisations): string[] {
  const recipients = recipientTopicsOf(organisations);
  const written = new Set<string>();
  for (const definition of EVENT_DEFINITIONS.filter((d) => d.producer === service)) {
    if (INTERNAL_TOPICS.includes(definition.topic)) written.add(definition.topic);
    for (const recipient of definition.recipients ?? []) for (const topic of recipients[recipient]) written.add(topic);
  }
  for (const topic of SUBSCRIPTIONS[service]) written.add(dlqTopic(topic));
  return [...written].sort();
}

/** A service's ACLs: write what it produces, read what it subscribes to, its own consumer group. */
export function serviceAcls(service: SelvbookService, organisations: Organisations): Acl[] {
  const topic = (name: string, operations: Operation[]): Acl => ({
    resource: { type: 'topic', name, patternType: 'literal' },
    operations,
  });
  return [
    ...topicsWrittenBy(service, organisations).map((name) => topic(name, ['Write', 'Describe'])),
    ...[...SUBSCRIPTIONS[service]].sort().map((name) => topic(name, ['Read', 'Describe'])),
    { resource: { type: 'group', name: service, patternType: 'literal' }, operations: ['Read'] },
  ];
}

/** The topics an organisation's own systems write: those of the events whose contract names them as producer. */
export function topicsWrittenByOrganisations(kind: 'jobcenter' | 'a-kasse'): string[] {
  const produced = EVENT_DEFINITIONS.filter((d) => d.producer?.includes(`${kind}`) && d.producer.endsWith('systems'));
  return [...new Set(produced.map((d) => d.topic))].sort();
}

/**
 * A recipient organisation's ACLs: read its own topic, with consumer groups under its own prefix; write the
 * input topics its systems feed (citizen registrations, held conversations, …).
 */
export function recipientAcls(user: string, kind: 'jobcenter' | 'a-kasse', topic: string): Acl[] {
  return [
    { resource: { type: 'topic', name: topic, patternType: 'literal' }, operations: ['Read', 'Describe'] },
    { resource: { type: 'group', name: `${user}-`, patternType: 'prefix' }, operations: ['Read'] },
    ...topicsWrittenByOrganisations(kind).map((name): Acl => ({
      resource: { type: 'topic', name, patternType: 'literal' },
      operations: ['Write', 'Describe'],
    })),
  ];
}

const user = (name: string, acls: Acl[], labels: Record<string, string>): StrimziResource => ({
  apiVersion: STRIMZI_API,
  kind: 'KafkaUser',
  metadata: metadata(name, labels),
  spec: { authentication: { type: 'scram-sha-512' }, authorization: { type: 'simple', acls } },
});

const topic = (name: string, partitions: number, retentionDays: number): StrimziResource => ({
  apiVersion: STRIMZI_API,
  kind: 'KafkaTopic',
  metadata: metadata(name),
  spec: {
    partitions,
    replicas: 3,
    config: { 'retention.ms': String(retentionDays * 86_400_000), 'min.insync.replicas': '2' },
  },
});

/** Internal topics (12 partitions, 14 days), recipient topics (6, 30 days), each with a one-partition DLQ kept 30 days. */
export function kafkaTopics(organisations: Organisations): StrimziResource[] {
  const { akasse, jobcenter } = recipientTopicsOf(organisations);
  return [
    ...INTERNAL_TOPICS.flatMap((t) => [topic(t, 12, 14), topic(dlqTopic(t), 1, 30)]),
    ...[...jobcenter, ...akasse].flatMap((t) => [topic(t, 6, 30), topic(dlqTopic(t), 1, 30)]),
  ];
}

export function kafkaUsers(organisations: Organisations): StrimziResource[] {
  return [
    ...SERVICES.map((service) =>
      user(`selvbook-${service}`, serviceAcls(service, organisations), { 'selvbook.dk/role': 'service' }),
    ),
    ...organisations.jobcenters.map((j) =>
      user(`jobcenter-${j.code}`, recipientAcls(`jobcenter-${j.code}`, 'jobcenter', jobcenterTopic(j.code)), {
        'selvbook.dk/role': 'recipient',
      }),
    ),
    ...organisations.akasser.map((a) =>
      user(`akasse-${a.id}`, recipientAcls(`akasse-${a.id}`, 'a-kasse', akasseTopic(a.id)), {
        'selvbook.dk/role': 'recipient',
      }),
    ),
  ];
}
