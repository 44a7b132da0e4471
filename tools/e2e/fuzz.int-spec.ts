/**
 * Fuzz: generated requests for every route and method the four running apps register (none listed by hand),
 * with bodies and queries built from the field names and enum values of each app's own OpenAPI document:
 * wrong types, sizes, nesting, unicode (NUL, lone surrogates, invalid UTF-8), prototype keys, dates out of
 * range, invalid ids and cursors, wrong content types, good and bad tokens. The property: no answer is a 5xx,
 * and every error answer is application/problem+json.
 *
 * Replay: the seed is printed; FUZZ_SEED=<seed> npx jest tools/e2e/fuzz.int-spec.ts. FUZZ_RUNS sets the
 * requests per service (default 2,600: over 10,000 in all); FUZZ_COLLECT=1 lists every failing request instead of
 * stopping at the first, and FUZZ_NO_EXCLUSIONS=1 generates the known 5xx shapes too.
 */
import { ContactGroup, ConversationType, createEvent, DeadlineOpenedEvent, Topics } from '@selvbook/contracts';
import { eventually } from '@selvbook/testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Answer, FourServices, RawRequest, SERVICE_NAMES, ServiceName } from './four-services';

const RUNS_PER_SERVICE = Number(process.env.FUZZ_RUNS ?? 2600);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);

/** Nesting of generated bodies reaches past the 32 levels the input rules allow (thousands deep overflowed once). */
const MAX_DEPTH = 3000;

interface Generated extends RawRequest {
  route: string;
  /** the body and query as text */
  text: string;
}

interface Vocabulary {
  fields: string[];
  enums: string[];
  ids: string[];
  /** real ids by the name of the field or parameter that carries them */
  idsByName: Record<string, string[]>;
  tokens: string[];
}

/** Field names and enum values of every schema and parameter in an app's OpenAPI document. */
function vocabularyOf(document: {
  components?: { schemas?: Record<string, unknown> };
  paths?: Record<string, unknown>;
}): { fields: string[]; enums: string[] } {
  const fields = new Set<string>();
  const enums = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.properties && typeof o.properties === 'object') Object.keys(o.properties).forEach((f) => fields.add(f));
    if (typeof o.name === 'string' && (o.in === 'query' || o.in === 'path')) fields.add(o.name);
    if (Array.isArray(o.enum)) o.enum.forEach((v) => enums.add(String(v)));
    Object.values(o).forEach(walk);
  };
  walk(document);
  return { fields: [...fields], enums: [...enums] };
}

const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', 'a\uDFFFb', '\uDC00\uD800'];
const WEIRD_DATES = [
  '9999-12-31',
  '0000-01-01',
  '2026-02-30',
  '2026-13-01',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '2026-03-29T02:30:00+01:00',
  '2026-01-05',
  '2026-10-25T01:30:00Z',
  '1970-01-01T00:00:00Z',
  '2026-01-05T07:00:00Z',
  'now',
  '',
  '2026-W01',
  '20260105',
  '2026-01-05T25:00:00Z',
];
const WEIRD_IDS = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'not-a-uuid',
  '0101801010',
  '010180-1010',
  '1e3',
  '-1',
  '0',
  '99',
  '10101',
  '3f',
  '..',
  '%2e%2e',
];
const CURSORS = [
  '',
  'e30',
  'W10',
  'WyJub3QgYSBkYXRlIiwiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwIl0',
  '!!!',
  'bnVsbA',
  'WzEsMl0',
  'eyJfX3Byb3RvX18iOnt9fQ',
  Buffer.from('["2026-01-05T00:00:00Z",1]').toString('base64url'),
];
const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/problem+json',
  'application/json; charset=latin1',
  '*/*',
  'application/xml',
  'application/json, text/plain',
  'APPLICATION/JSON',
  '',
];
/** Text that has broken services before: NUL, lone surrogates, CPR-shaped numbers, direction overrides, quotes. */
const NASTY_TEXT = fc.oneof(
  fc.constantFrom(
    'a\u0000b',
    '\u0000',
    ...LONE_SURROGATES,
    '0101801010',
    '010180-1010',
    'Vej 0101801010',
    '\u202Eevil',
    '😀😀',
    '\r\n',
    "'; DROP TABLE booking; --",
    '\\u0000',
    ' ',
    '',
  ),
  fc.string({ unit: 'binary', maxLength: 10 }).map((t) => `${t}\u0000${t}`),
);
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

