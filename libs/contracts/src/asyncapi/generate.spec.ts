import { Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { EVENT_DEFINITIONS } from '../registry';
import { generateAsyncApi, messageId, renderAsyncApiYaml } from './generate';

const DOC_PATH = join(__dirname, '..', '..', '..', '..', 'docs', 'asyncapi.yaml');

describe('AsyncAPI document', () => {
  const yaml = renderAsyncApiYaml();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document walked by path
  const doc = generateAsyncApi() as any;

  it('parses with @asyncapi/parser without errors or warnings', async () => {
    const { document, diagnostics } = await new Parser().parse(yaml);
    const problems = diagnostics.filter((d) => d.severity <= 1); // 0 error, 1 warning
    expect(problems.map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`)).toEqual([]);
    expect(document?.channels().length).toBe(7);
    expect(document?.messages().length).toBe(EVENT_DEFINITIONS.length);
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
    expect(Object.keys(doc.channels.akasse.messages)).toEqual([
      'schedule.calculated.v1',
      'akasse.deadline-missed.v1',
      'akasse.no-show.v1',
      'akasse.meeting-cancelled.v1',
      'akasse.citizen-deregistered.v1',
    ]);
    expect(doc.operations.receiveCitizenEvents.action).toBe('receive');
    expect(doc.operations.sendBookingEvents.action).toBe('send');
  });

  it.each(EVENT_DEFINITIONS.map((d) => [messageId(d), d] as const))('%s: data schema mirrors the class rules', (id, d) => {
    const dataRef: string = doc.components.messages[id].payload.allOf[1].properties.data.$ref;
    const schema = doc.components.schemas[dataRef.split('/').pop()!];
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(Object.keys(d.example!)));
    for (const property of schema.required) expect(d.example).toHaveProperty(property);
  });

  it('derives formats, enums, optionality and nesting from the decorators', () => {
    const s = doc.components.schemas;
    expect(s.BookingBookedData.properties.startsAt).toEqual({ type: 'string', format: 'date-time' });
    expect(s.BookingBookedData.properties.conversationType).toEqual({ $ref: '#/components/schemas/ConversationType' });
    expect(s.BookingBookedData.required).not.toContain('deadlineId');
    expect(s.BookingRebookedData.required).toEqual(expect.arrayContaining(['citizenId', 'bookingId', 'previousBookingId']));
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
    expect(s.DeadlineExpiredData.properties.deregisteredFrom.description).toMatch(/required when consequence is DEREGISTRATION/);
    expect(s.ConversationType).toMatchObject({ type: 'integer', enum: [4, 7, 8, 9, 10, 11, 12, 13, 15, 17] });
    expect(s.MeetingFormat).toEqual({ type: 'string', enum: ['IN_PERSON', 'PHONE', 'VIDEO'] });
  });
});
