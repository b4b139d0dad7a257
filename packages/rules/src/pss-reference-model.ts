/**
 * Test support: an independent reference model of upstream Pod Security Admission, versioned.
 *
 * `UPSTREAM_CHECKS` re-states k8s.io/pod-security-admission policy/check_*.go (upstream commit
 * 8f84a87, July 2026) as plain imperative TypeScript over the raw JSON pod (null = Go nil),
 * written from the Go code and not from our rules: each check by its upstream ID, with its
 * level, the first policy version it exists at, the checks it overrides at the restricted level
 * (OverrideCheckIDs) and its behaviour at a policy version (a minor, 23..37). `upstreamChecks`
 * and `upstreamAllows` evaluate a pod at a level and version as upstream's registry does; the
 * result has the shape of `psa-check`'s `checks`, so the reference test and the oracle test
 * compare the rules with the same mapping (`upstreamCheckOf`). Not exported by the package.
 */

import { type AnyRule, evaluateRule, PSS_VERSION_PARAM } from '@kpc/core';
import { WORKLOAD_KINDS, type WorkloadKind, wrapPodSpec } from '@kpc/testing';
import fc from 'fast-check';

export type J = Record<string, unknown>;
const nil = (v: unknown): v is null | undefined => v === null || v === undefined;
export const obj = (v: unknown): J | undefined => (nil(v) ? undefined : (v as J));
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** visitContainers: init containers, containers, ephemeral containers (order irrelevant here). */
function containers(spec: J): J[] {
  return [
    ...arr(spec.initContainers),
    ...arr(spec.containers),
    ...arr(spec.ephemeralContainers),
  ] as J[];
}
const sc = (c: J): J | undefined => obj(c.securityContext);
const podSc = (spec: J): J | undefined => obj(spec.securityContext);
const isWindows = (spec: J) => obj(spec.os)?.name === 'windows';
/** relaxPolicyForUserNamespacePod. */
const userNamespaced = (spec: J) => spec.hostUsers === false;

const CAPS_BASELINE = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
/** SELinux types: the v1.0 set; container_engine_t joins at v1.31. */
const seLinuxTypes = (minor: number) =>
  new Set([
    '',
    'container_t',
    'container_init_t',
    'container_kvm_t',
    ...(minor >= 31 ? ['container_engine_t'] : []),
  ]);