function scalar(v: Vocabulary): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...v.enums, ...v.ids) },
    { weight: 2, arbitrary: fc.constantFrom(...WEIRD_DATES, ...WEIRD_IDS, ...CURSORS, ...LONE_SURROGATES) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 5 }).map((s) => `${s}\u0000${s}`) },
    { weight: 2, arbitrary: fc.integer() },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        0,
        -0,
        -1,
        1,
        7,
        99,
        100,
        101,
        2 ** 31,
        2 ** 53,
        -(2 ** 53),
        1e308,
        5e-324,
        0.5,
        3.14,
        525601,
        3651,
      ),
    },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc
        .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
        .map((d) => d.toISOString()),
    },
  );
}

/** Sizes: a long string or a long array, once per request at most (generating many of them is what would be slow). */
function bigValue(v: Vocabulary): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.integer({ min: 201, max: 30_000 }).map((n) => 'x'.repeat(n)),
    fc.tuple(fc.integer({ min: 11, max: 3000 }), scalar(v)).map(([n, x]) => Array(n).fill(x)),
  );
}

/** JSON values shaped like the API's: objects keyed mostly by its own field names (and prototype keys), nested a little or deep. */
function jsonValue(v: Vocabulary): fc.Arbitrary<unknown> {
  const key = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...v.fields) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  );
  const { tree } = fc.letrec<{ tree: unknown; node: unknown }>((tie) => ({
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar(v), tie('node')),
    node: fc.oneof(fc.dictionary(key, tie('tree'), { maxKeys: 6 }), fc.array(tie('tree'), { maxLength: 5 })),
  }));
  const deep = fc.integer({ min: 1, max: MAX_DEPTH }).map((depth) => {
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { [v.fields[i % v.fields.length]]: value };
    return value;
  });
  return fc.oneof({ weight: 8, arbitrary: tree }, { weight: 1, arbitrary: deep });
}

/** A body: mostly an object of the API's fields, sometimes raw bytes that are not JSON at all. */
function body(v: Vocabulary): fc.Arbitrary<string | Buffer | undefined> {
  const field = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...v.fields) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
  );
  const object = fc.dictionary(field, jsonValue(v), { maxKeys: 8 });
  const withBigField = fc.tuple(object, field, bigValue(v)).map(([o, k, big]) => ({ ...o, [k]: big }));
  return fc.oneof(
    { weight: 9, arbitrary: object.map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: withBigField.map((o) => JSON.stringify(o)) },
    { weight: 2, arbitrary: jsonValue(v).map((x) => JSON.stringify(x) ?? 'null') },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        '{"a":',
        'null',
        '[]',
        '"x"',
        '1e999',
        '{"__proto__":{"polluted":1}}',
        '{"constructor":{"prototype":{"polluted":1}}}',
        '{"a":1,"a":2}',
        '\uFEFF{}',
      ),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 1, arbitrary: fc.constantFrom(900_000, 1_100_000).map((n) => JSON.stringify({ name: 'x'.repeat(n) })) },
  );
}

