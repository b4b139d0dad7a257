/**
 * fast-check arbitraries for pod specs and object metadata (Kubernetes 1.33 shapes),
 * schema-valid (required fields present, integers where Kubernetes has integers, unique
 * container names) and biased toward the fields security rules read.
 */
import fc from 'fast-check';
import { arbCommandLine } from './arb-command-line.ts';
import { bool, list, object, oneOf } from './arb-field.ts';

const CONTAINER_NAMES = ['app', 'web', 'sidecar', 'init-db', 'debugger', 'proxy', 'x'] as const;

/** Image references with and without registry, port, tag, digest, `latest`. */
export const IMAGES = [
  'nginx',
  'nginx:latest',
  'nginx:1.27',
  'library/nginx:1.27',
  'docker.io/library/nginx:1.27',
  'registry.example.com/team/app:1.0',
  'registry.example.com:5000/team/app:2.1',
  'registry.example.com/team/app@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
  'ghcr.io/org/tool:v1.2@sha256:fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9',
  'localhost/dev:latest',
  'localhost:5000/dev',
  'quay.io/org/app',
  'busybox:1.36',
] as const;

const CAPABILITIES = [
  'ALL',
  'NET_BIND_SERVICE',
  'SYS_ADMIN',
  'NET_RAW',
  'CHOWN',
  'NET_ADMIN',
  'SYS_PTRACE',
  'all',
  'net_bind_service',
  'sys_admin',
] as const;

const uid = () => oneOf(0, 1, 1000, 65534, 10001);

const seccompProfile = () =>
  fc.oneof(
    object({ type: oneOf('RuntimeDefault', 'Unconfined') }),
    object({ type: fc.constant('Localhost'), localhostProfile: oneOf('profiles/audit.json') }),
  );

const appArmorProfile = () =>
  fc.oneof(
    object({ type: oneOf('RuntimeDefault', 'Unconfined') }),
    object({ type: fc.constant('Localhost'), localhostProfile: oneOf('k8s-apparmor-default') }),
  );

const seLinuxOptions = () =>
  object(
    {},
    {
      type: oneOf('container_t', 'container_init_t', 'container_kvm_t', 'spc_t', 'unconfined_t'),
      user: oneOf('system_u', 'unconfined_u'),
      role: oneOf('system_r', 'object_r'),
      level: oneOf('s0:c123,c456', 's0'),
    },
  );

const windowsOptions = () =>
  object(
    {},
    { hostProcess: bool(), runAsUserName: oneOf('ContainerUser', 'NT AUTHORITY\\SYSTEM') },
  );

/** A container's securityContext, every field optional. */
export const arbSecurityContext = () =>
  object(
    {},
    {
      privileged: bool(),
      runAsNonRoot: bool(),
      runAsUser: uid(),
      runAsGroup: uid(),
      allowPrivilegeEscalation: bool(),
      readOnlyRootFilesystem: bool(),
      procMount: oneOf('Default', 'Unmasked'),
      capabilities: object(
        {},
        { add: list(oneOf(...CAPABILITIES)), drop: list(oneOf(...CAPABILITIES)) },
      ),
      seccompProfile: seccompProfile(),
      seLinuxOptions: seLinuxOptions(),
      appArmorProfile: appArmorProfile(),
      windowsOptions: windowsOptions(),
    },
  );

/** A pod's securityContext. */
export const arbPodSecurityContext = () =>
  object(
    {},
    {
      runAsNonRoot: bool(),
      runAsUser: uid(),
      runAsGroup: uid(),
      fsGroup: uid(),
      supplementalGroups: list(uid()),
      seccompProfile: seccompProfile(),
      seLinuxOptions: seLinuxOptions(),
      appArmorProfile: appArmorProfile(),
      windowsOptions: windowsOptions(),
      sysctls: list(
        object({
          name: oneOf(
            'kernel.shm_rmid_forced',
            'net.ipv4.ip_local_port_range',
            'net.ipv4.ip_unprivileged_port_start',
            'kernel.msgmax',
            'net.core.somaxconn',
          ),
          value: oneOf('0', '1', '1024 65535'),
        }),
      ),
    },
  );

