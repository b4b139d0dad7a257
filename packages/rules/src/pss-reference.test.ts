/**
 * The PSS rules against an independent reference model of the upstream checks.
 *
 * `REFERENCE` below re-states k8s.io/pod-security-admission policy/check_*.go (policy version
 * "latest", upstream commit 8f84a87, July 2026) as plain imperative TypeScript over the raw
 * JSON pod (null = Go nil), written from the Go code and not from our rules. The properties
 * check, on random pods, that each rule fails a pod exactly when its upstream check forbids it,
 * and that each profile's verdict equals upstream's level evaluation (with OverrideCheckIDs).
 */
import { evaluateRule } from '@kpc/core';
import { arbWorkload, defaultNumRuns, type WorkloadKind, wrapPodSpec } from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profiles, rules } from './index.ts';

type J = Record<string, unknown>;
const nil = (v: unknown): v is null | undefined => v === null || v === undefined;
const obj = (v: unknown): J | undefined => (nil(v) ? undefined : (v as J));
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
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
const SELINUX = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);
const SYSCTLS = new Set([
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
]);
const validSeccomp = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
const validAppArmor = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';

function procMountOk(spec: J): boolean {
  for (const c of containers(spec)) {
    const pm = sc(c)?.procMount;
    if (!nil(pm) && pm !== 'Default') return false;
  }
  return true;
}

function seLinuxOk(o: J | undefined): boolean {
  if (o === undefined) return true;
  return SELINUX.has(str(o.type)) && str(o.user).length === 0 && str(o.role).length === 0;
}