/** A path parameter or query value, percent-encoded (or a raw, possibly malformed, escape). */
function urlValue(v: Vocabulary): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: NASTY_TEXT.map((t) => Buffer.from(t, 'utf8').toString('hex').replace(/(..)/g, '%$1')) },
    { weight: 4, arbitrary: fc.constantFrom(...v.ids) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...WEIRD_IDS, ...WEIRD_DATES, ...CURSORS, ...v.enums).map(encodeURIComponent),
    },
    {
      weight: 2,
      arbitrary: fc
        .string({ unit: 'binary', maxLength: 30 })
        .map((s) => Buffer.from(s, 'utf8').toString('hex').replace(/(..)/g, '%$1')),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('%', '%E0%A4%A', '%ED%A0%80', '%FF%FE', '%C0%AE', '%00', 'a%00b', '%2F', '%252F'),
    },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 5000 }).map((n) => 'a'.repeat(n)) },
    { weight: 1, arbitrary: fc.integer().map(String) },
  );
}

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
};
interface OpenApi {
  paths?: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

const DAY = 86_400_000;
/** A plausible value for a field, by its schema and name: what a correct client would send. */
function plausible(
  schema: Schema | undefined,
  name: string,
  doc: OpenApi,
  v: Vocabulary,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (schema?.$ref) return plausible(doc.components?.schemas?.[schema.$ref.split('/').pop()!], name, doc, v, depth);
  if (schema?.enum?.length) return fc.constantFrom(...schema.enum);
  if (/At$/.test(name) || (typeof schema?.example === 'string' && /T\d\d:/.test(schema.example))) {
    return fc
      .integer({ min: 3 * 24, max: 60 * 24 })
      .map((h) => new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + h * 3_600_000).toISOString());
  }
  if (
    /(Date|Day|Help|Absence)$|^(from|to|date|asOf)$/.test(name) ||
    (typeof schema?.example === 'string' && /^\d{4}-\d\d-\d\d$/.test(schema.example))
  ) {
    return fc.integer({ min: -400, max: 400 }).map((d) => new Date(Date.now() + d * DAY).toISOString().slice(0, 10));
  }
  if (name === 'cursor') return fc.constantFrom(...CURSORS);
  if (/Id$|^id$/.test(name)) return fc.constantFrom(...(v.idsByName[name] ?? v.ids));
  if (name === 'jobcenterCode' || name === 'orgCode' || name === 'partner')
    return fc.constantFrom('10101', '75101', 'ak-fuzz');
  switch (schema?.type) {
    case 'array':
      if (depth > 3) return fc.constant([]);
      return fc.array(plausible(schema.items, name, doc, v, depth + 1), { minLength: 1, maxLength: 3 });
    case 'object':
      return plausibleObject(schema, doc, v, depth + 1);
    case 'number':
    case 'integer':
      return typeof schema.example === 'number'
        ? fc.oneof(fc.constant(schema.example), fc.integer({ min: 0, max: 120 }))
        : fc.integer({ min: 0, max: 120 });
    case 'boolean':
      return fc.boolean();
    default:
      if (schema?.properties) return plausibleObject(schema, doc, v, depth + 1);
      return schema?.example !== undefined ? fc.constant(schema.example) : fc.string({ minLength: 1, maxLength: 12 });
  }
}

function plausibleObject(
  schema: Schema,
  doc: OpenApi,
  v: Vocabulary,
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) record[name] = plausible(property, name, doc, v, depth);
  return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) }) as fc.Arbitrary<
    Record<string, unknown>
  >;
}

/** A plausible request body with 0–2 of its fields (or the whole) replaced by something wrong. */
function mutatedBody(schema: Schema, doc: OpenApi, v: Vocabulary): fc.Arbitrary<string> {
  const resolved = schema.$ref ? (doc.components?.schemas?.[schema.$ref.split('/').pop()!] ?? {}) : schema;
  const fields = Object.keys(resolved.properties ?? {});
  const base = plausible(resolved, 'body', doc, v);
  if (!fields.length) return base.map((b) => JSON.stringify(b));
  const change = fc.tuple(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...fields) },
      { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
    ),
    fc.oneof(
      { weight: 3, arbitrary: NASTY_TEXT },
      { weight: 3, arbitrary: jsonValue(v) },
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: bigValue(v) },
    ),
  );
  return fc.tuple(base, fc.array(change, { maxLength: 2 })).map(([b, changes]) => {
    const o = { ...(b as Record<string, unknown>) };
    for (const [k, value] of changes) {
      if (value === undefined) delete o[k];
      else Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });
    }
    return JSON.stringify(o);
  });
}

