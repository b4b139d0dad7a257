/**
 * The PSS rules against the independent, versioned reference model of the upstream checks
 * (pss-reference-model.ts, written from k8s.io/pod-security-admission's Go code at commit
 * 8f84a87). The properties check, on random pods of every pod controller and at random policy
 * versions v1.23..v1.37, that each rule fails a pod exactly when its upstream check forbids it
 * (a rule whose check does not exist at the version passes every pod), and that each profile's
 * verdict at each version equals upstream's level evaluation at that version (with
 * OverrideCheckIDs).
 */
import {
  type AnyRule,
  evaluateRule,
  PSS_NEWEST_MINOR,
  PSS_OLDEST_MINOR,
  PSS_VERSION_PARAM,
} from '@kpc/core';
import {
  arbPssMinor,
  arbWorkload,
  defaultNumRuns,
  VERSIONED_PSS_RULES,
  WORKLOAD_KINDS,
  type WorkloadKind,
  wrapPodSpec,
} from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profiles, rules } from './index.ts';
import {
  arr,
  type J,
  MODELLED_RULES,
  obj,
  upstreamAllows,
  upstreamCheckOf,
  upstreamChecks,
} from './pss-reference-model.ts';
import { PSS_MINOR_LATEST } from './pss-version.ts';

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

const pssRules = rules.filter((r) => r.id.startsWith('pss-'));
const byId = new Map(rules.map((r) => [r.id, r]));

/** Pods with at least one container (a pod without containers is rejected by API validation). */
const hasContainer = (w: J) => arr(podOf(w).spec.containers).length > 0;

/** The level whose evaluation a rule belongs to. */
function levelOf(rule: AnyRule): 'baseline' | 'restricted' {
  const c = rule.controls.find((m) => m.standard === 'pss');
  return c !== undefined && 'level' in c && c.level === 'restricted' ? 'restricted' : 'baseline';
}

/** The rule's parameters at a policy version, as `pss.version` sets them. */
export function paramsAt(rule: AnyRule, minor: number): Record<string, unknown> {
  return rule.params?.[PSS_VERSION_PARAM] !== undefined ? { [PSS_VERSION_PARAM]: minor } : {};
}

/** Whether a rule lets a workload pass at a version, asserting it runs without errors. */
function passes(rule: AnyRule, w: J, minor: number): boolean {
  const result = evaluateRule(rule, w, paramsAt(rule, minor));
  expect(result.errors).toEqual([]);
  return result.violations.length === 0;
}

/** Upstream's verdict for the rule's check on a workload at a version (true: no such check). */
function referenceAllows(rule: AnyRule, w: J, minor: number): boolean {
  const { spec, meta } = podOf(w);
  const level = levelOf(rule);
  const id = upstreamCheckOf(rule.id, level, minor);
  return id === undefined ? true : upstreamChecks(level, minor, spec, meta)[id]!;
}

/** Every version kpc knows (the profile tests run at each). */
const VERSIONS = Array.from(
  { length: PSS_NEWEST_MINOR - PSS_OLDEST_MINOR + 1 },
  (_, i) => PSS_OLDEST_MINOR + i,
);

