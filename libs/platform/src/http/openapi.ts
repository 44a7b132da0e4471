import { applyDecorators } from '@nestjs/common';
import { ApiResponse, OpenAPIObject } from '@nestjs/swagger';
import { titleOf } from './problem.filter';

/**
 * The OpenAPI document every service publishes at /docs, completed the same way for all four (issue 20):
 * a ProblemDetails schema and the error responses each operation can answer, the bearer scheme with how
 * tokens are issued, servers, global tags, and enum schemas with their names. What can be inferred from an
 * operation is added here; what only the handler knows (409, 412, …) it declares with `@ApiProblems(…)`.
 */

const PROBLEM_MEDIA_TYPE = 'application/problem+json';
/** `$ref` of the ProblemDetails schema `completeOpenApi` adds. */
export const PROBLEM_DETAILS_REF = '#/components/schemas/ProblemDetails';

/** When each status is answered, as the services answer it; the title is the status's (`titleOf`). */
export const PROBLEM_STATUSES: Record<number, { description: string; example: { type: string; detail: string } }> = {
  400: {
    description: 'Bad request: the body, a query parameter or a path parameter is malformed',
    example: { type: 'about:blank', detail: 'slotId must be a UUID' },
  },
  401: {
    description: 'No valid bearer token',
    example: { type: 'about:blank', detail: 'a bearer token is required' },
  },
  403: {
    description: "The token's role, organisation or citizen may not do this",
    example: {
      type: 'urn:selvbook:problem:forbidden-organisation',
      detail: 'this calendar belongs to another organisation',
    },
  },
  404: {
    description: 'No such resource',
    example: { type: 'urn:selvbook:problem:booking-not-found', detail: 'no such booking' },
  },
  409: {
    description: 'A rule of the domain refuses the request in the current state',
    example: { type: 'urn:selvbook:problem:slot-full', detail: 'the slot is fully booked' },
  },
  412: {
    description: "If-Match does not match the resource's ETag: it changed since it was read",
    example: {
      type: 'urn:selvbook:problem:precondition-failed',
      detail: 'the booking has changed since you read it (If-Match does not match its ETag)',
    },
  },
  422: {
    description: 'The Idempotency-Key was used for a different request',
    example: {
      type: 'urn:selvbook:problem:idempotency-key-reused',
      detail: 'this idempotency key was used for a booking of another slot',
    },
  },
  415: {
    description: 'The body is not JSON',
    example: { type: 'about:blank', detail: 'Unsupported Media Type: text/plain' },
  },
  429: {
    description: 'Over a rate limit: see Retry-After and the RateLimit headers',
    example: { type: 'urn:selvbook:problem:rate-limited', detail: 'rate limit exceeded, retry in 41 s' },
  },
};

function problemResponse(status: number) {
  const known = PROBLEM_STATUSES[status];
  return {
    description: known?.description ?? 'Error',
    content: {
      [PROBLEM_MEDIA_TYPE]: {
        schema: { $ref: PROBLEM_DETAILS_REF },
        ...(known
          ? { example: { type: known.example.type, title: titleOf(status), detail: known.example.detail, status } }
          : {}),
      },
    },
  };
}

/** Error responses only the handler knows it answers (409, 412, …); the rest are inferred by `completeOpenApi`. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })));
}

/** A named enum schema: its values with their names (`x-enum-varnames`) and meanings (`x-enum-descriptions`). */
interface NamedEnum {
  values: (string | number)[];
  names: string[];
  descriptions?: string[];
}
const NAMED_ENUMS = new Map<string, NamedEnum>();

/**
 * Property options for an enum published as a named schema (`enumName`), e.g. the DFDG conversation type
 * ids with their names: `@ApiProperty({ ...namedEnum('ConversationType', ConversationType, meanings) })`.
 */
export function namedEnum(
  name: string,
  values: Record<string, string | number>,
  meanings: Partial<Record<string, string>> = {},
): { enum: (string | number)[]; enumName: string } {
  const numeric = Object.values(values).some((v) => typeof v === 'number');
  const names = Object.keys(values).filter((k) => !numeric || Number.isNaN(Number(k)));
  const entries = names.map((n) => values[n]);
  NAMED_ENUMS.set(name, {
    values: entries,
    names,
    ...(Object.keys(meanings).length ? { descriptions: names.map((n) => meanings[n] ?? n) } : {}),
  });
  return { enum: entries, enumName: name };
}

export interface OpenApiCompletion {
  serviceName: string;
  /** the port `npm start` runs the service on */
  localPort?: number;
  /** operations are rate limited (RATE_LIMIT_ENABLED) */
  rateLimited: boolean;
}

