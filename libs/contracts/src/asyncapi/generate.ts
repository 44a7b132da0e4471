/**
 * AsyncAPI 3.0 document for jobcenters and a-kasser, generated from the event registry: one channel per
 * internal topic, parameterised recipient channels, one message per event type@version.
 */
import YAML from 'yaml';
import { EventDefinition, recipientOfTemplate } from '../define-event';
import { EventEnvelope } from '../envelope';
import { EVENT_DEFINITIONS } from '../registry';
import { Recipient, RecipientTopicTemplates, Topics } from '../topics';
import { JsonSchema } from '../validation/decorators';
import { EVENT_HEADER_DOCS, EventHeader } from '../headers';
import { ENVELOPE_SCHEMA, HEADERS_SCHEMA } from './envelope-schema';
import { enumSchemas, SchemaBuilder } from './json-schema';

export const ASYNCAPI_DOCUMENT_VERSION = '1.0.0';

const DESCRIPTION =
  `Events of Selvbook, the self-booking of legally required conversations with jobcenter and a-kasse.

- Every message is a JSON envelope (\`EventEnvelope\`) whose \`data\` is defined per event \`type\` and \`version\`.
- The Kafka key is the envelope \`subject\`: the pseudonymous \`citizenId\` (the slotId for slot events), so one
  citizen's events stay in order on one partition. No CPR number ever enters Kafka.
- Each a-kasse reads only \`selvbook.akasse.{akasseId}.v1\` and each jobcenter only ` +
  `\`selvbook.jobcenter.{jobcenterCode}.v1\`
  (enforced by Kafka ACLs).
- A breaking change publishes a new version beside the old one; consumers must ignore fields they do not know.
- Messages a consumer cannot process go to \`<topic>.dlq\` with the error.

## For an a-kasse

Read \`selvbook.akasse.{akasseId}.v1\` (operation \`receiveAsAkasse\`). The events tagged *availability (rådighed)*
are the ones you must act on: a member missed a self-booking deadline, did not show up, cancelled a meeting,
or was deregistered as jobseeker. Each message's description says what to do.

## Connecting

Server \`production\`: Kafka over TLS (trust Strimzi's cluster CA) with SASL SCRAM-SHA-512 as your organisation's
KafkaUser (\`akasse-<akasseId>\` or \`jobcenter-<jobcenterCode>\`), which may read only your own topic; your consumer
group ids must start with that user name and a dash. Server \`local\`: the plain broker of \`npm start\`.
A runnable example consumer for an a-kasse is in \`examples/akasse-consumer/\`.`;

const CHANNEL_TEXT: Record<string, { title: string; description: string; action: 'send' | 'receive' }> = {
  citizen: {
    title: 'Citizen lifecycle',
    action: 'receive',
    description:
      'Input from jobcenter and a-kasse systems: registration, ' +
      'contact group, held conversations, paid hours, exemptions.',
  },
  schedule: { title: 'Contact course schedules', action: 'send', description: 'Calculated guiding dates per citizen.' },
  deadline: {
    title: 'Booking deadlines',
    action: 'send',
    description: 'Deadline lifecycle, immediate booking, summons requests.',
  },
  booking: {
    title: 'Bookings and slots',
    action: 'send',
    description: 'Bookings, rebookings, cancellations, attendance, no-shows and slot availability.',
  },
  notification: { title: 'Notifications', action: 'send', description: 'Messages to citizens and their delivery.' },
  akasse: {
    title: 'A-kasse recipient topic',
    action: 'send',
    description:
      "Events bearing on a member's availability for work (rådighed), for " +
      "that member's a-kasse only, and the member's calculated schedule.",
  },
  jobcenter: {
    title: 'Jobcenter recipient topic',
    action: 'send',
    description: "Deadline and booking events of the jobcenter's own citizens.",
  },
};

/** The recipient channels first: they are what integrators read. */
const CHANNEL_ORDER = ['akasse', 'jobcenter', 'citizen', 'schedule', 'deadline', 'booking', 'notification'];

