/**
 * The Pod Security Standards' "restricted" profile (baseline included), checked over a pod template as the
 * admission controller would check it (https://kubernetes.io/docs/concepts/security/pod-security-standards/).
 * Returns what would be refused, in words; empty when the pod passes.
 */
interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  seccompProfile?: { type?: string };
  capabilities?: { add?: string[]; drop?: string[] };
  procMount?: string;
  windowsOptions?: { hostProcess?: boolean };
}

interface Container {
  name: string;
  securityContext?: SecurityContext;
  ports?: { hostPort?: number }[];
}

export interface PodSpecForCheck {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext & { sysctls?: { name: string }[] };
  volumes?: Record<string, unknown>[];
  containers: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
}

const ALLOWED_VOLUMES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];

export function restrictedViolations(pod: PodSpecForCheck): string[] {
  const found: string[] = [];
  const podContext = pod.securityContext ?? {};
  const containers = [...pod.containers, ...(pod.initContainers ?? []), ...(pod.ephemeralContainers ?? [])];

  if (pod.hostNetwork || pod.hostPID || pod.hostIPC)
    found.push('host namespaces (hostNetwork/hostPID/hostIPC) are forbidden');
  for (const sysctl of podContext.sysctls ?? [])
    if (!SAFE_SYSCTLS.includes(sysctl.name)) found.push(`sysctl ${sysctl.name} is not in the safe set`);
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (!type || !ALLOWED_VOLUMES.includes(type))
      found.push(`volume ${String(volume.name)}: type ${type} is not allowed`);
  }
  if (podContext.runAsUser === 0) found.push('pod runAsUser 0 (root) is forbidden');
  const podSeccomp = podContext.seccompProfile?.type;
  if (podSeccomp !== undefined && !['RuntimeDefault', 'Localhost'].includes(podSeccomp))
    found.push(`pod seccompProfile ${podSeccomp} is not allowed`);

  for (const c of containers) {
    const context = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (context.windowsOptions?.hostProcess) found.push(`${where}: hostProcess is forbidden`);
    if (context.privileged) found.push(`${where}: privileged is forbidden`);
    if (context.procMount && context.procMount !== 'Default') found.push(`${where}: procMount ${context.procMount}`);
    if ((c.ports ?? []).some((p) => p.hostPort)) found.push(`${where}: hostPort is forbidden`);
    if (context.allowPrivilegeEscalation !== false) found.push(`${where}: allowPrivilegeEscalation must be false`);
    if (!(context.runAsNonRoot ?? podContext.runAsNonRoot))
      found.push(`${where}: runAsNonRoot must be true (pod or container)`);
    if (context.runAsUser === 0) found.push(`${where}: runAsUser 0 (root) is forbidden`);
    const seccomp = context.seccompProfile?.type ?? podSeccomp;
    if (!seccomp || !['RuntimeDefault', 'Localhost'].includes(seccomp))
      found.push(`${where}: seccompProfile must be RuntimeDefault or Localhost`);
    if (!(context.capabilities?.drop ?? []).includes('ALL')) found.push(`${where}: capabilities must drop ALL`);
    for (const cap of context.capabilities?.add ?? [])
      if (cap !== 'NET_BIND_SERVICE') found.push(`${where}: capability ${cap} may not be added`);
  }
  return found;
}