/** Upstream checks by catalog rule id: true when the pod is allowed. */
const REFERENCE: Readonly<Record<string, (spec: J, meta: J) => boolean>> = {
  'pss-host-namespaces': (spec) =>
    !(spec.hostNetwork === true || spec.hostPID === true || spec.hostIPC === true),
  'pss-privileged': (spec) => containers(spec).every((c) => sc(c)?.privileged !== true),
  'pss-capabilities-baseline': (spec) => {
    for (const c of containers(spec)) {
      const caps = obj(sc(c)?.capabilities);
      if (caps === undefined) continue;
      for (const cap of arr(caps.add)) if (!CAPS_BASELINE.has(str(cap))) return false;
    }
    return true;
  },
  'pss-host-path-volumes': (spec) => arr(spec.volumes).every((v) => nil((v as J).hostPath)),
  'pss-host-ports': (spec) => {
    for (const c of containers(spec))
      for (const p of arr(c.ports)) {
        const hp = (p as J).hostPort;
        if (!nil(hp) && hp !== 0) return false;
      }
    return true;
  },
  'pss-host-probes-lifecycle': (spec) => {
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
  'pss-apparmor': (spec, meta) => {
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
  'pss-selinux': (spec) => {
    if (!seLinuxOk(obj(podSc(spec)?.seLinuxOptions))) return false;
    return containers(spec).every((c) => seLinuxOk(obj(sc(c)?.seLinuxOptions)));
  },
  'pss-proc-mount-baseline': (spec) => userNamespaced(spec) || procMountOk(spec),
  'pss-seccomp-baseline': (spec) => {
    const p = obj(podSc(spec)?.seccompProfile);
    if (p !== undefined && !validSeccomp(p.type)) return false;
    for (const c of containers(spec)) {
      const cp = obj(sc(c)?.seccompProfile);
      if (cp !== undefined && !validSeccomp(cp.type)) return false;
    }
    return true;
  },
  'pss-sysctls': (spec) => arr(podSc(spec)?.sysctls).every((s) => SYSCTLS.has(str((s as J).name))),
  'pss-windows-host-process': (spec) => {
    if (obj(podSc(spec)?.windowsOptions)?.hostProcess === true) return false;
    return containers(spec).every((c) => obj(sc(c)?.windowsOptions)?.hostProcess !== true);
  },
  'pss-restricted-volumes': (spec) => {
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
  'pss-allow-privilege-escalation': (spec) => {
    if (isWindows(spec)) return true;
    return containers(spec).every((c) => sc(c)?.allowPrivilegeEscalation === false);
  },
  'pss-run-as-non-root': (spec) => {
    if (userNamespaced(spec)) return true;
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
  },
  'pss-run-as-user': (spec) => {
    if (userNamespaced(spec)) return true;
    if (podSc(spec)?.runAsUser === 0) return false;
    return containers(spec).every((c) => sc(c)?.runAsUser !== 0);
  },
  'pss-seccomp-restricted': (spec) => {
    if (isWindows(spec)) return true;
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
  },
  'pss-capabilities-restricted': (spec) => {
    if (isWindows(spec)) return true;
    for (const c of containers(spec)) {
      const caps = obj(sc(c)?.capabilities);
      if (caps === undefined) return false;
      if (!arr(caps.drop).some((d) => d === 'ALL')) return false;
      if (arr(caps.add).some((a) => a !== 'NET_BIND_SERVICE')) return false;
    }
    return true;
  },
  'pss-proc-mount-restricted': (spec) => procMountOk(spec),
};

/** Upstream's level evaluation: every check of the level, minus the checks it overrides. */
const LEVEL_CHECKS = {
  baseline: [
    'pss-host-namespaces',
    'pss-privileged',
    'pss-capabilities-baseline',
    'pss-host-path-volumes',
    'pss-host-ports',
    'pss-host-probes-lifecycle',
    'pss-apparmor',
    'pss-selinux',
    'pss-proc-mount-baseline',
    'pss-seccomp-baseline',
    'pss-sysctls',
    'pss-windows-host-process',
  ],
  restrictedOnly: [
    'pss-restricted-volumes',
    'pss-allow-privilege-escalation',
    'pss-run-as-non-root',
    'pss-run-as-user',
    'pss-seccomp-restricted',
    'pss-capabilities-restricted',
    'pss-proc-mount-restricted',
  ],
  overridden: [
    'pss-capabilities-baseline',
    'pss-host-path-volumes',
    'pss-seccomp-baseline',
    'pss-proc-mount-baseline',
  ],
} as const;

function upstreamAllows(level: 'baseline' | 'restricted', spec: J, meta: J): boolean {
  const ids: string[] =
    level === 'baseline'
      ? [...LEVEL_CHECKS.baseline]
      : [
          ...LEVEL_CHECKS.baseline.filter(
            (id) => !(LEVEL_CHECKS.overridden as readonly string[]).includes(id),
          ),
          ...LEVEL_CHECKS.restrictedOnly,
        ];
  return ids.every((id) => REFERENCE[id]!(spec, meta));
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
          .subarray([
            'net.ipv4.tcp_syncookies',
            'kernel.msgmax',
            'net.ipv4.tcp_notsent_lowat',
            'net/ipv4/tcp_syncookies',
          ])
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

const focusedWorkload = fc
  .record({
    kind: fc.constantFrom<WorkloadKind[]>(
      'Pod',
      'Deployment',
      'CronJob',
      'DaemonSet',
      'PodTemplate',
    ),
    spec: podSpecArb,
    annotations: maybe(annotationsArb),
  })
  .map(({ kind, spec, annotations }) =>
    wrapPodSpec(kind, { name: 'w' }, annotations === undefined ? {} : { annotations }, spec),
  );

/** The pod spec and pod metadata of a generated workload (as the reference sees them). */
function podOf(w: J): { spec: J; meta: J } {
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

const pssRules = rules.filter((r) => r.id.startsWith('pss-'));
const byId = new Map(rules.map((r) => [r.id, r]));

/** Pods with at least one container (a pod without containers is rejected by API validation). */
const hasContainer = (w: J) => arr(podOf(w).spec.containers).length > 0;

describe('PSS rules agree with the upstream reference model', () => {
  it('covers every PSS rule', () => {
    expect(Object.keys(REFERENCE).sort()).toEqual(pssRules.map((r) => r.id));
  });

  for (const [name, arb] of [
    ['focused pods', focusedWorkload],
    ['core arbWorkload', arbWorkload().filter(hasContainer)],
  ] as const) {
    it.each(Object.keys(REFERENCE).sort())(`%s on ${name}`, (id) => {
      const rule = byId.get(id)!;
      fc.assert(
        fc.property(arb, (w) => {
          const { spec, meta } = podOf(w);
          const allowed = REFERENCE[id]!(spec, meta);
          const result = evaluateRule(rule, w);
          expect(result.errors).toEqual([]);
          expect(result.violations.length === 0).toBe(allowed);
        }),
        { numRuns: defaultNumRuns(200) },
      );
    });

    it(`profile verdicts equal upstream level evaluation on ${name}`, () => {
      fc.assert(
        fc.property(arb, (w) => {
          const { spec, meta } = podOf(w);
          for (const [profile, level] of [
            ['pss-baseline', 'baseline'],
            ['pss-restricted', 'restricted'],
          ] as const) {
            const failing = profiles[profile].some((r) => evaluateRule(r, w).violations.length > 0);
            expect(!failing, profile).toBe(upstreamAllows(level, spec, meta));
          }
        }),
        { numRuns: defaultNumRuns(200) },
      );
    });
  }

  it('reproduces the upstream override quirk: a Windows pod adding SYS_ADMIN passes restricted but not baseline', () => {
    const w = wrapPodSpec(
      'Pod',
      { name: 'w' },
      {},
      {
        os: { name: 'windows' },
        containers: [
          {
            name: 'c',
            image: 'i',
            securityContext: { capabilities: { add: ['SYS_ADMIN'] }, runAsNonRoot: true },
          },
        ],
      },
    );
    const fails = (p: 'pss-baseline' | 'pss-restricted') =>
      profiles[p].filter((r) => evaluateRule(r, w).violations.length > 0).map((r) => r.id);
    expect(fails('pss-baseline')).toEqual(['pss-capabilities-baseline']);
    expect(fails('pss-restricted')).toEqual([]);
    const { spec, meta } = podOf(w);
    expect(upstreamAllows('restricted', spec, meta)).toBe(true);
    expect(upstreamAllows('baseline', spec, meta)).toBe(false);
  });
});