const port = () => fc.integer({ min: 1, max: 65535 });
const quantity = () => oneOf<string | number>('100m', '250m', '1', '2', 1, 2, '128Mi', '1Gi', '0');

const httpGet = () =>
  object(
    { port: fc.oneof(port(), oneOf('http')) },
    { path: oneOf('/healthz', '/'), host: oneOf('127.0.0.1', '10.0.0.1', 'example.com') },
  );

const handler = () =>
  fc.oneof(
    object({ httpGet: httpGet() }),
    object({
      tcpSocket: object({ port: port() }, { host: oneOf('127.0.0.1', '169.254.169.254') }),
    }),
    object({ exec: object({ command: fc.constant(['true']) }) }),
  );

const probe = () =>
  handler().chain((h) =>
    object({}, { periodSeconds: fc.integer({ min: 1, max: 60 }) }).map((p) => ({ ...h, ...p })),
  );

const env = () =>
  fc.oneof(
    object({ name: oneOf('MODE', 'LOG_LEVEL') }, { value: oneOf('prod', '') }),
    object({
      name: oneOf('PASSWORD', 'TOKEN'),
      valueFrom: object({
        secretKeyRef: object({ name: oneOf('db', 'api'), key: oneOf('password', 'token') }),
      }),
    }),
  );

const resources = () =>
  object(
    {},
    {
      requests: object({}, { cpu: quantity(), memory: quantity() }),
      limits: object({}, { cpu: quantity(), memory: quantity(), 'ephemeral-storage': quantity() }),
    },
  );

/** Fields common to containers and ephemeral containers. */
const commonContainerFields = {
  imagePullPolicy: oneOf('Always', 'IfNotPresent', 'Never'),
  securityContext: arbSecurityContext(),
  env: list(env()),
  envFrom: list(object({ secretRef: object({ name: oneOf('db', 'api') }) })),
  volumeMounts: list(
    object(
      { name: oneOf('data', 'host'), mountPath: oneOf('/data', '/host') },
      { readOnly: bool() },
    ),
  ),
};

/** A container (regular or init). Names are made unique per pod by `arbPodSpec`. */
export const arbContainer = () =>
  withCommandLine(
    object(
      { name: oneOf(...CONTAINER_NAMES), image: oneOf(...IMAGES) },
      {
        ...commonContainerFields,
        ports: list(
          object(
            { containerPort: port() },
            {
              hostPort: fc.oneof(oneOf(0, 80, 8080), port()),
              hostIP: oneOf('0.0.0.0', '127.0.0.1'),
              protocol: oneOf('TCP', 'UDP', 'SCTP'),
              name: oneOf('http', 'metrics'),
            },
          ),
        ),
        resources: resources(),
        livenessProbe: probe(),
        readinessProbe: probe(),
        startupProbe: probe(),
        lifecycle: object({}, { postStart: handler(), preStop: handler() }),
      },
    ),
  );

/**
 * Gives about one container in two a command line (control-plane binaries and their flags,
 * for the flag helpers and the CIS control-plane rules).
 */
function withCommandLine(
  container: fc.Arbitrary<Record<string, unknown>>,
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(container, fc.option(arbCommandLine(), { freq: 2 }))
    .map(([c, line]) => (line === null ? c : { ...c, ...line }));
}

/** An ephemeral container (no ports, probes or resources: the API forbids them). */
export const arbEphemeralContainer = () =>
  object(
    { name: oneOf('debugger', 'shell'), image: oneOf(...IMAGES) },
    { ...commonContainerFields, targetContainerName: oneOf('app', 'web') },
  );

