/**
 * Hand-written rule functions and their hand-written IR: the native engine and the IR
 * interpreter agree on random manifests (verdicts, pointers, messages, order).
 */
import { type AnyRule, allContainers, defineRule } from '@kpc/core';
import {
  and,
  call,
  coalesce,
  compare,
  comprehension,
  concat,
  cond,
  type Expr,
  get,
  IR_VERSION,
  imageRegistry,
  imageTag,
  index,
  length,
  list,
  listConcat,
  listIncludes,
  literal,
  not,
  objectView,
  or,
  type ParamSpec,
  param,
  type RuleIR,
  ref,
  regexTest,
  stringTest,
  truthy,
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

const spec = ref('spec');
const element = ref('element');
const metadata = ref('metadata');
const podIR = (
  id: string,
  parts: { each: Expr | null; check: Expr; message: Expr },
  params: Record<string, ParamSpec> = {},
): RuleIR => ({ irVersion: IR_VERSION, id, target: { kind: 'podSpec' }, params, ...parts });
const sc = (e: Expr) => get(e, 'securityContext');
const containerName = (e: Expr) => get(e, 'name');

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
      each: call('allContainers', [spec]),
      check: compare('ne', get(sc(element), 'privileged'), literal(true)),
      message: concat([literal('container "'), containerName(element), literal('" is privileged')]),
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
      each: call('allContainers', [spec]),
      check: and([
        compare('ne', get(sc(spec), 'runAsNonRoot'), literal(false)),
        compare(
          'eq',
          coalesce(get(sc(element), 'runAsNonRoot'), get(sc(spec), 'runAsNonRoot')),
          literal(true),
        ),
      ]),
      message: concat([
        literal('container "'),
        containerName(element),
        literal('" may run as root'),
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
      each: listConcat([get(spec, 'containers'), coalesce(get(spec, 'initContainers'), list([]))]),
      check: listIncludes(
        coalesce(get(get(sc(element), 'capabilities'), 'drop'), list([])),
        literal('ALL'),
      ),
      message: concat([
        literal('container "'),
        containerName(element),
        literal('" drops '),
        length(coalesce(get(get(sc(element), 'capabilities'), 'drop'), list([]))),
        literal(' capabilities'),
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
      each: coalesce(get(spec, 'volumes'), list([])),
      check: not(truthy('object', get(element, 'hostPath'))),
      message: concat([
        literal('volume "'),
        get(element, 'name'),
        literal('" mounts '),
        coalesce(get(get(element, 'hostPath'), 'path'), literal('?')),
        literal(' from the host'),
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
      each: comprehension(
        'flatMap',
        call('allContainers', [spec]),
        'c',
        coalesce(get(ref('c'), 'ports'), list([])),
      ),
      check: compare('eq', coalesce(get(element, 'hostPort'), literal(0)), literal(0)),
      message: concat([
        literal('host port '),
        coalesce(get(element, 'hostPort'), literal(0)),
        literal(' for container port '),
        get(element, 'containerPort'),
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
        each: call('allContainers', [spec]),
        check: and([
          listIncludes(
            param('allowed'),
            call('imageRegistry', [coalesce(get(element, 'image'), literal(''))]),
          ),
          or([
            param('allowLatest'),
            compare(
              'ne',
              coalesce(
                call('imageTag', [coalesce(get(element, 'image'), literal(''))]),
                literal('latest'),
              ),
              literal('latest'),
            ),
          ]),
        ]),
        message: concat([
          literal('image '),
          coalesce(get(element, 'image'), literal('')),
          literal(' of "'),
          containerName(element),
          literal('"'),
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
      each: call('allContainers', [spec]),
      check: {
        kind: 'let',
        name: 'profile',
        value: index(
          get(metadata, 'annotations'),
          concat([
            literal('container.apparmor.security.beta.kubernetes.io/'),
            containerName(element),
          ]),
        ),
        body: or([
          compare('eq', ref('profile'), { kind: 'absent' }),
          compare('eq', ref('profile'), literal('runtime/default')),
          stringTest('startsWith', ref('profile'), literal('localhost/')),
        ]),
      },
      message: concat([
        literal('container "'),
        containerName(element),
        literal('" has a disallowed AppArmor profile'),
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
      each: objectView('keys', get(get(ref('object'), 'metadata'), 'labels')),
      check: regexTest('^[a-z]+$', element),
      message: concat([literal('label '), element]),
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
      each: call('allContainers', [spec]),
      check: {
        kind: 'let',
        name: 'type',
        value: coalesce(
          get(get(sc(element), 'seccompProfile'), 'type'),
          get(get(sc(spec), 'seccompProfile'), 'type'),
        ),
        body: or([
          compare('eq', ref('type'), literal('RuntimeDefault')),
          compare('eq', ref('type'), literal('Localhost')),
        ]),
      },
      message: concat([
        literal('container "'),
        containerName(element),
        literal('" seccomp '),
        cond(
          truthy('object', get(sc(element), 'seccompProfile')),
          literal('container'),
          cond(truthy('object', get(sc(spec), 'seccompProfile')), literal('pod'), literal('unset')),
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
      each: coalesce(get(sc(spec), 'sysctls'), list([])),
      check: listIncludes(
        list([literal('kernel.shm_rmid_forced'), literal('net.ipv4.ip_local_port_range')]),
        get(element, 'name'),
      ),
      message: concat([
        literal('sysctl '),
        get(element, 'name'),
        literal('='),
        get(element, 'value'),
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
      check: and([
        compare('ne', get(get(element, 'spec'), 'type'), literal('NodePort')),
        comprehension(
          'every',
          coalesce(get(get(element, 'spec'), 'ports'), list([])),
          'p',
          not(truthy('number', get(ref('p'), 'nodePort'))),
        ),
      ]),
      message: concat([
        literal('service '),
        coalesce(get(metadata, 'name'), literal('')),
        literal(' exposes node ports'),
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
      each: coalesce(get(ref('object'), 'subjects'), list([])),
      check: and([
        compare('ne', get(element, 'name'), literal('system:anonymous')),
        compare('ne', get(element, 'name'), literal('system:unauthenticated')),
      ]),
      message: concat([
        literal('binds '),
        get(element, 'kind'),
        literal(' '),
        get(element, 'name'),
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