/**
 * How each recipient reads its topic: the operation id, and the Kafka user and consumer-group prefix its ACLs allow.
 */
const RECIPIENT_READERS: Record<
  Recipient,
  { operation: string; title: string; user: string; groupPattern: string; description: string }
> = {
  akasse: {
    operation: 'receiveAsAkasse',
    title: 'An a-kasse reads its own topic',
    user: 'akasse-{akasseId}',
    groupPattern: '^akasse-[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?-.+$',
    description:
      'What an a-kasse consumes: the availability (rådighed) events of its own members, and ' +
      'their schedules. Connect as KafkaUser `akasse-<akasseId>`; the consumer group id must ' +
      'start with `akasse-<akasseId>-` (Kafka ACL). Key: the member’s pseudonymous citizenId, ' +
      'so one member’s events arrive in order. Ignore message types and fields you do not know.',
  },
  jobcenter: {
    operation: 'receiveAsJobcenter',
    title: 'A jobcenter reads its own topic',
    user: 'jobcenter-{jobcenterCode}',
    groupPattern: '^jobcenter-[1-9][0-9]{4}-.+$',
    description:
      'What a jobcenter consumes: deadlines, bookings, attendance and schedules of its own citizens, and ' +
      'requests to summon. Connect as KafkaUser `jobcenter-<jobcenterCode>`; the consumer group id must ' +
      'start with `jobcenter-<jobcenterCode>-` (Kafka ACL). Ignore message types and fields you do not know.',
  },
};

const TAGS = {
  availability: {
    name: 'availability',
    description:
      'A-kasse: availability (rådighed). What an a-kasse must act on for a ' +
      'member: a missed self-booking deadline, a no-show, a cancelled meeting, ' +
      "a deregistration. Delivered on the member's own a-kasse topic only.",
  },
  akasse: { name: 'akasse', description: 'Delivered to the a-kasse of the citizen (selvbook.akasse.{akasseId}.v1).' },
  jobcenter: {
    name: 'jobcenter',
    description: 'Delivered to the jobcenter of the citizen (selvbook.jobcenter.{jobcenterCode}.v1).',
  },
  input: { name: 'input', description: 'Sent to Selvbook by jobcenter and a-kasse systems (selvbook.citizen.v1).' },
  internal: { name: 'internal', description: "Between Selvbook's services; not readable by organisations." },
} as const;

function tagsOf(d: EventDefinition): JsonSchema[] {
  const tags: JsonSchema[] = [];
  if (d.topic === RecipientTopicTemplates.akasse) tags.push(TAGS.availability);
  if (d.recipients?.includes('akasse')) tags.push(TAGS.akasse);
  if (d.recipients?.includes('jobcenter')) tags.push(TAGS.jobcenter);
  if (d.topic === Topics.citizen) tags.push(TAGS.input);
  else if (!d.recipients?.length) tags.push(TAGS.internal);
  return tags;
}

const SERVERS = {
  production: {
    host: 'selvbook-kafka-bootstrap.kafka.svc:9093',
    protocol: 'kafka-secure',
    title: 'Production (Strimzi)',
    summary: 'Kafka over TLS with SASL SCRAM-SHA-512, as deployed by k8s/overlays/production.',
    description:
      "The Strimzi cluster `selvbook`, TLS listener 9093. Trust the cluster CA (Strimzi's " +
      "`selvbook-cluster-ca-cert`) and authenticate with SCRAM-SHA-512 as your organisation's KafkaUser; " +
      'its ACLs allow reading only your own recipient topic, with consumer groups named after the user.',
    security: [{ $ref: '#/components/securitySchemes/scramSha512' }],
    tags: [{ name: 'env:production', description: 'the deployed form' }],
  },
  local: {
    host: '127.0.0.1:9092',
    protocol: 'kafka',
    title: 'Local (npm start)',
    summary: 'The plain broker of `npm start`: no TLS, no authentication.',
    description:
      'The librdkafka mock broker that `npm start` runs; every ' +
      'topic is readable. For development and the examples only.',
    tags: [{ name: 'env:local', description: 'a developer machine' }],
  },
};