/** Safe sysctls by the version that added them. */
const SYSCTLS_SINCE: readonly [number, readonly string[]][] = [
  [
    0,
    [
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
      'net.ipv4.ip_unprivileged_port_start',
    ],
  ],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [
    29,
    [
      'net.ipv4.tcp_keepalive_time',
      'net.ipv4.tcp_fin_timeout',
      'net.ipv4.tcp_keepalive_intvl',
      'net.ipv4.tcp_keepalive_probes',
    ],
  ],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  [37, ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];
const safeSysctls = (minor: number) =>
  new Set(SYSCTLS_SINCE.filter(([v]) => v <= minor).flatMap(([, names]) => names));
const validSeccomp = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
const validAppArmor = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';

/** procMount_1_0: no container sets a procMount other than Default. */
function procMountOk(spec: J): boolean {
  for (const c of containers(spec)) {
    const pm = sc(c)?.procMount;
    if (!nil(pm) && pm !== 'Default') return false;
  }
  return true;
}

function seLinuxOk(o: J | undefined, types: Set<string>): boolean {
  if (o === undefined) return true;
  return types.has(str(o.type)) && str(o.user).length === 0 && str(o.role).length === 0;
}

function runAsNonRootOk(spec: J): boolean {
  let podTrue = false;
  const pod = podSc(spec)?.runAsNonRoot;
  if (!nil(pod)) {
    if (pod === false) return false;
    podTrue = true;
  }
  for (const c of containers(spec)) {
    const v = sc(c)?.runAsNonRoot;
    if (!nil(v)) {
      if (v === false) return false;
    } else if (!podTrue) return false;
  }
  return true;
}

function seccompRestrictedOk(spec: J): boolean {
  let podSet = false;
  const p = obj(podSc(spec)?.seccompProfile);
  if (p !== undefined) {
    if (!validSeccomp(p.type)) return false;
    podSet = true;
  }
  for (const c of containers(spec)) {
    const cp = obj(sc(c)?.seccompProfile);
    if (cp !== undefined) {
      if (!validSeccomp(cp.type)) return false;
    } else if (!podSet) return false;
  }
  return true;
}

function capabilitiesRestrictedOk(spec: J): boolean {
  for (const c of containers(spec)) {
    const caps = obj(sc(c)?.capabilities);
    if (caps === undefined) return false;
    if (!arr(caps.drop).some((d) => d === 'ALL')) return false;
    if (arr(caps.add).some((a) => a !== 'NET_BIND_SERVICE')) return false;
  }
  return true;
}

/** One upstream check. `allows` is its behaviour at policy version v1.<minor>. */
export interface UpstreamCheck {
  readonly level: 'baseline' | 'restricted';
  /** The first policy version (minor) the check exists at; 0 when it always did. */
  readonly since: number;
  /** Baseline checks it replaces at the restricted level (OverrideCheckIDs). */
  readonly overrides?: readonly string[];
  readonly allows: (spec: J, meta: J, minor: number) => boolean;
}

/** Upstream's checks by upstream check ID. */
export const UPSTREAM_CHECKS: Readonly<Record<string, UpstreamCheck>> = {
  hostNamespaces: {
    level: 'baseline',
    since: 0,
    allows: (spec) =>
      !(spec.hostNetwork === true || spec.hostPID === true || spec.hostIPC === true),
  },
  privileged: {
    level: 'baseline',
    since: 0,
    allows: (spec) => containers(spec).every((c) => sc(c)?.privileged !== true),
  },
  capabilities_baseline: {
    level: 'baseline',
    since: 0,
    allows: (spec) => {
      for (const c of containers(spec)) {
        const caps = obj(sc(c)?.capabilities);
        if (caps === undefined) continue;
        for (const cap of arr(caps.add)) if (!CAPS_BASELINE.has(str(cap))) return false;
      }
      return true;
    },
  },
  hostPathVolumes: {
    level: 'baseline',
    since: 0,
    allows: (spec) => arr(spec.volumes).every((v) => nil((v as J).hostPath)),
  },
  hostPorts: {
    level: 'baseline',
    since: 0,
    allows: (spec) => {
      for (const c of containers(spec))
        for (const p of arr(c.ports)) {
          const hp = (p as J).hostPort;
          if (!nil(hp) && hp !== 0) return false;
        }
      return true;
    },
  },
  hostProbesAndHostLifecycle: {
    level: 'baseline',
    since: 34,
    allows: (spec) => {
      const badProbe = (probe: unknown) => {
        const p = obj(probe);
        if (p === undefined) return false;
        return str(obj(p.httpGet)?.host) !== '' || str(obj(p.tcpSocket)?.host) !== '';
      };
      for (const c of containers(spec)) {
        if (badProbe(c.livenessProbe) || badProbe(c.readinessProbe) || badProbe(c.startupProbe))
          return false;
        const lc = obj(c.lifecycle);
        if (lc !== undefined && (badProbe(lc.postStart) || badProbe(lc.preStop))) return false;
      }
      return true;
    },
  },
  appArmorProfile: {
    level: 'baseline',
    since: 0,
    allows: (spec, meta) => {
      const podProfile = obj(podSc(spec)?.appArmorProfile);
      if (podProfile !== undefined && !validAppArmor(podProfile.type)) return false;
      for (const c of containers(spec)) {
        const p = obj(sc(c)?.appArmorProfile);
        if (p !== undefined && !validAppArmor(p.type)) return false;
      }
      for (const [k, v] of Object.entries(obj(meta.annotations) ?? {})) {
        if (!k.startsWith('container.apparmor.security.beta.kubernetes.io/')) continue;
        const value = str(v);
        if (!(value.length === 0 || value === 'runtime/default' || value.startsWith('localhost/')))
          return false;
      }
      return true;
    },
  },
  seLinuxOptions: {
    level: 'baseline',
    since: 0,
    allows: (spec, _meta, minor) => {
      const types = seLinuxTypes(minor);
      if (!seLinuxOk(obj(podSc(spec)?.seLinuxOptions), types)) return false;
      return containers(spec).every((c) => seLinuxOk(obj(sc(c)?.seLinuxOptions), types));
    },
  },
  procMount: {
    level: 'baseline',
    since: 0,
    allows: (spec, _meta, minor) => (minor >= 35 && userNamespaced(spec)) || procMountOk(spec),
  },
  seccompProfile_baseline: {
    level: 'baseline',
    since: 0,
    allows: (spec) => {
      const p = obj(podSc(spec)?.seccompProfile);
      if (p !== undefined && !validSeccomp(p.type)) return false;
      for (const c of containers(spec)) {
        const cp = obj(sc(c)?.seccompProfile);
        if (cp !== undefined && !validSeccomp(cp.type)) return false;
      }
      return true;
    },
  },
  sysctls: {
    level: 'baseline',
    since: 0,
    allows: (spec, _meta, minor) => {
      const safe = safeSysctls(minor);
      return arr(podSc(spec)?.sysctls).every((s) => safe.has(str((s as J).name)));
    },
  },
  windowsHostProcess: {
    level: 'baseline',
    since: 0,
    allows: (spec) => {
      if (obj(podSc(spec)?.windowsOptions)?.hostProcess === true) return false;
      return containers(spec).every((c) => obj(sc(c)?.windowsOptions)?.hostProcess !== true);
    },
  },
  restrictedVolumes: {
    level: 'restricted',
    since: 0,
    overrides: ['hostPathVolumes'],
    allows: (spec) => {
      const allowed = [
        'configMap',
        'csi',
        'downwardAPI',
        'emptyDir',
        'ephemeral',
        'image',
        'persistentVolumeClaim',
        'projected',
        'secret',
      ];
      return arr(spec.volumes).every((v) => allowed.some((k) => !nil((v as J)[k])));
    },
  },
  allowPrivilegeEscalation: {
    level: 'restricted',
    since: 8,
    allows: (spec, _meta, minor) => {
      if (minor >= 25 && isWindows(spec)) return true;
      return containers(spec).every((c) => sc(c)?.allowPrivilegeEscalation === false);
    },
  },
  runAsNonRoot: {
    level: 'restricted',
    since: 0,
    allows: (spec, _meta, minor) => (minor >= 35 && userNamespaced(spec)) || runAsNonRootOk(spec),
  },
  runAsUser: {
    level: 'restricted',
    since: 23,
    allows: (spec, _meta, minor) => {
      if (minor >= 35 && userNamespaced(spec)) return true;
      if (podSc(spec)?.runAsUser === 0) return false;
      return containers(spec).every((c) => sc(c)?.runAsUser !== 0);
    },
  },
  seccompProfile_restricted: {
    level: 'restricted',
    since: 19,
    overrides: ['seccompProfile_baseline'],
    allows: (spec, _meta, minor) => (minor >= 25 && isWindows(spec)) || seccompRestrictedOk(spec),
  },
  capabilities_restricted: {
    level: 'restricted',
    since: 22,
    overrides: ['capabilities_baseline'],
    allows: (spec, _meta, minor) =>
      (minor >= 25 && isWindows(spec)) || capabilitiesRestrictedOk(spec),
  },
  procMount_restricted: {
    level: 'restricted',
    since: 35,
    overrides: ['procMount'],
    allows: (spec) => procMountOk(spec),
  },
};

/**
 * Upstream's evaluation of a pod at a level and version, check by check, as its registry
 * builds it: the checks that exist at the version, at restricted without the baseline checks a
 * restricted check overrides. The shape of psa-check's `checks`.
 */
export function upstreamChecks(
  level: 'baseline' | 'restricted',
  minor: number,
  spec: J,
  meta: J,
): Record<string, boolean> {
  const present = Object.entries(UPSTREAM_CHECKS).filter(
    ([, c]) => c.since <= minor && (level === 'restricted' || c.level === 'baseline'),
  );
  const overridden = new Set(
    level === 'restricted' ? present.flatMap(([, c]) => c.overrides ?? []) : [],
  );
  const out: Record<string, boolean> = {};
  for (const [id, c] of present) if (!overridden.has(id)) out[id] = c.allows(spec, meta, minor);
  return out;
}

/** Upstream's verdict for a pod at a level and version. */
export function upstreamAllows(
  level: 'baseline' | 'restricted',
  minor: number,
  spec: J,
  meta: J,
): boolean {
  return Object.values(upstreamChecks(level, minor, spec, meta)).every((ok) => ok);
}

/** The upstream check each catalog PSS rule states. */
const UPSTREAM_ID: Readonly<Record<string, string>> = {
  'pss-host-namespaces': 'hostNamespaces',
  'pss-privileged': 'privileged',
  'pss-capabilities-baseline': 'capabilities_baseline',
  'pss-host-path-volumes': 'hostPathVolumes',
  'pss-host-ports': 'hostPorts',
  'pss-host-probes-lifecycle': 'hostProbesAndHostLifecycle',
  'pss-apparmor': 'appArmorProfile',
  'pss-selinux': 'seLinuxOptions',
  'pss-proc-mount-baseline': 'procMount',
  'pss-seccomp-baseline': 'seccompProfile_baseline',
  'pss-sysctls': 'sysctls',
  'pss-windows-host-process': 'windowsHostProcess',
  'pss-restricted-volumes': 'restrictedVolumes',
  'pss-allow-privilege-escalation': 'allowPrivilegeEscalation',
  'pss-run-as-non-root': 'runAsNonRoot',
  'pss-run-as-user': 'runAsUser',
  'pss-seccomp-restricted': 'seccompProfile_restricted',
  'pss-capabilities-restricted': 'capabilities_restricted',
  'pss-proc-mount-restricted': 'procMount_restricted',
};

/** Every catalog PSS rule id the model knows. */
export const MODELLED_RULES: readonly string[] = Object.keys(UPSTREAM_ID).sort();

/**
 * The upstream check a rule is compared with at a level and version, or undefined when
 * upstream runs none there (the rule must then pass every pod). pss-proc-mount-restricted
 * before v1.35: upstream's restricted level runs the baseline `procMount` check, which is
 * then the unconditional check the rule states.
 */
export function upstreamCheckOf(
  ruleId: string,
  level: 'baseline' | 'restricted',
  minor: number,
): string | undefined {
  const id = UPSTREAM_ID[ruleId];
  if (id === undefined) return undefined;
  if (id === 'procMount_restricted' && minor < 35)
    return level === 'restricted' ? 'procMount' : undefined;
  const c = UPSTREAM_CHECKS[id]!;
  if (c.since > minor || (c.level === 'restricted' && level === 'baseline')) return undefined;
  return id;
}

// ---------------------------------------------------------------------------------------
// A focused arbitrary: the fields the PSS checks read, with the edge values that matter
// (absent / null / false / "", unknown enum values, lowercase capability names, …).

const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 4, arbitrary: a },
  );
