/**
 * The deployed form of the services, reproduced on this machine: the image's file tree (docker/image-tree.sh),
 * the image's command, user and environment (docker/Dockerfile's final stage), the environment the Kubernetes
 * manifests give each Deployment (`kubectl kustomize k8s/base`), and a read-only root filesystem. Only what a
 * cluster would supply differently is replaced: the Secrets' values, the in-cluster addresses and the ports.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..');

export interface ImageSpec {
  workdir: string;
  user: { uid: number; gid: number };
  env: Record<string, string>;
  /** CMD in exec form. */
  command: string[];
}

/** WORKDIR, USER, ENV and CMD of the Dockerfile's final stage. */
export function imageSpec(dockerfile = join(ROOT, 'docker', 'Dockerfile')): ImageSpec {
  const lines = readFileSync(dockerfile, 'utf8').split('\n');
  const finalStage = lines.slice(lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true));
  const spec: ImageSpec = { workdir: '/', user: { uid: 0, gid: 0 }, env: {}, command: [] };
  for (const line of finalStage) {
    const [, instruction, rest] = /^(\w+)\s+(.*)$/.exec(line.trim()) ?? [];
    if (instruction === 'WORKDIR') spec.workdir = rest;
    if (instruction === 'USER') {
      const [uid, gid] = rest.split(':').map(Number);
      spec.user = { uid, gid: gid ?? uid };
    }
    if (instruction === 'ENV') for (const [, k, v] of rest.matchAll(/(\w+)=(\S+)/g)) spec.env[k] = v;
    if (instruction === 'CMD') spec.command = JSON.parse(rest) as string[];
  }
  if (spec.command.length === 0) throw new Error(`${dockerfile}: the final stage has no CMD in exec form`);
  return spec;
}

/** Builds the image's /app tree into `dir` with the script the Dockerfile runs. */
export function assembleImageTree(dir: string): void {
  execFileSync(join(ROOT, 'docker', 'image-tree.sh'), [dir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string };
  };
}
interface SecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
}
interface PodSpec {
  terminationGracePeriodSeconds?: number;
  securityContext?: SecurityContext;
  volumes?: { name: string; emptyDir?: object }[];
  containers: {
    env?: EnvVar[];
    envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
    securityContext?: SecurityContext;
    volumeMounts?: { name: string; mountPath: string }[];
  }[];
}
/** The parts of a rendered Kubernetes document this test reads. */
type Doc = {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: { template: { spec: PodSpec } };
};

/** The rendered documents of a kustomization (k8s/base by default). */
export function renderManifests(kustomization = join(ROOT, 'k8s', 'base')): Doc[] {
  const rendered = execFileSync('kubectl', ['kustomize', kustomization], { encoding: 'utf8' });
  return parseAllDocuments(rendered)
    .map((d) => d.toJSON() as Doc)
    .filter(Boolean);
}

export interface DeploymentForm {
  env: Record<string, string>;
  user: { uid: number; gid: number };
  /** Paths the pod mounts writable (emptyDir volumes). */
  writable: string[];
  terminationGraceSeconds: number;
}

export interface ClusterStandIns {
  /** secret name → key → value */
  secrets: Record<string, Record<string, string>>;
  /** variable → the value the harness uses instead of the manifest's in-cluster address */
  addresses: Record<string, string>;
}

/**
 * What a Deployment's single container gets: its env and envFrom, Secrets and ConfigMaps resolved, the pod's
 * name for fieldRefs, with a variable's manifest value replaced only where the harness stands in for a cluster
 * address. A variable the manifests do not set stays unset, as it would in the cluster.
 */
export function deploymentForm(docs: Doc[], name: string, standIns: ClusterStandIns): DeploymentForm {
  const deployment = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === name);
  if (!deployment) throw new Error(`no Deployment ${name} in the manifests`);
  const pod = deployment.spec!.template.spec;
  const [container] = pod.containers;
  const configMap = (ref: string) => {
    const found = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === ref);
    if (!found) throw new Error(`${name}: ConfigMap ${ref} is referenced but not in the manifests`);
    return found.data ?? {};
  };
  const secret = (ref: { name: string; key: string }) => {
    const value = standIns.secrets[ref.name]?.[ref.key];
    if (value === undefined)
      throw new Error(`${name}: Secret ${ref.name}/${ref.key} has no stand-in value in the test`);
    return value;
  };
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) Object.assign(env, configMap(from.configMapRef.name));
    if (from.secretRef) Object.assign(env, standIns.secrets[from.secretRef.name]);
  }
  for (const variable of container.env ?? []) {
    const source = variable.valueFrom;
    if (!source) env[variable.name] = String(variable.value ?? '');
    else if (source.secretKeyRef) env[variable.name] = secret(source.secretKeyRef);
    else if (source.configMapKeyRef)
      env[variable.name] = configMap(source.configMapKeyRef.name)[source.configMapKeyRef.key];
    else if (source.fieldRef?.fieldPath === 'metadata.name') env[variable.name] = `${name}-0`;
    else throw new Error(`${name}: ${variable.name} has a valueFrom the test cannot stand in for`);
  }
  for (const [variable, value] of Object.entries(standIns.addresses)) if (variable in env) env[variable] = value;

  const emptyDirs = new Set((pod.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name));
  const context = { ...pod.securityContext, ...container.securityContext };
  return {
    env,
    user: { uid: context.runAsUser ?? 0, gid: context.runAsGroup ?? context.runAsUser ?? 0 },
    writable: (container.volumeMounts ?? []).filter((m) => emptyDirs.has(m.name)).map((m) => m.mountPath),
    terminationGraceSeconds: pod.terminationGracePeriodSeconds ?? 30,
  };
}

/**
 * `command` as the pod would run it: in a private mount namespace whose root is read-only (emptyDir mounts as
 * tmpfs), as the pod's uid and gid, with no capabilities. Needs root to set up, as the kubelet does.
 */
export function sandboxed(command: string[], form: DeploymentForm, readOnlyRoot: boolean): string[] {
  if (process.getuid?.() !== 0)
    throw new Error('the deployed-form test sets up a mount namespace and switches uid: run it as root (CI does)');
  const setup = [
    ...form.writable.map((path) => `mount -t tmpfs -o size=64m,mode=1777 tmpfs '${path}'`),
    ...(readOnlyRoot ? ['mount -o remount,bind,ro /'] : []),
    `exec setpriv --reuid=${form.user.uid} --regid=${form.user.gid} --clear-groups --inh-caps=-all --no-new-privs "$@"`,
  ].join(' && ');
  return ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', setup, 'pod', ...command];
}

/** The search path of the image: this machine's node in place of the image's. */
export function imagePath(): string {
  return `${dirname(process.execPath)}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
}