const SECURITY_SCHEMES = {
  scramSha512: {
    type: 'scramSha512',
    description:
      'SASL SCRAM-SHA-512 over TLS. User name: your KafkaUser (`akasse-<akasseId>` or ' +
      "`jobcenter-<jobcenterCode>`); password: the `password` key of that KafkaUser's " +
      'Secret, issued by Strimzi\'s User Operator (docs/operations.md, "Add an organisation").',
  },
};

/** The headers a message carries: on what Selvbook publishes the constant ones are required and fixed per type. */
function messageHeaders(d: EventDefinition): JsonSchema {
  if (d.topic === Topics.citizen) return { $ref: '#/components/schemas/KafkaHeaders' };
  const always = Object.entries(EVENT_HEADER_DOCS)
    .filter(([, h]) => h.always)
    .map(([name]) => name);
  return {
    type: 'object',
    allOf: [
      { $ref: '#/components/schemas/KafkaHeaders' },
      {
        type: 'object',
        required: always,
        properties: {
          [EventHeader.eventType]: { const: d.type },
          [EventHeader.eventVersion]: { const: String(d.version) },
        },
      },
    ],
  };
}

function exampleHeaders(d: EventDefinition, example: EventEnvelope): Record<string, string> {
  return {
    [EventHeader.eventType]: d.type,
    [EventHeader.eventVersion]: String(d.version),
    [EventHeader.correlationId]: example.correlationId,
    [EventHeader.contentType]: 'application/json',
    [EventHeader.traceparent]: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  };
}

const PARAMETERS: Record<Recipient, JsonSchema> = {
  akasse: { akasseId: { description: 'the a-kasse id, e.g. 3f' } },
  jobcenter: {
    jobcenterCode: { description: 'jobcenter code: 3-digit municipality number + 2-digit sub-unit, e.g. 10101' },
  },
};

/** Message id in the document: `booking.booked.v1`. */
export const messageId = (d: EventDefinition): string => `${d.type}.v${d.version}`;

function exampleEnvelope(d: EventDefinition): EventEnvelope | undefined {
  if (!d.example) return undefined;
  const subject = (d.example as Record<string, unknown>)[d.subject ?? 'citizenId'] as string;
  return {
    id: '7d2f0c1e-8a4b-4c3d-9e5f-6a7b8c9d0e1f',
    type: d.type,
    version: d.version,
    occurredAt: '2024-05-28T00:00:05Z',
    source: d.producer && /^[a-z-]+-service$/.test(d.producer) ? d.producer : 'jobcenter-gateway',
    subject,
    correlationId: '4b3a2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0',
    causationId: null,
    data: d.example,
  };
}

function message(d: EventDefinition, builder: SchemaBuilder): JsonSchema {
  const example = exampleEnvelope(d);
  const description = [d.recipientAction, d.producer && `Produced by ${d.producer}.`].filter(Boolean).join('\n\n');
  return {
    name: d.type,
    title: `${d.type} v${d.version}`,
    summary: d.description,
    ...(description ? { description } : {}),
    tags: tagsOf(d),
    contentType: 'application/json',
    headers: messageHeaders(d),
    payload: {
      allOf: [
        { $ref: '#/components/schemas/EventEnvelope' },
        {
          type: 'object',
          properties: {
            type: { const: d.type },
            version: { const: d.version },
            data: { $ref: builder.refFor(d.dataClass) },
          },
        },
      ],
    },
    bindings: {
      kafka: {
        key: {
          type: 'string',
          format: 'uuid',
          description: d.subject === 'slotId' ? 'slotId' : 'pseudonymous citizenId',
        },
        bindingVersion: '0.5.0',
      },
    },
    ...(example
      ? {
          examples: [
            {
              name: 'example',
              ...(d.topic === Topics.citizen ? {} : { headers: exampleHeaders(d, example) }),
              payload: example,
            },
          ],
        }
      : {}),
  };
}

