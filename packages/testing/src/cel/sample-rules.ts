/**
 * Rules written twice, as native TypeScript (`defineRule`) and as hand-lowered IR, covering
 * every IR node kind. The equivalence tests compare the native engine with the generated
 * CEL on them; they do not depend on the frontend or the catalog being present.
 */
import { type AnyRule, allContainers, defineRule } from '@kpc/core';
import {
  absent,
  and,
  call,
  coalesce,
  compare,
  comprehension,
  concat,
  cond,
  type Expr,
  get,
  imageDigest,
  imageRegistry,
  imageTag,
  index,
  length,
  let_,
  list,
  listConcat,
  listIncludes,
  literal,
  not,
  objectView,
  or,
  type ParamSpecs,
  param,
  type RuleIR,
  ref,
  regexTest,
  stringTest,
  truthy,
} from '@kpc/ir';

/** A native rule with the IR it lowers to. */
export interface SampleRule {
  readonly native: AnyRule;
  readonly ir: RuleIR;
}

const meta = {
  title: 'sample',
  description: 'sample rule',
  rationale: 'tests',
  remediation: 'none',
  severity: 'medium' as const,
  category: 'Samples',
  controls: [],
  examples: { pass: [], fail: [] },
};

const el = ref('element');
const spec = ref('spec');
const sc = (e: Expr) => get(e, 'securityContext');
const containers = call('allContainers', [spec]);
const name = get(el, 'name');
const quoted = (e: Expr, rest: string) => concat([literal('container "'), e, literal(`" ${rest}`)]);

// biome-ignore lint/suspicious/noExplicitAny: native sample rules read arbitrary JSON.
type J = any;

function podRule(
  id: string,
  params: ParamSpecs,
  native: {
    each?: (ctx: J) => readonly unknown[];
    check: (e: J, ctx: J) => boolean;
    message: (e: J, ctx: J) => string;
  },
  ir: Omit<RuleIR, 'irVersion' | 'id' | 'target' | 'params'>,
): SampleRule {
  return {
    native: defineRule({ ...meta, id, target: 'PodSpec', params, ...native } as never) as AnyRule,
    ir: { irVersion: 1, id, target: { kind: 'podSpec' }, params, ...ir },
  };
}

