/**
 * The four services' OpenAPI documents (GET /docs-json of the apps as they run) pass Spectral's recommended
 * OpenAPI ruleset with 0 errors, and every operation documents its responses: a schema for each success
 * body, problem+json for each error.
 */
import { lintOpenApi } from '../openapi/lint';
import { FourServices, SERVICE_NAMES } from './four-services';

describe('OpenAPI of the four services', () => {
  let s: FourServices;
  beforeAll(async () => {
    s = await FourServices.start();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it.each(SERVICE_NAMES)('%s: Spectral (spectral:oas recommended) finds 0 errors and 0 warnings', async (service) => {
    const answer = await s.call(service, 'GET', '/docs-json', undefined);
    expect(answer.status).toBe(200);
    const findings = await lintOpenApi(answer.body, `${service}.json`);
    const errors = findings.filter((f) => f.severity === 'error');
    const warnings = findings.filter((f) => f.severity === 'warning');
    console.log(
      `${service}: spectral:oas ${errors.length} errors, ${warnings.length} warnings${warnings.length ? `\n${warnings.map((w) => `  ${w.code} ${w.path}: ${w.message}`).join('\n')}` : ''}`,
    );
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]); // 0 as of issue 20: keep it there
  });

  /** Every operation of the four services, with its service and path. */
  async function operations() {
    const all: { where: string; op: Json; doc: Json }[] = [];
    for (const service of SERVICE_NAMES) {
      const doc = (await s.call(service, 'GET', '/docs-json', undefined)).body;
      for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
        for (const [method, op] of Object.entries(item))
          all.push({ where: `${service} ${method.toUpperCase()} ${path}`, op, doc });
      }
    }
    return all;
  }

  it('every success answers with a schema (204 none), every error with problem+json, every authenticated operation 401/403/429', async () => {
    const gaps: string[] = [];
    for (const { where, op } of await operations()) {
      const responses = op.responses as Record<string, Json>;
      const successes = Object.keys(responses).filter((c) => c.startsWith('2'));
      if (successes.length === 0) gaps.push(`${where}: no success response`);
      for (const code of successes) {
        const schema = responses[code].content?.['application/json']?.schema;
        if (code !== '204' && !schema) gaps.push(`${where} ${code}: no schema`);
        if (code === '204' && responses[code].content) gaps.push(`${where} 204: a body`);
      }
      for (const [code, response] of Object.entries(responses)) {
        if (
          Number(code) >= 400 &&
          Number(code) < 500 &&
          response.content?.['application/problem+json']?.schema?.$ref !== '#/components/schemas/ProblemDetails'
        )
          gaps.push(`${where} ${code}: not problem+json`);
      }
      if (op.security?.length)
        for (const code of ['401', '403', '429']) if (!responses[code]) gaps.push(`${where}: no ${code}`);
      if (op.requestBody && !responses['415']) gaps.push(`${where}: no 415`);
      if ((op.parameters ?? []).some((p: Json) => p.in === 'path') && !responses['404']) gaps.push(`${where}: no 404`);
      if (op.requestBody && !responses['400']) gaps.push(`${where}: no 400`);
    }
    expect(gaps).toEqual([]);
  });

  it('the booking service names its enums, describes how tokens are issued and lists its servers', async () => {
    const doc = (await s.call('booking-service', 'GET', '/docs-json', undefined)).body;
    expect(doc.components.schemas.ConversationType).toMatchObject({
      enum: expect.arrayContaining([7, 17]),
      'x-enum-varnames': expect.arrayContaining(['JOB_CONVERSATION', 'JOINT_CONVERSATION']),
    });
    const names = doc.components.schemas.ConversationType['x-enum-varnames'];
    expect(doc.components.schemas.ConversationType.enum[names.indexOf('JOB_CONVERSATION')]).toBe(7);
    expect(doc.components.securitySchemes.bearer.description).toContain('npm run token -- citizen');
    expect(doc.servers.map((x: Json) => x.url)).toContain('http://127.0.0.1:3003');
    // the booking: 201 with its schema and Location; the staff week view with the slot states
    const book = doc.paths['/v1/bookings'].post.responses;
    expect(book['201'].content['application/json'].schema.$ref).toBe('#/components/schemas/BookingDto');
    expect(book['409']).toBeDefined();
    expect(JSON.stringify(doc.components.schemas)).toContain('RESERVED');
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
