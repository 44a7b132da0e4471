/**
 * Every overlay renders (kubectl kustomize) and 100 % of its documents validate: core kinds against the
 * Kubernetes schemas (kubernetes-models), Strimzi kinds against the Strimzi `v1` CRDs (../shared/k8s/strimzi-crds),
 * Prometheus Operator kinds against monitoring-schemas.ts, and every pod against the Pod Security "restricted" profile.
 */
import Ajv from 'ajv';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { renderManifests } from '../e2e/deployed-form';
import { monitoringValidators } from './monitoring-schemas';
import { PodSpecForCheck, restrictedViolations } from './pod-security';

const ROOT = join(__dirname, '..', '..');
const CRDS = join(ROOT, '..', 'shared', 'k8s', 'strimzi-crds');
const KUSTOMIZATIONS = ['k8s/base', 'k8s/overlays/production', 'k8s/overlays/local'];
const APPS = ['schedule-service', 'deadline-service', 'booking-service', 'notification-service', 'web'];

type Doc = {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML, read field by field in the tests
  spec?: Record<string, any>;
};
const rendered = Object.fromEntries(KUSTOMIZATIONS.map((k) => [k, renderManifests(join(ROOT, k)) as unknown as Doc[]]));

function strimziValidators(): Record<string, (doc: unknown) => string[]> {
  if (!existsSync(CRDS)) throw new Error(`the Strimzi CRDs are read from ${CRDS} (shared/ beside the checkout)`);
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validators: Record<string, (doc: unknown) => string[]> = {};
  for (const file of ['kafkatopic.crd.yaml', 'kafkauser.crd.yaml']) {
    const crd = parse(readFileSync(join(CRDS, file), 'utf8'));
    const v1 = crd.spec.versions.find((v: { name: string }) => v.name === 'v1');
    const validate = ajv.compile(v1.schema.openAPIV3Schema);
    validators[crd.spec.names.kind] = (doc) =>
      validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  }
  return validators;
}