const pick = <T>(...values: T[]) => fc.constantFrom(...values);
/** A record whose undefined entries are dropped (absent); null entries stay. */
const rec = (shape: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<J> =>
  fc
    .record(shape)
    .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
const bool = () => maybe(fc.boolean());
const profile = (types: string[]) => maybe(rec({ type: maybe(pick(...types)) }));
const seLinux = () =>
  maybe(
    rec({
      type: maybe(pick('', 'container_t', 'container_engine_t', 'spc_t', 'container_kvm_t')),
      user: maybe(pick('', 'system_u')),
      role: maybe(pick('', 'system_r')),
      level: maybe(pick('s0:c1,c2')),
    }),
  );
const capList = () =>
  maybe(
    fc.subarray(['ALL', 'all', 'NET_BIND_SERVICE', 'CHOWN', 'SYS_ADMIN', 'NET_RAW', 'sys_admin']),
  );
const hostAction = () =>
  maybe(
    fc.oneof(
      rec({ httpGet: rec({ port: pick(80), host: maybe(pick('', '10.0.0.1')) }) }),
      rec({ tcpSocket: rec({ port: pick(80), host: maybe(pick('', 'localhost')) }) }),
      rec({ exec: rec({ command: pick(['true']) }) }),
    ),
  );

const containerSc = () =>
  maybe(
    rec({
      privileged: bool(),
      allowPrivilegeEscalation: bool(),
      runAsNonRoot: bool(),
      runAsUser: maybe(pick(0, 1000)),
      capabilities: maybe(rec({ add: capList(), drop: capList() })),
      procMount: maybe(pick('Default', 'Unmasked', '')),
      seccompProfile: profile(['RuntimeDefault', 'Localhost', 'Unconfined', '']),
      appArmorProfile: profile(['RuntimeDefault', 'Localhost', 'Unconfined']),
      seLinuxOptions: seLinux(),
      windowsOptions: maybe(rec({ hostProcess: bool() })),
    }),
  );

const container = (name: string) =>
  rec({
    name: fc.constant(name),
    image: fc.constant('registry.example.com/app:1.0'),
    securityContext: containerSc(),
    ports: maybe(
      fc.array(rec({ containerPort: pick(8080), hostPort: maybe(pick(0, 8080)) }), {
        maxLength: 2,
      }),
    ),
    livenessProbe: hostAction(),
    readinessProbe: hostAction(),
    startupProbe: hostAction(),
    lifecycle: maybe(rec({ postStart: hostAction(), preStop: hostAction() })),
  });

const VOLUME_SOURCES = [
  'configMap',
  'secret',
  'emptyDir',
  'hostPath',
  'nfs',
  'persistentVolumeClaim',
  'projected',
  'image',
  'gitRepo',
  'csi',
];
const volume = (i: number) =>
  fc
    .subarray(VOLUME_SOURCES, { maxLength: 2 })
    .map((keys) => ({ name: `v${i}`, ...Object.fromEntries(keys.map((k) => [k, {}])) }));

const list = <T>(make: (i: number) => fc.Arbitrary<T>, min: number, max: number) =>
  fc.integer({ min, max }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => make(i))));