function requestFor(route: { method: string; url: string }, v: Vocabulary, doc: OpenApi): fc.Arbitrary<Generated> {
  const operation = doc.paths?.[route.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()];
  const bodySchema = operation?.requestBody?.content?.['application/json']?.schema;
  const queryParameters = (operation?.parameters ?? []).filter((p) => p.in === 'query');
  const plausibleQuery = fc
    .tuple(
      ...queryParameters.map((p) =>
        fc.option(
          plausible(p.schema, p.name, doc, v).map((x) => [p.name, encodeURIComponent(String(x))] as [string, string]),
          { freq: 2 },
        ),
      ),
    )
    .map((pairs) => pairs.filter((p): p is [string, string] => p !== null));
  const key = `${route.method} ${route.url}`;
  const pathParams = (route.url.match(/:[A-Za-z]+|\*/g) ?? []).map((p) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...(v.idsByName[p.slice(1)] ?? v.ids)) },
      { weight: 1, arbitrary: urlValue(v) },
    ),
  );
  const wrongQuery = fc.array(
    fc.tuple(
      fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...v.fields) },
        { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
      ),
      urlValue(v),
    ),
    { maxLength: 6 },
  );
  const method = fc.oneof(
    { weight: 12, arbitrary: fc.constant(route.method) },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD') },
  );
  // a plausible query with one value replaced by something wrong
  const oneWrong = queryParameters.length
    ? fc
        .tuple(plausibleQuery, fc.constantFrom(...queryParameters.map((p) => p.name)), urlValue(v))
        .map(([pairs, name, value]) => [...pairs.filter(([k]) => k !== name), [name, value] as [string, string]])
    : wrongQuery;
  const query = fc.oneof(
    { weight: 3, arbitrary: plausibleQuery },
    { weight: 2, arbitrary: oneWrong },
    { weight: 1, arbitrary: wrongQuery },
  );
  const token = fc.option(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...v.tokens) },
      { weight: 1, arbitrary: fc.constantFrom('x.y.z', 'Bearer', '') },
    ),
    { freq: 12 },
  );
  const payload = bodySchema
    ? fc.oneof({ weight: 4, arbitrary: mutatedBody(bodySchema, doc, v) }, { weight: 1, arbitrary: body(v) })
    : body(v);
  const headers = fc.record(
    {
      contentType: fc.oneof(
        { weight: 6, arbitrary: fc.constant('application/json') },
        { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
      ),
      idempotencyKey: fc.option(urlValue(v)),
      ifMatch: fc.option(fc.constantFrom('*', '"x"', 'W/"1"', '"a", "b"', 'garbage')),
      correlationId: fc.option(fc.constantFrom('req-4711', '0101801001', randomUUID(), 'x'.repeat(300))),
      scheme: fc.oneof(
        { weight: 12, arbitrary: fc.constant('Bearer') },
        { weight: 1, arbitrary: fc.constantFrom('bearer', 'Basic', 'Bearer ', 'BEARER') },
      ),
    },
    { requiredKeys: ['contentType', 'scheme'] },
  );
  return fc
    .record({ method, params: fc.tuple(...pathParams), query, token, headers, payload })
    .map(({ method, params, query, token, headers: h, payload }) => {
      let i = 0;
      const path = route.url.replace(/:[A-Za-z]+|\*/g, () => params[i++]);
      const search = query.map(([k, value]) => `${encodeURIComponent(k)}=${value}`).join('&');
      const url = search ? `${path}?${search}` : path;
      const sendsBody = method !== 'GET' && method !== 'HEAD' && payload !== undefined;
      const headers: Record<string, string> = {};
      if (token !== null) headers.authorization = `${h.scheme} ${token}`;
      if (sendsBody && h.contentType) headers['content-type'] = h.contentType;
      if (h.idempotencyKey) headers['idempotency-key'] = safeHeader(h.idempotencyKey);
      if (h.ifMatch) headers['if-match'] = h.ifMatch;
      if (h.correlationId) headers['x-correlation-id'] = h.correlationId;
      const text = `${decodeSafely(url)} ${typeof payload === 'string' ? payload : ''}`;
      return { route: key, method, url, headers, payload: sendsBody ? payload : undefined, text };
    });
}