/** A channel's messages; on a recipient channel the recipient's own events (akasse.*) come before forwarded ones. */
function channelMembers(channel: string, address: string): EventDefinition[] {
  const recipient = channel as Recipient;
  if (!(recipient in RecipientTopicTemplates))
    return EVENT_DEFINITIONS.filter((d) => d.topic === address && !recipientOfTemplate(d.topic));
  const members = EVENT_DEFINITIONS.filter((d) => d.recipients?.includes(recipient));
  return [...members.filter((d) => d.topic === address), ...members.filter((d) => d.topic !== address)];
}

const capitalised = (s: string) => s[0].toUpperCase() + s.slice(1);

export function generateAsyncApi(): Record<string, unknown> {
  const builder = new SchemaBuilder();
  const messages: Record<string, JsonSchema> = {};
  for (const d of EVENT_DEFINITIONS) messages[messageId(d)] = message(d, builder);

  const addresses = (
    [...Object.entries(Topics), ...Object.entries(RecipientTopicTemplates)] as Array<[string, string]>
  ).sort(([a], [b]) => CHANNEL_ORDER.indexOf(a) - CHANNEL_ORDER.indexOf(b));
  const channels: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  for (const [channel, address] of addresses) {
    const members = channelMembers(channel, address);
    if (!members.length) continue;
    const text = CHANNEL_TEXT[channel];
    channels[channel] = {
      address,
      title: text.title,
      description: text.description,
      ...(channel in PARAMETERS ? { parameters: PARAMETERS[channel as Recipient] } : {}),
      messages: Object.fromEntries(
        members.map((d) => [messageId(d), { $ref: `#/components/messages/${messageId(d)}` }]),
      ),
    };
    if (channel in RECIPIENT_READERS) {
      const reader = RECIPIENT_READERS[channel as Recipient];
      operations[reader.operation] = {
        action: 'receive',
        title: reader.title,
        description: reader.description,
        channel: { $ref: `#/channels/${channel}` },
        messages: members.map((d) => ({ $ref: `#/channels/${channel}/messages/${messageId(d)}` })),
        tags: channel === 'akasse' ? [TAGS.availability, TAGS.akasse] : [TAGS.jobcenter],
        bindings: {
          kafka: {
            groupId: {
              type: 'string',
              pattern: reader.groupPattern,
              description: `must start with the KafkaUser name (${reader.user}) and a dash`,
            },
            bindingVersion: '0.5.0',
          },
        },
      };
    }
    operations[`${text.action}${capitalised(channel)}Events`] = {
      action: text.action,
      title: `${text.action === 'send' ? 'Selvbook publishes' : 'Selvbook consumes'}: ${text.title.toLowerCase()}`,
      channel: { $ref: `#/channels/${channel}` },
      messages: members.map((d) => ({ $ref: `#/channels/${channel}/messages/${messageId(d)}` })),
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Selvbook events',
      version: ASYNCAPI_DOCUMENT_VERSION,
      description: DESCRIPTION,
      license: { name: 'MIT' },
      tags: Object.values(TAGS),
    },
    defaultContentType: 'application/json',
    servers: SERVERS,
    channels,
    operations,
    components: {
      schemas: { EventEnvelope: ENVELOPE_SCHEMA, KafkaHeaders: HEADERS_SCHEMA, ...builder.schemas, ...enumSchemas() },
      messages,
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

/** The document as committed in docs/asyncapi.yaml. */
export function renderAsyncApiYaml(): string {
  // YAML 1.1 rules quote dates and words like `yes`, so 1.1 and 1.2 readers see the same strings
  const doc = new YAML.Document(generateAsyncApi(), { aliasDuplicateObjects: false, version: '1.1' });
  doc.commentBefore = ' Generated from libs/contracts by `npm run asyncapi`. Do not edit by hand.';
  return doc.toString({ lineWidth: 0 });
}
