/**
 * Hand-written rule functions and their hand-written IR: the native engine and the IR
 * interpreter agree on random manifests (verdicts, pointers, messages, order).
 */
import { type AnyRule, allContainers, defineRule } from '@kpc/core';
import {
  type Expr,
  IR_VERSION,
  imageRegistry,
  imageTag,
  ir,
  type ParamSpec,
  type RuleIR,
} from '@kpc/ir';
import {
  arbObject,
  arbWorkload,
  checkEquivalence,
  irEvaluator,
  nativeEvaluator,
} from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const meta = {
  title: 't',
  description: 'd',
  rationale: 'r',
  remediation: 'm',
  severity: 'high',
  category: 'test',
  controls: [],
  examples: { pass: [], fail: [] },
} as const;

const spec = ir.ref('spec');
const element = ir.ref('element');
const metadata = ir.ref('metadata');
const podIR = (
  id: string,
  parts: { each: Expr | null; check: Expr; message: Expr },
  params: Record<string, ParamSpec> = {},
): RuleIR => ({ irVersion: IR_VERSION, id, target: { kind: 'podSpec' }, params, ...parts });
const sc = (e: Expr) => ir.get(e, 'securityContext');
const containerName = (e: Expr) => ir.get(e, 'name');

/** Typed rules in a list: keeps `AnyRule` from flowing back into `defineRule`'s inference. */
const native = (rule: { readonly kind: 'kpc-rule' }): AnyRule => rule as AnyRule;

interface Pair {
  readonly rule: AnyRule;
  readonly ir: RuleIR;
  readonly manifests?: fc.Arbitrary<Record<string, unknown>>;
  readonly params?: fc.Arbitrary<Record<string, unknown>>;
}

