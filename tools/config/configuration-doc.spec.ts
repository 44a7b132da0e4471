import { INTERNAL_TOPICS } from '@selvbook/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { renderManifests } from '../e2e/deployed-form';
import { configSections, renderConfigurationDoc, Variable, variablesOf } from './configuration-doc';

const ROOT = join(__dirname, '..', '..');
const SERVICES = ['schedule-service', 'deadline-service', 'booking-service', 'notification-service'];
/** the services and the web front, which calls their APIs and reads none of the common variables */
const APPS = [...SERVICES, 'web'];
/** every Deployment: the apps, and the booking service's read replicas (the booking-service app, SERVICE_ROLE=api) */
const DEPLOYMENTS = [...APPS, 'booking-reads'];

type Compose = {
  services: Record<string, { image?: string; environment?: Record<string, string>; command?: string[] }>;
};
const compose = parse(readFileSync(join(ROOT, 'docker', 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
const manifests = renderManifests();

/** Names of the variables a Deployment's container sets (env, and the keys of ConfigMaps it takes whole). */
function deploymentVariables(app: string): Set<string> {
  const deployment = manifests.find((d) => d.kind === 'Deployment' && d.metadata.name === app)!;
  const [container] = deployment.spec!.template.spec.containers;
  const names = new Set((container.env ?? []).map((e) => e.name));
  for (const from of container.envFrom ?? []) {
    const configMap = manifests.find((d) => d.kind === 'ConfigMap' && d.metadata.name === from.configMapRef?.name);
    for (const key of Object.keys(configMap?.data ?? {})) names.add(key);
  }
  return names;
}

/** Required variables, and conditional ones whose condition holds for what is given. */
function missing(variables: Variable[], given: Set<string>): string[] {
  const needed = (v: Variable) =>
    v.requirement === 'required' ||
    (v.requiredUnless !== undefined && !v.requiredUnless.some((a) => given.has(a))) ||
    (v.requiredWhen !== undefined && v.requiredWhen.some((a) => given.has(a)));
  return variables
    .filter(needed)
    .map((v) => v.name)
    .filter((name) => !given.has(name));
}

describe('configuration as one source', () => {
  it('docs/configuration.md is what the config classes generate (npm run config-docs)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8')).toBe(renderConfigurationDoc());
  });

  it('every variable says what it means', () => {
    const unexplained = configSections().flatMap((s) =>
      s.variables.filter((v) => !v.meaning).map((v) => `${s.owner}: ${v.name}`),
    );
    expect(unexplained).toEqual([]);
  });

  it('the web front needs the three APIs it calls, never a database or brokers, and never signs tokens in the cluster', () => {
    const web = variablesOf('web');
    expect(
      web
        .filter((v) => v.requirement === 'required')
        .map((v) => v.name)
        .sort(),
    ).toEqual(['BOOKING_URL', 'DEADLINE_URL', 'SCHEDULE_URL']);
    expect(web.map((v) => v.name)).not.toContain('DATABASE_URL');
    expect(deploymentVariables('web').has('WEB_DEV_LOGIN')).toBe(false);
  });

  it('knows which variables have no default: the database, the brokers, and a way to check tokens', () => {
    const common = variablesOf('booking-service');
    expect(
      common
        .filter((v) => v.requirement === 'required')
        .map((v) => v.name)
        .sort(),
    ).toEqual(['DATABASE_URL', 'KAFKA_BROKERS']);
    expect(common.find((v) => v.name === 'AUTH_PUBLIC_KEY')).toMatchObject({
      requirement: 'conditional',
      requiredUnless: ['AUTH_JWKS_URL'],
    });
    expect(common.find((v) => v.name === 'KAFKA_SASL_PASSWORD')).toMatchObject({
      requirement: 'conditional',
      requiredWhen: ['KAFKA_SASL_MECHANISM'],
    });
  });

  it.each(APPS)('the Kubernetes manifests give %s every variable it requires', (app) => {
    const given = deploymentVariables(app);
    expect(missing(variablesOf(app), given)).toEqual([]);
    // the identity provider, not a key pasted into a ConfigMap (the web front checks no token: the services do)
    if (app !== 'web') expect(given.has('AUTH_JWKS_URL')).toBe(true);
  });

  it('booking-reads is the booking service in the api role, given what that service requires', () => {
    for (const given of [
      deploymentVariables('booking-reads'),
      new Set(Object.keys(compose.services['booking-reads'].environment ?? {})),
    ])
      expect(missing(variablesOf('booking-service'), given)).toEqual([]);
    const [container] = manifests.find((d) => d.kind === 'Deployment' && d.metadata.name === 'booking-reads')!.spec!
      .template.spec.containers;
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'SERVICE', value: 'booking-service' },
        { name: 'SERVICE_ROLE', value: 'api' },
      ]),
    );
    expect(compose.services['booking-reads'].environment).toMatchObject({
      SERVICE: 'booking-service',
      SERVICE_ROLE: 'api',
    });
  });

  it.each(APPS)('the compose file gives %s every variable it requires', (app) => {
    const given = new Set(Object.keys(compose.services[app]?.environment ?? {}));
    expect(missing(variablesOf(app), given)).toEqual([]);
    expect(compose.services[app].environment?.SERVICE).toBe(app);
  });

  it('the notification service is never left mailing its own container', () => {
    for (const given of [
      deploymentVariables('notification-service'),
      new Set(Object.keys(compose.services['notification-service'].environment ?? {})),
    ]) {
      for (const name of ['SMTP_URL', 'SMS_GATEWAY_URL', 'DIGITAL_POST_URL', 'BOOKING_URL'])
        expect(given).toContain(name);
    }
  });

  it('compose creates every internal topic and its dead-letter topic before the services start', () => {
    const script = compose.services['kafka-topics'].command!.join('\n');
    for (const topic of INTERNAL_TOPICS) expect(script).toContain(topic);
    expect(script).toContain('"$$topic.dlq"');
  });

  it('images are versioned: the package version, never latest', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const images = manifests
      .filter((d) => d.kind === 'Deployment')
      .map((d) => (d.spec!.template.spec.containers[0] as { image?: string }).image);
    expect(images).toEqual(DEPLOYMENTS.map(() => `ghcr.io/selvbook/selvbook:${version}`));
    expect(DEPLOYMENTS.map((app) => compose.services[app].image)).toEqual(DEPLOYMENTS.map(() => `selvbook:${version}`));
  });
});
