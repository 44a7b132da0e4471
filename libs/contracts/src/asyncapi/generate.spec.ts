import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { NAMED_ENUMS } from '../domain-types';
import { EventHeader } from '../headers';
import { EVENT_DEFINITIONS } from '../registry';
import { generateAsyncApi, messageId, renderAsyncApiYaml } from './generate';

const DOC_PATH = join(__dirname, '..', '..', '..', '..', 'docs', 'asyncapi.yaml');

describe('AsyncAPI document', () => {
  const yaml = renderAsyncApiYaml();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document walked by path
  const doc = generateAsyncApi() as any;

  it('parses with @asyncapi/parser with 0 errors and 0 warnings', async () => {
    const { document, diagnostics } = await new Parser().parse(yaml);
    const said = (severity: DiagnosticSeverity) =>
      diagnostics.filter((d) => d.severity === severity).map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`);
    expect({ errors: said(DiagnosticSeverity.Error), warnings: said(DiagnosticSeverity.Warning) }).toEqual({
      errors: [],
      warnings: [],
    });
    expect(document?.channels().length).toBe(7);
    expect(document?.messages().length).toBe(EVENT_DEFINITIONS.length);
    expect(
      document
        ?.servers()
        .all()
        .map((s) => [s.id(), s.protocol(), s.host()]),
    ).toEqual([
      ['production', 'kafka-secure', 'selvbook-kafka-bootstrap.kafka.svc:9093'],
      ['local', 'kafka', '127.0.0.1:9092'],
    ]);
    expect(
      document
        ?.servers()
        .get('production')
        ?.security()
        .map((s) => s.all().map((r) => r.scheme().type())),
    ).toEqual([['scramSha512']]);
  }, 30000);

  it('every example message validates against its payload and headers schemas (Ajv, parsed document)', async () => {
    const { document } = await new Parser().parse(yaml);
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const problems: string[] = [];
    let checked = 0;
    for (const message of document!.messages().all()) {
      const payload = ajv.compile(message.payload()!.json());
      const headers = ajv.compile(message.headers()!.json());
      expect(message.examples().length).toBeGreaterThan(0);
      for (const example of message.examples().all()) {
        checked++;
        if (!payload(example.payload())) problems.push(`${message.id()} payload: ${ajv.errorsText(payload.errors)}`);
        if (example.hasHeaders() && !headers(example.headers()))
          problems.push(`${message.id()} headers: ${ajv.errorsText(headers.errors)}`);
        // the schemas are not vacuous: a wrong type or version in the example is refused
        if (payload({ ...(example.payload() as object), version: 99 }))
          problems.push(`${message.id()}: payload schema accepts any version`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBe(EVENT_DEFINITIONS.length);
  }, 30000);

  it('is the committed docs/asyncapi.yaml (run `npm run asyncapi` after changing a contract)', () => {
    expect(readFileSync(DOC_PATH, 'utf8')).toBe(yaml);
  });

  it('round-trips through YAML as the generated object', () => {
    expect(YAML.parse(yaml)).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('has parameterised recipient channels', () => {
    expect(doc.channels.akasse.address).toBe('selvbook.akasse.{akasseId}.v1');
    expect(Object.keys(doc.channels.akasse.parameters)).toEqual(['akasseId']);
    expect(doc.channels.jobcenter.address).toBe('selvbook.jobcenter.{jobcenterCode}.v1');
    // the a-kasse's own (availability) events first, then what is forwarded to it
    expect(Object.keys(doc.channels.akasse.messages)).toEqual([
      'akasse.deadline-missed.v1',
      'akasse.no-show.v1',
      'akasse.meeting-cancelled.v1',
      'akasse.citizen-deregistered.v1',
      'schedule.calculated.v1',
    ]);
    expect(Object.keys(doc.channels).slice(0, 2)).toEqual(['akasse', 'jobcenter']);
    expect(doc.operations.receiveCitizenEvents.action).toBe('receive');
    expect(doc.operations.sendBookingEvents.action).toBe('send');
  });

  it('has a receive operation for an a-kasse and a jobcenter on their channel templates, with the ACL prefix', () => {
    const akasse = doc.operations.receiveAsAkasse;
    expect(akasse).toMatchObject({ action: 'receive', channel: { $ref: '#/channels/akasse' } });
    expect(akasse.messages.map((m: { $ref: string }) => m.$ref.split('/').pop())).toEqual(
      Object.keys(doc.channels.akasse.messages),
    );
    expect(doc.operations.receiveAsJobcenter).toMatchObject({
      action: 'receive',
      channel: { $ref: '#/channels/jobcenter' },
    });
    expect(doc.operations.receiveAsJobcenter.messages).toHaveLength(
      Object.keys(doc.channels.jobcenter.messages).length,
    );
    const group = (op: { bindings: { kafka: { groupId: { pattern: string } } } }) =>
      new RegExp(op.bindings.kafka.groupId.pattern);
    expect(group(akasse).test('akasse-3f-claims')).toBe(true);
    expect(group(akasse).test('akasse-ca-claims')).toBe(true);
    expect(group(akasse).test('jobcenter-10101-x')).toBe(false);
    expect(group(doc.operations.receiveAsJobcenter).test('jobcenter-10101-planner')).toBe(true);
  });

  it('names the deployed server with TLS and SCRAM-SHA-512 as k8s/overlays/production; the local broker', () => {
    const production = readFileSync(
      join(__dirname, '..', '..', '..', '..', 'k8s', 'overlays', 'production', 'common-config.yaml'),
      'utf8',
    );
    const config = YAML.parse(production).data as Record<string, string>;
    expect(doc.servers.production.host).toBe(config.KAFKA_BROKERS);
    expect(config.KAFKA_TLS).toBe('true');
    expect(doc.servers.production.protocol).toBe('kafka-secure');
    expect(config.KAFKA_SASL_MECHANISM).toBe('scram-sha-512');
    expect(doc.servers.production.security).toEqual([{ $ref: '#/components/securitySchemes/scramSha512' }]);
    expect(doc.components.securitySchemes.scramSha512.type).toBe('scramSha512');
    expect(doc.servers.local).toMatchObject({ host: '127.0.0.1:9092', protocol: 'kafka' });
    expect(doc.servers.local.security).toBeUndefined();
  });

  it('documents every header the outbox writes, and requires the constant ones on what Selvbook publishes', () => {
    const headers = doc.components.schemas.KafkaHeaders.properties;
    expect(Object.keys(headers).sort()).toEqual(Object.values(EventHeader).sort());
    for (const [name, schema] of Object.entries(headers))
      expect({ name, description: (schema as { description?: string }).description }).toEqual({
        name,
        description: expect.stringMatching(/\w{3}/),
      });
    const booked = doc.components.messages['booking.booked.v1'].headers.allOf[1];
    expect(booked.required.sort()).toEqual([
      'content-type',
      'correlation-id',
      'event-type',
      'event-version',
      'traceparent',
    ]);
    expect(booked.properties['event-type']).toEqual({ const: 'booking.booked' });
    expect(booked.properties['event-version']).toEqual({ const: '1' });
    // jobcenter and a-kasse systems producing citizen events need not set Selvbook's headers
    expect(doc.components.messages['citizen.registered.v1'].headers).toEqual({
      $ref: '#/components/schemas/KafkaHeaders',
    });
  });

  it('explains every enum value (ENUM_MEANINGS), e.g. OVERDUE, DEDUCTION vs SANCTION_ASSESSMENT, absence codes', () => {
    const s = doc.components.schemas;
    for (const name of Object.keys(NAMED_ENUMS)) {
      const meanings = s[name]['x-enum-descriptions'] as Record<string, string>;
      expect(Object.keys(meanings)).toEqual(s[name].enum.map(String));
      for (const [value, meaning] of Object.entries(meanings)) {
        expect(meaning.trim()).not.toBe('');
        expect(s[name].description).toContain(meaning);
        expect(s[name].description).toContain(`\`${value}\``);
      }
    }
    expect(s.ConversationStatus['x-enum-descriptions'].OVERDUE).toMatch(/window closed without/);
    expect(s.MissedDeadlineConsequence['x-enum-descriptions'].DEDUCTION).toMatch(/deducts/);
    expect(s.MissedDeadlineConsequence['x-enum-descriptions'].SANCTION_ASSESSMENT).toMatch(
      /^sygedagpenge: a possible sanction/,
    );
    expect(s.AbsenceCode['x-enum-descriptions']['56']).toMatch(/^56: fritaget/);
    expect(s.ConversationType.description).toContain('- `17` JOINT_CONVERSATION: fælles jobsamtale');
  });

  it("groups the a-kasse's availability events under one tag, each described from the a-kasse's point of view", () => {
    expect(doc.info.tags[0].name).toBe('availability');
    const tagged = Object.entries(doc.components.messages)
      .filter(([, m]) => (m as { tags: { name: string }[] }).tags.some((t) => t.name === 'availability'))
      .map(([id]) => id);
    expect(tagged).toEqual([
      'akasse.deadline-missed.v1',
      'akasse.no-show.v1',
      'akasse.meeting-cancelled.v1',
      'akasse.citizen-deregistered.v1',
    ]);
    for (const id of tagged)
      expect(doc.components.messages[id].description).toMatch(/member of yours[\s\S]*\*\*(Assess|Stop|Without)/);
    expect(doc.operations.receiveAsAkasse.tags.map((t: { name: string }) => t.name)).toContain('availability');
  });

  it.each(EVENT_DEFINITIONS.map((d) => [messageId(d), d] as const))(
    '%s: data schema mirrors the class rules',
    (id, d) => {
      const dataRef: string = doc.components.messages[id].payload.allOf[1].properties.data.$ref;
      const schema = doc.components.schemas[dataRef.split('/').pop()!];
      expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(Object.keys(d.example!)));
      for (const property of schema.required) expect(d.example).toHaveProperty(property);
    },
  );

  it('derives formats, enums, optionality and nesting from the decorators', () => {
    const s = doc.components.schemas;
    expect(s.BookingBookedData.properties.startsAt).toEqual({ type: 'string', format: 'date-time' });
    expect(s.BookingBookedData.properties.conversationType).toEqual({ $ref: '#/components/schemas/ConversationType' });
    expect(s.BookingBookedData.required).not.toContain('deadlineId');
    expect(s.BookingRebookedData.required).toEqual(
      expect.arrayContaining(['citizenId', 'bookingId', 'previousBookingId']),
    );
    expect(s.ScheduleCalculatedData.properties.conversations).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/ScheduledConversation' },
    });
    expect(s.ScheduledConversation.properties.guidingDate).toEqual({ type: 'string', format: 'date' });
    expect(s.CitizenRegisteredData.properties.contact).toEqual({ $ref: '#/components/schemas/ContactDetails' });
    expect(s.SlotAvailabilityChangedData.properties.formats).toEqual({
      type: 'array',
      minItems: 1,
      items: { $ref: '#/components/schemas/MeetingFormat' },
    });
    expect(s.DeadlineExpiredData.properties.deregisteredFrom.description).toMatch(
      /required when consequence is DEREGISTRATION/,
    );
    expect(s.ConversationType).toMatchObject({ type: 'integer', enum: [4, 7, 8, 9, 10, 11, 12, 13, 15, 17] });
    expect(s.MeetingFormat).toMatchObject({ type: 'string', enum: ['IN_PERSON', 'PHONE', 'VIDEO'] });
  });
});