const pairs: Pair[] = [
  {
    rule: native(
      defineRule({
        ...meta,
        id: 'privileged',
        target: 'PodSpec',
        each: ({ spec }) => allContainers(spec),
        check: (c) => c.securityContext?.privileged !== true,
        message: (c) => `container "${c.name}" is privileged`,
      }),
    ),
    ir: podIR('privileged', {
      each: ir.call('allContainers', [spec]),
      check: ir.compare('ne', ir.get(sc(element), 'privileged'), ir.literal(true)),
      message: ir.concat([
        ir.literal('container "'),
        containerName(element),
        ir.literal('" is privileged'),
      ]),
    }),
  },
  {
    // Pod-level default, container override, false forbidden on the pod (PSS restricted).
    rule: native(
      defineRule({
        ...meta,
        id: 'run-as-non-root',
        target: 'PodSpec',
        each: ({ spec }) => allContainers(spec),
        check: (c, { spec }) =>
          spec.securityContext?.runAsNonRoot !== false &&
          (c.securityContext?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot) === true,
        message: (c) => `container "${c.name}" may run as root`,
      }),
    ),
    ir: podIR('run-as-non-root', {
      each: ir.call('allContainers', [spec]),
      check: ir.and([
        ir.compare('ne', ir.get(sc(spec), 'runAsNonRoot'), ir.literal(false)),
        ir.compare(
          'eq',
          ir.coalesce(ir.get(sc(element), 'runAsNonRoot'), ir.get(sc(spec), 'runAsNonRoot')),
          ir.literal(true),
        ),
      ]),
      message: ir.concat([
        ir.literal('container "'),
        containerName(element),
        ir.literal('" may run as root'),
      ]),
    }),
  },
  {
    rule: native(
      defineRule({
        ...meta,
        id: 'drop-all',
        target: 'PodSpec',
        each: ({ spec }) => [...spec.containers, ...(spec.initContainers ?? [])],
        check: (c) => (c.securityContext?.capabilities?.drop ?? []).includes('ALL'),
        message: (c) =>
          `container "${c.name}" drops ${(c.securityContext?.capabilities?.drop ?? []).length} capabilities`,
      }),
    ),
    ir: podIR('drop-all', {
      each: ir.listConcat([
        ir.get(spec, 'containers'),
        ir.coalesce(ir.get(spec, 'initContainers'), ir.list([])),
      ]),
      check: ir.listIncludes(
        ir.coalesce(ir.get(ir.get(sc(element), 'capabilities'), 'drop'), ir.list([])),
        ir.literal('ALL'),
      ),
      message: ir.concat([
        ir.literal('container "'),
        containerName(element),
        ir.literal('" drops '),
        ir.length(ir.coalesce(ir.get(ir.get(sc(element), 'capabilities'), 'drop'), ir.list([]))),
        ir.literal(' capabilities'),
      ]),
    }),
  },
  {
    rule: native(
      defineRule({
        ...meta,
        id: 'host-path',
        target: 'PodSpec',
        each: ({ spec }) => spec.volumes ?? [],
        check: (v) => !v.hostPath,
        message: (v) => `volume "${v.name}" mounts ${v.hostPath?.path ?? '?'} from the host`,
      }),
    ),
    ir: podIR('host-path', {
      each: ir.coalesce(ir.get(spec, 'volumes'), ir.list([])),
      check: ir.not(ir.truthy('object', ir.get(element, 'hostPath'))),
      message: ir.concat([
        ir.literal('volume "'),
        ir.get(element, 'name'),
        ir.literal('" mounts '),
        ir.coalesce(ir.get(ir.get(element, 'hostPath'), 'path'), ir.literal('?')),
        ir.literal(' from the host'),
      ]),
    }),
  },
  {
    rule: native(
      defineRule({
        ...meta,
        id: 'host-ports',
        target: 'PodSpec',
        each: ({ spec }) => allContainers(spec).flatMap((c) => c.ports ?? []),
        check: (p) => (p.hostPort ?? 0) === 0,
        message: (p) => `host port ${p.hostPort ?? 0} for container port ${p.containerPort}`,
      }),
    ),
    ir: podIR('host-ports', {
      each: ir.comprehension(
        'flatMap',
        ir.call('allContainers', [spec]),
        'c',
        ir.coalesce(ir.get(ir.ref('c'), 'ports'), ir.list([])),
      ),
      check: ir.compare(
        'eq',
        ir.coalesce(ir.get(element, 'hostPort'), ir.literal(0)),
        ir.literal(0),
      ),
      message: ir.concat([
        ir.literal('host port '),
        ir.coalesce(ir.get(element, 'hostPort'), ir.literal(0)),
        ir.literal(' for container port '),
        ir.get(element, 'containerPort'),
      ]),
    }),
  },
  {
    rule: native(
      defineRule({
        ...meta,
        id: 'registries',
        target: 'PodSpec',
        params: {
          allowed: { type: 'string[]', default: ['registry.example.com'], description: 'd' },
          allowLatest: { type: 'boolean', default: false, description: 'd' },
        },
        each: ({ spec }) => allContainers(spec),
        check: (c, { params }) =>
          params.allowed.includes(imageRegistry(c.image ?? '')) &&
          (params.allowLatest || (imageTag(c.image ?? '') ?? 'latest') !== 'latest'),
        message: (c) => `image ${c.image ?? ''} of "${c.name}"`,
      }),
    ),
    ir: podIR(
      'registries',
      {
        each: ir.call('allContainers', [spec]),
        check: ir.and([
          ir.listIncludes(
            ir.param('allowed'),
            ir.call('imageRegistry', [ir.coalesce(ir.get(element, 'image'), ir.literal(''))]),
          ),
          ir.or([
            ir.param('allowLatest'),
            ir.compare(
              'ne',
              ir.coalesce(
                ir.call('imageTag', [ir.coalesce(ir.get(element, 'image'), ir.literal(''))]),
                ir.literal('latest'),
              ),
              ir.literal('latest'),
            ),
          ]),
        ]),
        message: ir.concat([
          ir.literal('image '),
          ir.coalesce(ir.get(element, 'image'), ir.literal('')),
          ir.literal(' of "'),
          containerName(element),
          ir.literal('"'),
        ]),
      },
      {
        allowed: { type: 'string[]', default: ['registry.example.com'], description: 'd' },
        allowLatest: { type: 'boolean', default: false, description: 'd' },
      },
    ),
    params: fc.record(
      {
        allowed: fc.subarray(['docker.io', 'registry.example.com', 'ghcr.io', 'localhost:5000']),
        allowLatest: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
  },
  {
    // A computed key: the AppArmor annotation of one container.
    rule: native(
      defineRule({
        ...meta,
        id: 'apparmor',
        target: 'PodSpec',
        each: ({ spec }) => allContainers(spec),
        check: (c, { metadata }) => {
          const profile =
            metadata.annotations?.[`container.apparmor.security.beta.kubernetes.io/${c.name}`];
          return (
            profile === undefined ||
            profile === 'runtime/default' ||
            profile.startsWith('localhost/')
          );
        },
        message: (c) => `container "${c.name}" has a disallowed AppArmor profile`,
      }),
    ),
    ir: podIR('apparmor', {
      each: ir.call('allContainers', [spec]),
      check: {
        kind: 'let',
        name: 'profile',
        value: ir.index(
          ir.get(metadata, 'annotations'),
          ir.concat([
            ir.literal('container.apparmor.security.beta.kubernetes.io/'),
            containerName(element),
          ]),
        ),
        body: ir.or([
          ir.compare('eq', ir.ref('profile'), { kind: 'absent' }),
          ir.compare('eq', ir.ref('profile'), ir.literal('runtime/default')),
          ir.stringTest('startsWith', ir.ref('profile'), ir.literal('localhost/')),
        ]),
      },
      message: ir.concat([
        ir.literal('container "'),
        containerName(element),
        ir.literal('" has a disallowed AppArmor profile'),
      ]),
    }),
  },
  {
    // Map key order: one violation per label key, in Object.keys order.
    rule: native(
      defineRule({
        ...meta,
        id: 'label-keys',
        target: 'PodSpec',
        each: ({ object }) => Object.keys(object.metadata?.labels ?? {}),
        check: (k) => /^[a-z]+$/.test(k),
        message: (k) => `label ${k}`,
      }),
    ),
    ir: podIR('label-keys', {
      each: ir.objectView('keys', ir.get(ir.get(ir.ref('object'), 'metadata'), 'labels')),
      check: ir.regexTest('^[a-z]+$', element),
      message: ir.concat([ir.literal('label '), element]),
    }),
  },
  {
    rule: native(
      defineRule({
        ...meta,
        id: 'seccomp',
        target: 'PodSpec',
        each: ({ spec }) => allContainers(spec),
        check: (c, { spec }) => {
          const type =
            c.securityContext?.seccompProfile?.type ?? spec.securityContext?.seccompProfile?.type;
          return type === 'RuntimeDefault' || type === 'Localhost';
        },
        message: (c, { spec }) =>
          `container "${c.name}" seccomp ${c.securityContext?.seccompProfile ? 'container' : spec.securityContext?.seccompProfile ? 'pod' : 'unset'}`,
      }),
    ),
    ir: podIR('seccomp', {
      each: ir.call('allContainers', [spec]),
      check: {
        kind: 'let',
        name: 'type',
        value: ir.coalesce(
          ir.get(ir.get(sc(element), 'seccompProfile'), 'type'),
          ir.get(ir.get(sc(spec), 'seccompProfile'), 'type'),
        ),
        body: ir.or([
          ir.compare('eq', ir.ref('type'), ir.literal('RuntimeDefault')),
          ir.compare('eq', ir.ref('type'), ir.literal('Localhost')),
        ]),
      },
      message: ir.concat([
        ir.literal('container "'),
        containerName(element),
        ir.literal('" seccomp '),
        ir.cond(
          ir.truthy('object', ir.get(sc(element), 'seccompProfile')),
          ir.literal('container'),
          ir.cond(
            ir.truthy('object', ir.get(sc(spec), 'seccompProfile')),
            ir.literal('pod'),
            ir.literal('unset'),
          ),
        ),
      ]),
    }),
  },
  {
    rule: native(
      defineRule({
        ...meta,
        id: 'safe-sysctls',
        target: 'PodSpec',
        each: ({ spec }) => spec.securityContext?.sysctls ?? [],
        check: (s) => ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range'].includes(s.name),
        message: (s) => `sysctl ${s.name}=${s.value}`,
      }),
    ),
    ir: podIR('safe-sysctls', {
      each: ir.coalesce(ir.get(sc(spec), 'sysctls'), ir.list([])),
      check: ir.listIncludes(
        ir.list([ir.literal('kernel.shm_rmid_forced'), ir.literal('net.ipv4.ip_local_port_range')]),
        ir.get(element, 'name'),
      ),
      message: ir.concat([
        ir.literal('sysctl '),
        ir.get(element, 'name'),
        ir.literal('='),
        ir.get(element, 'value'),
      ]),
    }),
  },
  {
    rule: native(
      defineRule({
        ...meta,
        id: 'node-port',
        target: 'Service',
        check: (s) =>
          s.spec?.type !== 'NodePort' && (s.spec?.ports ?? []).every((p) => !p.nodePort),
        message: (_s, { metadata }) => `service ${metadata.name ?? ''} exposes node ports`,
      }),
    ),
    ir: {
      irVersion: IR_VERSION,
      id: 'node-port',
      target: { kind: 'resources', resources: [{ group: '', version: 'v1', kind: 'Service' }] },
      params: {},
      each: null,
      check: ir.and([
        ir.compare('ne', ir.get(ir.get(element, 'spec'), 'type'), ir.literal('NodePort')),
        ir.comprehension(
          'every',
          ir.coalesce(ir.get(ir.get(element, 'spec'), 'ports'), ir.list([])),
          'p',
          ir.not(ir.truthy('number', ir.get(ir.ref('p'), 'nodePort'))),
        ),
      ]),
      message: ir.concat([
        ir.literal('service '),
        ir.coalesce(ir.get(metadata, 'name'), ir.literal('')),
        ir.literal(' exposes node ports'),
      ]),
    },
    manifests: fc.oneof(arbObject('Service'), arbWorkload()),
  },
  {
    rule: native(
      defineRule({
        ...meta,
        id: 'anonymous-binding',
        target: 'ClusterRoleBinding',
        each: ({ object }) => object.subjects ?? [],
        check: (s) => s.name !== 'system:anonymous' && s.name !== 'system:unauthenticated',
        message: (s) => `binds ${s.kind} ${s.name}`,
      }),
    ),
    ir: {
      irVersion: IR_VERSION,
      id: 'anonymous-binding',
      target: {
        kind: 'resources',
        resources: [
          { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding' },
        ],
      },
      params: {},
      each: ir.coalesce(ir.get(ir.ref('object'), 'subjects'), ir.list([])),
      check: ir.and([
        ir.compare('ne', ir.get(element, 'name'), ir.literal('system:anonymous')),
        ir.compare('ne', ir.get(element, 'name'), ir.literal('system:unauthenticated')),
      ]),
      message: ir.concat([
        ir.literal('binds '),
        ir.get(element, 'kind'),
        ir.literal(' '),
        ir.get(element, 'name'),
      ]),
    },
    manifests: fc.oneof(arbObject('ClusterRoleBinding'), arbObject('RoleBinding')),
  },
];

describe('native == IR interpreter on hand-written rules', () => {
  for (const pair of pairs) {
    it(pair.rule.id, async () => {
      await checkEquivalence({
        rule: pair.ir,
        evaluators: { native: nativeEvaluator(pair.rule), interpreter: irEvaluator(pair.ir) },
        ...(pair.manifests ? { manifests: pair.manifests } : {}),
        ...(pair.params ? { params: pair.params } : {}),
      });
    });
  }
});

describe('map key order (docs/ir.md, "Map key order")', () => {
  it('is array-index keys numerically, then code-unit order, natively and in the IR', async () => {
    const pair = pairs.find((p) => p.rule.id === 'label-keys')!;
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      // Document order deliberately scrambled: z, 10, B, a, 9, 01.
      metadata: { name: 'p', labels: { z: '', '10': '', B: '', a: '', '9': '', '01': '' } },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    };
    const expected = ['label 9', 'label 10', 'label 01', 'label B', 'label a', 'label z'];
    // every key but "a" and "z" fails /^[a-z]+$/; compare the full order via messages
    const all = (await nativeEvaluator(pair.rule)(pod, {})).violations.map((v) => v.message);
    const viaIr = (await irEvaluator(pair.ir)(pod, {})).violations.map((v) => v.message);
    expect(all).toEqual(expected.filter((m) => m !== 'label a' && m !== 'label z'));
    expect(viaIr).toEqual(all);
  });
});