/** The sample rules. */
export const SAMPLE_RULES: readonly SampleRule[] = [
  podRule(
    'sample-privileged',
    {},
    {
      each: ({ spec }) => allContainers(spec),
      check: (c) => c.securityContext?.privileged !== true,
      message: (c) => `container "${c.name}" is privileged`,
    },
    {
      each: containers,
      check: compare('ne', get(sc(el), 'privileged'), literal(true)),
      message: quoted(name, 'is privileged'),
    },
  ),
  podRule(
    'sample-run-as-non-root',
    {},
    {
      each: ({ spec }) => allContainers(spec),
      check: (c, { spec }) =>
        spec.securityContext?.runAsNonRoot !== false &&
        (c.securityContext?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot) === true,
      message: (c) => `container "${c.name}" may run as root`,
    },
    {
      each: containers,
      check: and([
        compare('ne', get(sc(spec), 'runAsNonRoot'), literal(false)),
        compare(
          'eq',
          coalesce(get(sc(el), 'runAsNonRoot'), get(sc(spec), 'runAsNonRoot')),
          literal(true),
        ),
      ]),
      message: quoted(name, 'may run as root'),
    },
  ),
  podRule(
    'sample-host-ports',
    {},
    {
      each: ({ spec }) => allContainers(spec).flatMap((c: J) => c.ports ?? []),
      check: (p) => (p.hostPort ?? 0) === 0,
      message: (p) => `port ${p.containerPort} binds hostPort ${p.hostPort}`,
    },
    {
      each: comprehension('flatMap', containers, 'c', coalesce(get(ref('c'), 'ports'), list([]))),
      check: compare('eq', coalesce(get(el, 'hostPort'), literal(0)), literal(0)),
      message: concat([
        literal('port '),
        get(el, 'containerPort'),
        literal(' binds hostPort '),
        get(el, 'hostPort'),
      ]),
    },
  ),
  podRule(
    'sample-registries',
    {
      allowed: {
        type: 'string[]',
        default: ['registry.example.com', 'docker.io'],
        description: 'd',
      },
    },
    {
      each: ({ spec }) => allContainers(spec),
      check: (c, { params }) => params.allowed.includes(imageRegistry(c.image ?? '')),
      message: (c) => `container "${c.name}" pulls from "${imageRegistry(c.image ?? '')}"`,
    },
    {
      each: containers,
      check: listIncludes(
        param('allowed'),
        call('imageRegistry', [coalesce(get(el, 'image'), literal(''))]),
      ),
      message: concat([
        literal('container "'),
        name,
        literal('" pulls from "'),
        call('imageRegistry', [coalesce(get(el, 'image'), literal(''))]),
        literal('"'),
      ]),
    },
  ),
  podRule(
    'sample-image-tag',
    { banned: { type: 'string', default: 'latest', description: 'd' } },
    {
      each: ({ spec }) => allContainers(spec),
      check: (c, { params }) =>
        imageDigest(c.image ?? '') !== undefined ||
        (imageTag(c.image ?? '') !== undefined && imageTag(c.image ?? '') !== params.banned),
      message: (c) => `container "${c.name}" image tag ${imageTag(c.image ?? '') ?? 'none'}`,
    },
    {
      each: containers,
      check: or([
        compare('ne', call('imageDigest', [coalesce(get(el, 'image'), literal(''))]), absent()),
        and([
          compare('ne', call('imageTag', [coalesce(get(el, 'image'), literal(''))]), absent()),
          compare(
            'ne',
            call('imageTag', [coalesce(get(el, 'image'), literal(''))]),
            param('banned'),
          ),
        ]),
      ]),
      message: concat([
        literal('container "'),
        name,
        literal('" image tag '),
        coalesce(call('imageTag', [coalesce(get(el, 'image'), literal(''))]), literal('none')),
      ]),
    },
  ),
  podRule(
    'sample-names',
    { maxLength: { type: 'integer', default: 3, description: 'd' } },
    {
      each: ({ spec }) => allContainers(spec),
      check: (c, { params }) =>
        typeof c.name === 'string' &&
        /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(c.name) &&
        (c.args ?? []).length <= params.maxLength,
      message: (c) => `container "${c.name}" has a bad name`,
    },
    {
      each: containers,
      check: and([
        regexTest('^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', name),
        compare('le', length(coalesce(get(el, 'args'), list([]))), param('maxLength')),
      ]),
      message: quoted(name, 'has a bad name'),
    },
  ),
  podRule(
    'sample-resources',
    {},
    {
      each: ({ spec }) => allContainers(spec),
      check: (c) =>
        !!c.resources?.limits?.memory &&
        (typeof c.resources?.limits?.cpu === 'string' && c.resources.limits.cpu !== ''
          ? true
          : c.resources?.limits?.cpu !== undefined) &&
        !(Array.isArray(c.args) && c.args.length > 3),
      message: (c) => `container "${c.name}" lacks limits`,
    },
    {
      each: containers,
      check: and([
        truthy('string', get(get(get(el, 'resources'), 'limits'), 'memory')),
        cond(
          truthy('string', get(get(get(el, 'resources'), 'limits'), 'cpu')),
          literal(true),
          compare('ne', get(get(get(el, 'resources'), 'limits'), 'cpu'), absent()),
        ),
        not(
          and([
            truthy('list', get(el, 'args')),
            compare('gt', length(get(el, 'args')), literal(3)),
          ]),
        ),
      ]),
      message: quoted(name, 'lacks limits'),
    },
  ),
  podRule(
    'sample-env',
    {},
    {
      each: ({ spec }) => allContainers(spec),
      check: (c) =>
        (c.env ?? []).every(
          (e: J) => !(typeof e.name === 'string' && e.name.startsWith('SECRET')),
        ) &&
        !(c.command ?? []).some(
          (x: J) => typeof x === 'string' && (x.includes('curl') || x.endsWith('.sh')),
        ) &&
        (c.command ?? [])[0] !== 'sh',
      message: (c) =>
        `container "${c.name}" env ${(c.env ?? []).filter((e: J) => typeof e.name === 'string' && e.name.startsWith('SECRET')).length} bad`,
    },
    {
      each: containers,
      check: and([
        comprehension(
          'every',
          coalesce(get(el, 'env'), list([])),
          'e',
          not(stringTest('startsWith', get(ref('e'), 'name'), literal('SECRET'))),
        ),
        not(
          comprehension(
            'some',
            coalesce(get(el, 'command'), list([])),
            'x',
            or([
              stringTest('includes', ref('x'), literal('curl')),
              stringTest('endsWith', ref('x'), literal('.sh')),
            ]),
          ),
        ),
        compare('ne', index(coalesce(get(el, 'command'), list([])), literal(0)), literal('sh')),
      ]),
      message: concat([
        literal('container "'),
        name,
        literal('" env '),
        length(
          comprehension(
            'filter',
            coalesce(get(el, 'env'), list([])),
            'e',
            stringTest('startsWith', get(ref('e'), 'name'), literal('SECRET')),
          ),
        ),
        literal(' bad'),
      ]),
    },
  ),
  podRule(
    'sample-pod-level',
    {},
    {
      check: (s, { metadata }) => {
        const user = s.securityContext?.runAsUser;
        return (
          s.hostNetwork !== true &&
          (user === undefined || (typeof user === 'number' && user > 0)) &&
          !Object.keys(metadata.labels ?? {}).includes('debug') &&
          metadata.annotations?.['kpc.dev/skip'] !== 'true' &&
          Object.values(metadata.labels ?? {}).every((v: J) => v !== 'root') &&
          [...(s.volumes ?? [])].map((v: J) => v.name).every((n: J) => n !== 'docker-sock')
        );
      },
      message: (s) => `pod runs as ${s.securityContext?.runAsUser ?? 'default'}`,
    },
    {
      each: null,
      check: and([
        compare('ne', get(el, 'hostNetwork'), literal(true)),
        let_(
          'user',
          get(sc(el), 'runAsUser'),
          or([compare('eq', ref('user'), absent()), compare('gt', ref('user'), literal(0))]),
        ),
        not(
          listIncludes(
            objectView('keys', coalesce(get(ref('metadata'), 'labels'), list([]))),
            literal('debug'),
          ),
        ),
        compare(
          'ne',
          index(get(ref('metadata'), 'annotations'), literal('kpc.dev/skip')),
          literal('true'),
        ),
        comprehension(
          'every',
          objectView('values', get(ref('metadata'), 'labels')),
          'v',
          compare('ne', ref('v'), literal('root')),
        ),
        comprehension(
          'every',
          comprehension('map', listConcat([get(el, 'volumes')]), 'v', get(ref('v'), 'name')),
          'n',
          compare('ne', ref('n'), literal('docker-sock')),
        ),
      ]),
      message: concat([
        literal('pod runs as '),
        coalesce(get(sc(el), 'runAsUser'), literal('default')),
      ]),
    },
  ),
  {
    native: defineRule({
      ...meta,
      id: 'sample-deployment-labels',
      target: 'Deployment',
      check: (d: J) =>
        typeof d.metadata?.labels?.team === 'string' &&
        d.metadata.labels.team !== '' &&
        (d.spec?.replicas ?? 1) >= 2 &&
        Object.entries(d.metadata?.labels ?? {}).some((e: J) => e[0] === 'app'),
      message: (d: J) => `deployment ${d.metadata?.name ?? ''} needs a team label and 2 replicas`,
    } as never) as AnyRule,
    ir: {
      irVersion: 1,
      id: 'sample-deployment-labels',
      target: {
        kind: 'resources',
        resources: [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
      },
      params: {},
      each: null,
      check: and([
        truthy('string', index(get(get(el, 'metadata'), 'labels'), literal('team'))),
        compare('ge', coalesce(get(get(el, 'spec'), 'replicas'), literal(1)), literal(2)),
        comprehension(
          'some',
          objectView('entries', get(get(el, 'metadata'), 'labels')),
          'e',
          compare('eq', index(ref('e'), literal(0)), literal('app')),
        ),
      ]),
      message: concat([
        literal('deployment '),
        coalesce(get(get(el, 'metadata'), 'name'), literal('')),
        literal(' needs a team label and 2 replicas'),
      ]),
    },
  },
];