const volumeSource = () =>
  fc.oneof(
    object({
      hostPath: object(
        { path: oneOf('/', '/var/run/docker.sock', '/etc', '/data') },
        { type: oneOf('', 'Directory', 'Socket', 'DirectoryOrCreate') },
      ),
    }),
    object({ emptyDir: object({}, { medium: oneOf('', 'Memory'), sizeLimit: quantity() }) }),
    object({ configMap: object({ name: oneOf('cfg') }, { defaultMode: oneOf(420, 511) }) }),
    object({ secret: object({ secretName: oneOf('db') }, { optional: bool() }) }),
    object({ persistentVolumeClaim: object({ claimName: oneOf('data') }, { readOnly: bool() }) }),
    object({ projected: object({ sources: fc.constant([]) }) }),
    object({ nfs: object({ server: oneOf('nfs.example.com'), path: oneOf('/exports') }) }),
    object({ downwardAPI: object({}, { defaultMode: oneOf(420) }) }),
  );

function uniqueNames<T extends { name?: unknown }>(items: T[], taken: Set<string>): T[] {
  return items.map((item) => {
    const base = String(item.name);
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
    taken.add(name);
    return { ...item, name };
  });
}

/** A pod spec: 1–3 containers, optional init and ephemeral containers, host namespaces, volumes. */
export const arbPodSpec = (): fc.Arbitrary<Record<string, unknown>> =>
  object(
    { containers: fc.array(arbContainer(), { minLength: 1, maxLength: 3 }) },
    {
      initContainers: list(arbContainer(), 2),
      ephemeralContainers: list(arbEphemeralContainer(), 1),
      hostNetwork: bool(),
      hostPID: bool(),
      hostIPC: bool(),
      hostUsers: bool(),
      shareProcessNamespace: bool(),
      serviceAccountName: oneOf('default', 'app', 'admin'),
      automountServiceAccountToken: bool(),
      nodeName: oneOf('node-1'),
      restartPolicy: oneOf('Always', 'OnFailure', 'Never'),
      securityContext: arbPodSecurityContext(),
      volumes: list(
        volumeSource().chain((v) => oneOf('data', 'host', 'cfg').map((name) => ({ name, ...v }))),
      ),
    },
  ).map((spec) => {
    // Container names are unique across all container lists, volume names per pod.
    const taken = new Set<string>();
    const out: Record<string, unknown> = { ...spec };
    for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
      if (Array.isArray(out[key])) out[key] = uniqueNames(out[key] as { name?: unknown }[], taken);
    }
    if (Array.isArray(out.volumes)) {
      out.volumes = uniqueNames(out.volumes as { name?: unknown }[], new Set());
    }
    return out;
  });

/** Label maps, including integer-like keys (which JavaScript orders first). */
export const arbLabels = () =>
  fc.dictionary(
    oneOf('app', 'team', 'tier', 'app.kubernetes.io/name', 'env', '9', '10', 'z-last'),
    oneOf('web', 'payments', '', 'prod', 'x'),
    { maxKeys: 4 },
  );

const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** Annotations, including AppArmor ones for the usual container names. */
export const arbAnnotations = () =>
  fc.dictionary(
    oneOf(
      ...CONTAINER_NAMES.map((n) => `${APPARMOR_PREFIX}${n}`),
      'seccomp.security.alpha.kubernetes.io/pod',
      'kubernetes.io/description',
      'example.com/owner',
    ),
    oneOf('runtime/default', 'localhost/k8s-apparmor-default', 'unconfined', 'docker/default', ''),
    { maxKeys: 3 },
  );

/** Object metadata: a DNS-label name, optional namespace (incl. `default`), labels, annotations. */
export const arbObjectMeta = (withNamespace = true) =>
  object(
    { name: oneOf('web', 'api', 'worker', 'nightly', 'x-1') },
    {
      ...(withNamespace ? { namespace: oneOf('default', 'team-a', 'kube-system', 'prod') } : {}),
      labels: arbLabels(),
      annotations: arbAnnotations(),
    },
  );