describe('PSS rules agree with the versioned upstream reference model', () => {
  it('covers every PSS rule', () => {
    expect(MODELLED_RULES).toEqual(pssRules.map((r) => r.id));
  });

  it('gives the version to exactly the rules whose upstream check changed since v1.23, default latest', () => {
    expect(PSS_MINOR_LATEST).toBe(PSS_NEWEST_MINOR);
    const versioned = pssRules.filter((r) => r.params?.[PSS_VERSION_PARAM] !== undefined);
    expect(versioned.map((r) => r.id)).toEqual([...VERSIONED_PSS_RULES].sort());
    for (const r of versioned)
      expect([
        r.id,
        r.params![PSS_VERSION_PARAM]!.type,
        r.params![PSS_VERSION_PARAM]!.default,
      ]).toEqual([r.id, 'integer', PSS_NEWEST_MINOR]);
    // A rule without the parameter states a check that is the same at every version.
    const w = fc.sample(focusedWorkload, { numRuns: 300, seed: 3 });
    for (const r of pssRules.filter((x) => !versioned.includes(x)))
      for (const o of w) {
        const first = referenceAllows(r, o, PSS_OLDEST_MINOR);
        for (const minor of VERSIONS)
          if (upstreamCheckOf(r.id, levelOf(r), minor) !== undefined)
            expect([r.id, minor, referenceAllows(r, o, minor)]).toEqual([r.id, minor, first]);
      }
  });

  for (const [name, arb] of [
    ['focused pods', focusedWorkload],
    ['core arbWorkload', arbWorkload().filter(hasContainer)],
  ] as const) {
    it.each(MODELLED_RULES)(`%s on ${name} at random versions`, (id) => {
      const rule = byId.get(id)!;
      fc.assert(
        fc.property(arb, arbPssMinor, (w, minor) => {
          expect(passes(rule, w, minor)).toBe(referenceAllows(rule, w, minor));
        }),
        { numRuns: defaultNumRuns(300) },
      );
    });

    it.each(VERSIONED_PSS_RULES)(`%s on ${name} at each version`, (id) => {
      // At each version on its own: a rule that moves a change by one version fails here.
      const rule = byId.get(id)!;
      for (const minor of VERSIONS)
        fc.assert(
          fc.property(arb, (w) => {
            expect(passes(rule, w, minor), `v1.${minor}`).toBe(referenceAllows(rule, w, minor));
          }),
          { numRuns: defaultNumRuns(40) },
        );
    });

    it.each(VERSIONS)(
      `profile verdicts equal upstream level evaluation on ${name} at v1.%i`,
      (minor) => {
        fc.assert(
          fc.property(arb, (w) => {
            const { spec, meta } = podOf(w);
            for (const [profile, level] of [
              ['pss-baseline', 'baseline'],
              ['pss-restricted', 'restricted'],
            ] as const) {
              const ok = profiles[profile].every((r) => passes(r, w, minor));
              expect(ok, profile).toBe(upstreamAllows(level, minor, spec, meta));
            }
          }),
          { numRuns: defaultNumRuns(100) },
        );
      },
    );
  }

  it('the profiles at v1.33 differ from latest where upstream does (not a vacuous comparison)', () => {
    // On the focused pods, at least one pod changes verdict between v1.33 and latest, and
    // kpc follows: the comparison above would catch a rule that ignores its version.
    const sample = fc.sample(focusedWorkload, { numRuns: 500, seed: 5 });
    let differs = 0;
    for (const w of sample) {
      const { spec, meta } = podOf(w);
      if (
        upstreamAllows('baseline', 33, spec, meta) !==
        upstreamAllows('baseline', PSS_NEWEST_MINOR, spec, meta)
      )
        differs++;
    }
    expect(differs).toBeGreaterThan(0);
  });

  it('reproduces the upstream override quirk: a Windows pod adding SYS_ADMIN passes restricted but not baseline (from v1.25)', () => {
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
    const fails = (p: 'pss-baseline' | 'pss-restricted', minor: number) =>
      profiles[p].filter((r) => !passes(r, w, minor)).map((r) => r.id);
    expect(fails('pss-baseline', PSS_NEWEST_MINOR)).toEqual(['pss-capabilities-baseline']);
    expect(fails('pss-restricted', PSS_NEWEST_MINOR)).toEqual([]);
    // Before v1.25 Windows pods had no exemption: restricted asks for the Linux settings.
    expect(fails('pss-restricted', 24)).toEqual([
      'pss-allow-privilege-escalation',
      'pss-capabilities-restricted',
      'pss-seccomp-restricted',
    ]);
    const { spec, meta } = podOf(w);
    expect(upstreamAllows('restricted', PSS_NEWEST_MINOR, spec, meta)).toBe(true);
    expect(upstreamAllows('baseline', PSS_NEWEST_MINOR, spec, meta)).toBe(false);
    expect(upstreamAllows('restricted', 24, spec, meta)).toBe(false);
  });
});
