/**
 * JSON Schemas for the Prometheus Operator kinds Selvbook ships (monitoring.coreos.com/v1): the fields we use,
 * with the operator CRDs' types and required fields, and no unknown field (a typo such as `endpoint:` or
 * `rule:` would otherwise be dropped by the API server's pruning and silently scrape or alert nothing).
 */
import Ajv from 'ajv';

const metadata = {
  type: 'object',
  required: ['name', 'namespace'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 253 },
    namespace: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
  additionalProperties: false,
};

const duration = {
  type: 'string',
  pattern: '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$',
};
const labelSelector = {
  type: 'object',
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' }, minProperties: 1 },
    matchExpressions: { type: 'array' },
  },
  additionalProperties: false,
};

export const SERVICE_MONITOR_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'monitoring.coreos.com/v1' },
    kind: { const: 'ServiceMonitor' },
    metadata,
    spec: {
      type: 'object',
      required: ['selector', 'endpoints'],
      properties: {
        selector: labelSelector,
        namespaceSelector: {
          type: 'object',
          properties: {
            any: { type: 'boolean' },
            matchNames: { type: 'array', items: { type: 'string' }, minItems: 1 },
          },
          additionalProperties: false,
        },
        jobLabel: { type: 'string' },
        endpoints: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['port'],
            properties: {
              port: { type: 'string' },
              path: { type: 'string', pattern: '^/' },
              scheme: { enum: ['http', 'https'] },
              interval: duration,
              scrapeTimeout: duration,
              honorLabels: { type: 'boolean' },
            },
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

const rule = {
  type: 'object',
  required: ['expr'],
  oneOf: [{ required: ['alert'] }, { required: ['record'] }],
  properties: {
    alert: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
    record: { type: 'string', pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$' },
    expr: { type: 'string', minLength: 1 },
    for: duration,
    keep_firing_for: duration,
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
  additionalProperties: false,
};

export const PROMETHEUS_RULE_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'monitoring.coreos.com/v1' },
    kind: { const: 'PrometheusRule' },
    metadata,
    spec: {
      type: 'object',
      required: ['groups'],
      properties: {
        groups: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['name', 'rules'],
            properties: {
              name: { type: 'string', minLength: 1 },
              interval: duration,
              rules: { type: 'array', minItems: 1, items: rule },
            },
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

/** Validators by kind for monitoring.coreos.com/v1 documents: each returns its problems (none when valid). */
export function monitoringValidators(): Record<string, (doc: unknown) => string[]> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validators: Record<string, (doc: unknown) => string[]> = {};
  for (const [kind, schema] of [
    ['ServiceMonitor', SERVICE_MONITOR_SCHEMA],
    ['PrometheusRule', PROMETHEUS_RULE_SCHEMA],
  ] as const) {
    const validate = ajv.compile(schema);
    validators[kind] = (doc) =>
      validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  }
  return validators;
}