const podSpecArb: fc.Arbitrary<J> = rec({
  containers: list((i) => container(`c${i}`), 1, 3),
  initContainers: maybe(list((i) => container(`i${i}`), 0, 2)),
  ephemeralContainers: maybe(list((i) => container(`e${i}`), 0, 1)),
  hostNetwork: bool(),
  hostPID: bool(),
  hostIPC: bool(),
  hostUsers: bool(),
  os: maybe(rec({ name: pick('linux', 'windows') })),
  securityContext: maybe(
    rec({
      runAsNonRoot: bool(),
      runAsUser: maybe(pick(0, 1000)),
      seccompProfile: profile(['RuntimeDefault', 'Localhost', 'Unconfined', '']),
      appArmorProfile: profile(['RuntimeDefault', 'Localhost', 'Unconfined']),
      seLinuxOptions: seLinux(),
      windowsOptions: maybe(rec({ hostProcess: bool() })),
      sysctls: maybe(
        fc
          .array(
            pick(
              // every name of the safe sets (v1.0, v1.27, v1.29, v1.32, v1.37), and unsafe ones
              'kernel.shm_rmid_forced',
              'net.ipv4.ip_local_port_range',
              'net.ipv4.tcp_syncookies',
              'net.ipv4.ping_group_range',
              'net.ipv4.ip_unprivileged_port_start',
              'net.ipv4.ip_local_reserved_ports',
              'net.ipv4.tcp_keepalive_time',
              'net.ipv4.tcp_fin_timeout',
              'net.ipv4.tcp_keepalive_intvl',
              'net.ipv4.tcp_keepalive_probes',
              'net.ipv4.tcp_rmem',
              'net.ipv4.tcp_wmem',
              'net.ipv4.tcp_slow_start_after_idle',
              'net.ipv4.tcp_notsent_lowat',
              'kernel.msgmax',
              'net/ipv4/tcp_syncookies',
            ),
            { maxLength: 2 },
          )
          .map((names) => names.map((name) => ({ name, value: '1' }))),
      ),
    }),
  ),
  volumes: maybe(list(volume, 0, 3)),
});