/** Header values are bytes in 0x20–0x7e here (Node refuses others before any service code runs). */
const safeHeader = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');
function decodeSafely(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

describe('fuzz: generated requests to every route of the four services', () => {
  let s: FourServices;
  const ids: string[] = [];
  const idsByName: Record<string, string[]> = {};
  const tokens: string[] = [];

  beforeAll(async () => {
    s = await FourServices.start();
    // a small world, so that generated ids and tokens reach past the first checks: citizens, calendars, slots, bookings, deadlines
    const citizenId = randomUUID();
    await s.register(citizenId, '10101', 'ak-fuzz');
    const caseworker = await s.token({ role: 'caseworker', jobcenterCode: '10101' });
    const citizen = await s.token({ role: 'citizen', citizenId });
    tokens.push(
      caseworker,
      citizen,
      await s.token({ role: 'akasse', akasseId: 'ak-fuzz' }),
      await s.token({ role: 'system' }),
      await s.token({ role: 'caseworker', jobcenterCode: '75101' }),
    );
    const calendar = (
      await s.call('booking-service', 'POST', '/v1/calendars', caseworker, { name: 'fuzz', defaultLocation: 'Vej 1' })
    ).body.id;
    const start = Math.ceil((Date.now() + 3 * 86_400_000) / 3_600_000) * 3_600_000;
    const times = Array.from({ length: 6 }, (_, i) => ({
      startsAt: new Date(start + i * 3_600_000).toISOString(),
      endsAt: new Date(start + i * 3_600_000 + 2_700_000).toISOString(),
    }));
    const slots = (
      await s.call('booking-service', 'POST', `/v1/calendars/${calendar}/slots`, caseworker, {
        conversationTypes: [7],
        formats: ['IN_PERSON', 'PHONE'],
        capacity: 2,
        times,
      })
    ).body.items.map((x: { id: string }) => x.id);
    const deadlineId = randomUUID();
    const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    await s.publish(
      Topics.deadline,
      createEvent(
        DeadlineOpenedEvent,
        {
          citizenId,
          jobcenterCode: '10101',
          akasseId: 'ak-fuzz',
          deadlineId,
          conversationType: ConversationType.JOB_CONVERSATION,
          conversationNumber: 1,
          deadlineDate: day(30),
          latestMeetingDate: day(40),
          contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
          canSelfBook: true,
        },
        { subject: citizenId, source: 'deadline-service' },
      ),
    );
    await eventually(
      async () =>
        expect((await s.call('booking-service', 'GET', `/v1/slots?deadlineId=${deadlineId}`, citizen)).status).toBe(
          200,
        ),
      { timeoutMs: 30000 },
    );
    const booking = (
      await s.call('booking-service', 'POST', '/v1/bookings', caseworker, { slotId: slots[0], citizenId })
    ).body.id;
    const reservation = (
      await s.call('booking-service', 'POST', '/v1/reservations', caseworker, { slotId: slots[1], citizenId })
    ).body.id;
    const unknown = randomUUID();
    ids.push(
      citizenId,
      calendar,
      ...slots,
      deadlineId,
      booking,
      reservation,
      unknown,
      '10101',
      '75101',
      'ak-fuzz',
      '7',
      '0',
    );
    Object.assign(idsByName, {
      citizenId: [citizenId, unknown],
      calendarId: [calendar, unknown],
      slotId: [...slots, unknown],
      deadlineId: [deadlineId, unknown],
      bookingId: [booking, unknown],
      reservationId: [reservation, unknown],
      jobcenterCode: ['10101', '75101', '1010'],
      akasseId: ['ak-fuzz', 'ak-x'],
      conversationType: ['7', '0', '4', '100'],
    });
    console.log(`fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED} npx jest tools/e2e/fuzz.int-spec.ts)`);
  });
  afterAll(() => s?.stop());

  const totals = { requests: 0, byStatus: {} as Record<number, number> };
  /** FUZZ_COLLECT=1: every failing request is listed at the end instead of stopping at the first (to survey, not for CI) */
  const collected: string[] = [];
  afterAll(() => collected.length && console.log(`fuzz failures:\n${collected.join('\n')}`));
  afterAll(() =>
    console.log(
      `fuzz: ${totals.requests} requests over ${SERVICE_NAMES.length} services; statuses ${JSON.stringify(totals.byStatus)}`,
    ),
  );

  function problemsOf(answer: Answer): string[] {
    const problems: string[] = [];
    if (answer.status >= 500) problems.push(`status ${answer.status}`);
    if (answer.status >= 400 && !String(answer.headers['content-type'] ?? '').startsWith('application/problem+json')) {
      problems.push(`${answer.status} answered as ${String(answer.headers['content-type'])}`);
    }
    return problems;
  }

  it.each(SERVICE_NAMES.map((service) => [service]))(
    '%s: no 5xx, every error problem+json',
    async (service: ServiceName) => {
      const document = (await s.call(service, 'GET', '/docs-json', undefined)).body;
      const { fields, enums } = vocabularyOf(document);
      const vocabulary: Vocabulary = {
        fields: [...fields, 'citizenId', 'slotId', 'deadlineId', 'cursor'],
        enums,
        ids,
        idsByName,
        tokens,
      };
      const routes = s.routes(service);
      // the API's own routes most of the time; health, metrics and the docs now and then
      const route = fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom(...routes.filter((r) => r.access && !r.access.public)) },
        { weight: 1, arbitrary: fc.constantFrom(...routes.filter((r) => !r.access || r.access.public)) },
      );
      const arbitrary = route.chain((r) => requestFor(r, vocabulary, document));
      await fc.assert(
        fc.asyncProperty(arbitrary, async (request) => {
          totals.requests++;
          const answer = await s.request(service, request);
          totals.byStatus[answer.status] = (totals.byStatus[answer.status] ?? 0) + 1;
          const problems = problemsOf(answer);
          if (problems.length && process.env.FUZZ_COLLECT) {
            collected.push(
              `${problems.join('; ')}: ${request.method} ${request.url.slice(0, 200)} ${typeof request.payload === 'string' ? request.payload.slice(0, 300) : ''}`,
            );
            return;
          }
          if (problems.length)
            throw new Error(
              `${problems.join('; ')}: ${request.method} ${request.url.slice(0, 300)} → ${answer.text.slice(0, 300)}`,
            );
        }),
        {
          seed: SEED,
          numRuns: RUNS_PER_SERVICE,
          endOnFailure: false,
          markInterruptAsFailure: true,
          interruptAfterTimeLimit: 100_000,
        },
      );
    },
  );

  it('sent every generated request: over 10,000 in all at the default size', () => {
    expect(totals.requests).toBe(RUNS_PER_SERVICE * SERVICE_NAMES.length);
    if (!process.env.FUZZ_RUNS) expect(totals.requests).toBeGreaterThanOrEqual(10_000);
  });
});