/** Problems of core documents against the Kubernetes schemas (kubernetes-models, in a child: it is ES-module only). */
function coreProblems(docs: Doc[]): string[] {
  const output = execFileSync(process.execPath, [join(__dirname, 'validate-core.mjs')], {
    input: JSON.stringify(docs),
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[];
}

const podOf = (doc: Doc): PodSpecForCheck | undefined => doc.spec?.template?.spec as PodSpecForCheck | undefined;

describe.each(KUSTOMIZATIONS)('%s', (kustomization) => {
  const docs = rendered[kustomization];
  const strimzi = strimziValidators();
  const monitoring = monitoringValidators();

  it('validates every document: core kinds against Kubernetes, Strimzi kinds against its v1 CRDs, Prometheus Operator kinds against ours', () => {
    const problems = coreProblems(
      docs.filter(
        (d) => !d.apiVersion.startsWith('kafka.strimzi.io/') && !d.apiVersion.startsWith('monitoring.coreos.com/'),
      ),
    );
    for (const doc of docs) {
      const name = `${doc.kind}/${doc.metadata.name}`;
      if (doc.apiVersion.startsWith('monitoring.coreos.com/')) {
        const validate = monitoring[doc.kind];
        if (!validate) problems.push(`${name}: no schema to validate ${doc.apiVersion} ${doc.kind} against`);
        else problems.push(...validate(doc).map((p) => `${name}: ${p}`));
      }
      if (doc.apiVersion.startsWith('kafka.strimzi.io/')) {
        if (doc.apiVersion !== 'kafka.strimzi.io/v1')
          problems.push(`${name}: ${doc.apiVersion} is not served by Strimzi 1.x`);
        const validate = strimzi[doc.kind];
        if (!validate) problems.push(`${name}: no Strimzi CRD to validate ${doc.kind} against`);
        else problems.push(...validate(doc).map((p) => `${name}: ${p}`));
      }
    }
    expect(problems).toEqual([]);
    expect(docs.length).toBeGreaterThan(40);
  });

  it('every pod passes the Pod Security "restricted" profile, and the namespace enforces it', () => {
    const workloads = docs.filter((d) => podOf(d));
    expect(workloads.length).toBeGreaterThanOrEqual(APPS.length);
    const violations = workloads.flatMap((d) =>
      restrictedViolations(podOf(d)!).map((v) => `${d.kind}/${d.metadata.name}: ${v}`),
    );
    expect(violations).toEqual([]);
    const namespace = docs.find((d) => d.kind === 'Namespace' && d.metadata.name === 'selvbook') as unknown as {
      metadata: { labels: Record<string, string> };
    };
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it.each(APPS)('%s: probes, a disruption budget, an autoscaler, spread over nodes, a versioned image', (app) => {
    const deployment = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === app)!;
    const pod = deployment.spec!.template.spec;
    const [container] = pod.containers;
    expect(container.startupProbe.httpGet.path).toBe('/health/live');
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    expect(container.image).toMatch(/:\d+\.\d+\.\d+$/);
    expect(pod.topologySpreadConstraints.map((t: { topologyKey: string }) => t.topologyKey)).toEqual([
      'topology.kubernetes.io/zone',
      'kubernetes.io/hostname',
    ]);
    expect(docs.some((d) => d.kind === 'PodDisruptionBudget' && d.metadata.name === app)).toBe(true);
    // scraped through its Service by a ServiceMonitor (the prometheus.io annotations are gone)
    expect(JSON.stringify(deployment)).not.toContain('prometheus.io');
    const service = docs.find((d) => d.kind === 'Service' && d.metadata.name === app) as Doc & {
      metadata: { labels?: Record<string, string> };
    };
    const monitor = docs.find((d) => d.kind === 'ServiceMonitor' && d.metadata.name === app)!;
    expect(
      Object.entries(monitor.spec!.selector.matchLabels).every(([k, v]) => service.metadata.labels?.[k] === v),
    ).toBe(true);
    expect(service.spec!.ports.map((p: { name: string }) => p.name)).toContain(monitor.spec!.endpoints[0].port);
    expect(monitor.spec!.endpoints[0].path).toBe('/metrics');
    const hpa = docs.find((d) => d.kind === 'HorizontalPodAutoscaler' && d.spec!.scaleTargetRef.name === app)!;
    expect(hpa.spec!.metrics[0].resource.name).toBe('cpu');
    if (app === 'booking-service' && kustomization === 'k8s/base')
      expect([hpa.spec!.minReplicas, hpa.spec!.maxReplicas]).toEqual([2, 8]);
  });

  it('denies all traffic by default and allows DNS, PostgreSQL, Kafka and HTTP from the ingress controller', () => {
    const policies = docs.filter((d) => d.kind === 'NetworkPolicy');
    const deny = policies.find((p) => p.metadata.name === 'default-deny')!;
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const text = JSON.stringify(policies);
    for (const needed of ['"port":53', '"port":5432', '"port":9092', 'ingress-nginx', 'monitoring'])
      expect(text).toContain(needed);
  });
});

describe('the validators can fail', () => {
  it('a malformed Deployment is refused by the Kubernetes schema', () => {
    const broken = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: { replicas: 'two', selector: {}, template: {} },
    };
    expect(coreProblems([broken as unknown as Doc])).toEqual([expect.stringContaining('Deployment/x')]);
  });

  it('a KafkaUser with a v1beta2-style ACL (operation, not operations) is refused by the Strimzi v1 CRD', () => {
    const user = {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'KafkaUser',
      metadata: { name: 'x' },
      spec: {
        authorization: { type: 'simple', acls: [{ resource: { type: 'topic', name: 't' }, operation: 'Read' }] },
      },
    };
    expect(strimziValidators().KafkaUser(user).length).toBeGreaterThan(0);
  });
});

describe('the Prometheus Operator schemas can fail', () => {
  it('refuses a ServiceMonitor without endpoints and a PrometheusRule with a misspelt field', () => {
    const { ServiceMonitor, PrometheusRule } = monitoringValidators();
    const monitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'x', namespace: 'n' },
      spec: { selector: { matchLabels: { a: 'b' } }, endpoint: [{ port: 'http' }] },
    };
    expect(ServiceMonitor(monitor)).toEqual(
      expect.arrayContaining([expect.stringContaining("must have required property 'endpoints'")]),
    );
    const rule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'x', namespace: 'n' },
      spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0', for: 'five minutes' }] }] },
    };
    expect(PrometheusRule(rule)).toEqual(
      expect.arrayContaining([expect.stringContaining('/spec/groups/0/rules/0/for')]),
    );
  });
});

describe('the Pod Security check can fail', () => {
  it('names what a default pod lacks', () => {
    expect(restrictedViolations({ containers: [{ name: 'app' }] })).toEqual([
      'container app: allowPrivilegeEscalation must be false',
      'container app: runAsNonRoot must be true (pod or container)',
      'container app: seccompProfile must be RuntimeDefault or Localhost',
      'container app: capabilities must drop ALL',
    ]);
  });

  it('refuses host paths, root and added capabilities', () => {
    const violations = restrictedViolations({
      securityContext: { runAsNonRoot: true, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } },
      volumes: [{ name: 'host', hostPath: { path: '/' } }],
      containers: [
        {
          name: 'app',
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } },
        },
      ],
    });
    expect(violations).toEqual([
      'volume host: type hostPath is not allowed',
      'pod runAsUser 0 (root) is forbidden',
      'container app: capability SYS_ADMIN may not be added',
    ]);
  });
});