const annotationsArb: fc.Arbitrary<J> = fc
  .subarray(['c0', 'i0', 'nobody'])
  .chain((names) =>
    fc.tuple(
      ...names.map((n) =>
        pick('runtime/default', 'localhost/p', 'unconfined', '', 'Localhost/p').map(
          (v) => [`container.apparmor.security.beta.kubernetes.io/${n}`, v] as const,
        ),
      ),
    ),
  )
  .map((entries) => Object.fromEntries(entries));

export const focusedWorkload = fc
  .record({
    kind: fc.constantFrom(...(WORKLOAD_KINDS as WorkloadKind[])),
    spec: podSpecArb,
    annotations: maybe(annotationsArb),
  })
  .map(({ kind, spec, annotations }) =>
    wrapPodSpec(kind, { name: 'w' }, annotations === undefined ? {} : { annotations }, spec),
  );

/** The pod spec and pod metadata of a generated workload (as the reference sees them). */
export function podOf(w: J): { spec: J; meta: J } {
  switch (w.kind) {
    case 'Pod':
      return { spec: w.spec as J, meta: (obj(w.metadata) ?? {}) as J };
    case 'CronJob': {
      const t = ((((w.spec as J).jobTemplate as J).spec as J).template ?? {}) as J;
      return { spec: t.spec as J, meta: obj(t.metadata) ?? {} };
    }
    case 'PodTemplate': {
      const t = w.template as J;
      return { spec: t.spec as J, meta: obj(t.metadata) ?? {} };
    }
    default: {
      const t = (w.spec as J).template as J;
      return { spec: t.spec as J, meta: obj(t.metadata) ?? {} };
    }
  }
}

// ---------------------------------------------------------------------------------------
// Running the rules at a version

/** The level whose evaluation a rule belongs to. */
export function levelOf(rule: AnyRule): 'baseline' | 'restricted' {
  const c = rule.controls.find((m) => m.standard === 'pss');
  return c !== undefined && 'level' in c && c.level === 'restricted' ? 'restricted' : 'baseline';
}

/** The rule's parameters at a policy version, as `pss.version` sets them. */
export function paramsAt(rule: AnyRule, minor: number): Record<string, unknown> {
  return rule.params?.[PSS_VERSION_PARAM] !== undefined ? { [PSS_VERSION_PARAM]: minor } : {};
}

/**
 * Whether a rule lets a workload pass at a version (undefined: the rule's defaults), throwing
 * when it does not run cleanly.
 */
export function passes(rule: AnyRule, w: J, minor?: number): boolean {
  const result = evaluateRule(rule, w, minor === undefined ? {} : paramsAt(rule, minor));
  if (result.errors.length > 0)
    throw new Error(`${rule.id} failed to run: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.violations.length === 0;
}