export const BEARER_DESCRIPTION = [
  'A JWT (RS256) in `Authorization: Bearer <token>`. In production the identity provider issues it: MitID for',
  "citizens (`role: citizen`, `citizenId`), the jobcenter's and the a-kasse's own identity providers for staff",
  '(`role: caseworker` with `jobcenterCode`, `role: akasse` with `akasseId`), and client credentials for systems',
  '(`role: system`); every service checks it against the public key it is given (`AUTH_PUBLIC_KEY`). Locally (`npm',
  'start`), mint one with the development key: `npm run token -- citizen <citizenId>`, `npm run token -- caseworker',
  '10101`, `npm run token -- akasse 3f`, `npm run token -- system`. ' +
    'Citizen tokens live at most an hour, staff tokens a shift.',
].join(' ');

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  security?: Record<string, string[]>[];
  responses: Record<string, { description?: string; content?: unknown }>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/** Completes a document made by `SwaggerModule.createDocument`; see the top of this file. */
export function completeOpenApi(document: OpenAPIObject, options: OpenApiCompletion): OpenAPIObject {
  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {});
  schemas.ProblemDetails ??= {
    type: 'object',
    description: 'RFC 9457 problem details (application/problem+json), as every error is answered',
    required: ['type', 'title', 'status'],
    properties: {
      type: {
        type: 'string',
        example: 'urn:selvbook:problem:slot-full',
        description: '`urn:selvbook:problem:<code>` for a rule of the domain; `about:blank` for a plain HTTP error',
      },
      title: { type: 'string', example: 'conflict', description: 'the HTTP status in words' },
      status: { type: 'integer', minimum: 400, maximum: 599, example: 409 },
      detail: {
        type: 'string',
        example: 'the slot is fully booked',
        description: 'what went wrong, for a person to read',
      },
      instance: { type: 'string', example: '/v1/bookings', description: 'the request path' },
      errors: {
        type: 'array',
        items: { type: 'string' },
        example: ['slotId must be a UUID'],
        description: 'validation failures, one per field',
      },
    },
  };
  components.securitySchemes = {
    bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: BEARER_DESCRIPTION },
  };
  document.servers = [
    ...(options.localPort ? [{ url: `http://127.0.0.1:${options.localPort}`, description: 'local: `npm start`' }] : []),
    {
      url: 'https://{host}',
      description: 'deployed: the ingress of this service',
      variables: {
        host: {
          default: `${options.serviceName}.selvbook.local`,
          description: 'the host the ingress serves the service on',
        },
      },
    },
  ];
  for (const [name, named] of NAMED_ENUMS) {
    const schema = schemas[name] as Record<string, unknown> | undefined;
    if (!schema) continue;
    // Nest's explorer types every enum schema as a string; the DFDG ids are integers
    schema.type = named.values.every((v) => typeof v === 'number') ? 'integer' : 'string';
    schema['x-enum-varnames'] = named.names;
    if (named.descriptions) {
      schema['x-enum-descriptions'] = named.descriptions;
      schema.description = named.names.map((n, i) => `${named.values[i]} = ${n}: ${named.descriptions![i]}`).join('; ');
    } else {
      schema.description ??= named.names.map((n, i) => `${named.values[i]} = ${n}`).join('; ');
    }
  }
  const tags = new Set<string>();
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = (path as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      operation.tags?.forEach((t) => tags.add(t));
      if (!operation.description)
        operation.description =
          operation.summary ??
          `${method.toUpperCase()} ${Object.keys(document.paths).find((p) => document.paths[p] === path)}`;
      const authenticated = (operation.security?.length ?? 0) > 0;
      if (authenticated) operation.security = [{ bearer: [] }];
      const params = operation.parameters ?? [];
      // every path id of the four services is a uuid (ParseUUIDPipe); codes (jobcenterCode) are not ids
      for (const p of params as { in: string; name: string; schema?: { type?: string; format?: string } }[]) {
        if (p.in === 'path' && /Id$/.test(p.name) && p.schema?.type === 'string') p.schema.format ??= 'uuid';
      }
      const inferred = new Set<number>();
      if (params.length > 0 || operation.requestBody) inferred.add(400);
      if (authenticated) {
        inferred.add(401);
        inferred.add(403);
        if (options.rateLimited) inferred.add(429);
      }
      if (params.some((p) => p.in === 'path')) inferred.add(404);
      if (operation.requestBody) inferred.add(415);
      for (const status of inferred) operation.responses[String(status)] ??= problemResponse(status) as never;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 && Number(status) < 500 && !response.content)
          Object.assign(response, problemResponse(Number(status)));
        if (!response.description)
          response.description =
            Number(status) < 300 ? 'Success' : (PROBLEM_STATUSES[Number(status)]?.description ?? 'Error');
      }
    }
  }
  document.tags = [...tags].sort().map((name) => document.tags?.find((t) => t.name === name) ?? { name });
  return document;
}
