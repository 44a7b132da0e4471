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
import { ENVELOPE_SCHEMA, HEADERS_SCHEMA } from './envelope-schema';
import { enumSchemas, SchemaBuilder } from './json-schema';

export const ASYNCAPI_DOCUMENT_VERSION = '1.0.0';

const DESCRIPTION = `Events of Selvbook, the self-booking of legally required conversations with jobcenter and a-kasse.

- Every message is a JSON envelope (\`EventEnvelope\`) whose \`data\` is defined per event \`type\` and \`version\`.
- The Kafka key is the envelope \`subject\`: the pseudonymous \`citizenId\` (the slotId for slot events), so one
  citizen's events stay in order on one partition. No CPR number ever enters Kafka.
- Each a-kasse reads only \`selvbook.akasse.{akasseId}.v1\` and each jobcenter only \`selvbook.jobcenter.{jobcenterCode}.v1\`
  (enforced by Kafka ACLs).
- A breaking change publishes a new version beside the old one; consumers must ignore fields they do not know.
- Messages a consumer cannot process go to \`<topic>.dlq\` with the error.`;

const CHANNEL_TEXT: Record<string, { title: string; description: string; action: 'send' | 'receive' }> = {
  citizen: { title: 'Citizen lifecycle', action: 'receive', description: 'Input from jobcenter and a-kasse systems: registration, contact group, held conversations, paid hours, exemptions.' },
  schedule: { title: 'Contact course schedules', action: 'send', description: 'Calculated guiding dates per citizen.' },
  deadline: { title: 'Booking deadlines', action: 'send', description: 'Deadline lifecycle, immediate booking, summons requests.' },
  booking: { title: 'Bookings and slots', action: 'send', description: 'Bookings, rebookings, cancellations, attendance, no-shows and slot availability.' },
  notification: { title: 'Notifications', action: 'send', description: 'Messages to citizens and their delivery.' },
  akasse: { title: 'A-kasse recipient topic', action: 'send', description: "Events bearing on a member's availability for work, for that member's a-kasse only." },
  jobcenter: { title: 'Jobcenter recipient topic', action: 'send', description: "Deadline and booking events of the jobcenter's own citizens." },
};

const PARAMETERS: Record<Recipient, JsonSchema> = {
  akasse: { akasseId: { description: 'the a-kasse id, e.g. 3f' } },
  jobcenter: { jobcenterCode: { description: 'jobcenter code: 3-digit municipality number + 2-digit sub-unit, e.g. 10101' } },
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
  return {
    name: d.type,
    title: `${d.type} v${d.version}`,
    summary: d.description,
    ...(d.producer ? { description: `Produced by ${d.producer}.` } : {}),
    contentType: 'application/json',
    headers: { $ref: '#/components/schemas/KafkaHeaders' },
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
        key: { type: 'string', format: 'uuid', description: d.subject === 'slotId' ? 'slotId' : 'pseudonymous citizenId' },
        bindingVersion: '0.5.0',
      },
    },
    ...(example ? { examples: [{ name: 'example', payload: example }] } : {}),
  };
}

function channelMembers(channel: string, address: string): EventDefinition[] {
  const recipient = channel as Recipient;
  return EVENT_DEFINITIONS.filter((d) =>
    recipient in RecipientTopicTemplates ? d.recipients?.includes(recipient) : d.topic === address && !recipientOfTemplate(d.topic),
  );
}

const capitalised = (s: string) => s[0].toUpperCase() + s.slice(1);

export function generateAsyncApi(): Record<string, unknown> {
  const builder = new SchemaBuilder();
  const messages: Record<string, JsonSchema> = {};
  for (const d of EVENT_DEFINITIONS) messages[messageId(d)] = message(d, builder);

  const addresses: Array<[string, string]> = [...Object.entries(Topics), ...Object.entries(RecipientTopicTemplates)];
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
      messages: Object.fromEntries(members.map((d) => [messageId(d), { $ref: `#/components/messages/${messageId(d)}` }])),
    };
    operations[`${text.action}${capitalised(channel)}Events`] = {
      action: text.action,
      title: `${text.action === 'send' ? 'Selvbook publishes' : 'Selvbook consumes'}: ${text.title.toLowerCase()}`,
      channel: { $ref: `#/channels/${channel}` },
      messages: members.map((d) => ({ $ref: `#/channels/${channel}/messages/${messageId(d)}` })),
    };
  }

  return {
    asyncapi: '3.0.0',
    info: { title: 'Selvbook events', version: ASYNCAPI_DOCUMENT_VERSION, description: DESCRIPTION },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: {
      schemas: { EventEnvelope: ENVELOPE_SCHEMA, KafkaHeaders: HEADERS_SCHEMA, ...builder.schemas, ...enumSchemas() },
      messages,
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
