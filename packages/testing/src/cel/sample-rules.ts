/**
 * Rules written twice, as native TypeScript (`defineRule`) and as hand-lowered IR, covering
 * every IR node kind. The equivalence tests compare the native engine with the generated
 * CEL on them; they do not depend on the frontend or the catalog being present.
 */
import { type AnyRule, allContainers, defineRule } from '@kpc/core';
import {
  type Expr,
  imageDigest,
  imageRegistry,
  imageTag,
  ir,
  type ParamSpecs,
  type RuleIR,
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

const el = ir.ref('element');
const spec = ir.ref('spec');
const sc = (e: Expr) => ir.get(e, 'securityContext');
const containers = ir.call('allContainers', [spec]);
const name = ir.get(el, 'name');
const quoted = (e: Expr, rest: string) =>
  ir.concat([ir.literal('container "'), e, ir.literal(`" ${rest}`)]);

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
      check: ir.compare('ne', ir.get(sc(el), 'privileged'), ir.literal(true)),
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
      check: ir.and([
        ir.compare('ne', ir.get(sc(spec), 'runAsNonRoot'), ir.literal(false)),
        ir.compare(
          'eq',
          ir.coalesce(ir.get(sc(el), 'runAsNonRoot'), ir.get(sc(spec), 'runAsNonRoot')),
          ir.literal(true),
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
      each: ir.comprehension(
        'flatMap',
        containers,
        'c',
        ir.coalesce(ir.get(ir.ref('c'), 'ports'), ir.list([])),
      ),
      check: ir.compare('eq', ir.coalesce(ir.get(el, 'hostPort'), ir.literal(0)), ir.literal(0)),
      message: ir.concat([
        ir.literal('port '),
        ir.get(el, 'containerPort'),
        ir.literal(' binds hostPort '),
        ir.get(el, 'hostPort'),
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
      check: ir.listIncludes(
        ir.param('allowed'),
        ir.call('imageRegistry', [ir.coalesce(ir.get(el, 'image'), ir.literal(''))]),
      ),
      message: ir.concat([
        ir.literal('container "'),
        name,
        ir.literal('" pulls from "'),
        ir.call('imageRegistry', [ir.coalesce(ir.get(el, 'image'), ir.literal(''))]),
        ir.literal('"'),
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
      check: ir.or([
        ir.compare(
          'ne',
          ir.call('imageDigest', [ir.coalesce(ir.get(el, 'image'), ir.literal(''))]),
          ir.absent(),
        ),
        ir.and([
          ir.compare(
            'ne',
            ir.call('imageTag', [ir.coalesce(ir.get(el, 'image'), ir.literal(''))]),
            ir.absent(),
          ),
          ir.compare(
            'ne',
            ir.call('imageTag', [ir.coalesce(ir.get(el, 'image'), ir.literal(''))]),
            ir.param('banned'),
          ),
        ]),
      ]),
      message: ir.concat([
        ir.literal('container "'),
        name,
        ir.literal('" image tag '),
        ir.coalesce(
          ir.call('imageTag', [ir.coalesce(ir.get(el, 'image'), ir.literal(''))]),
          ir.literal('none'),
        ),
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
      check: ir.and([
        ir.regexTest('^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', name),
        ir.compare(
          'le',
          ir.length(ir.coalesce(ir.get(el, 'args'), ir.list([]))),
          ir.param('maxLength'),
        ),
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
      check: ir.and([
        ir.truthy('string', ir.get(ir.get(ir.get(el, 'resources'), 'limits'), 'memory')),
        ir.cond(
          ir.truthy('string', ir.get(ir.get(ir.get(el, 'resources'), 'limits'), 'cpu')),
          ir.literal(true),
          ir.compare('ne', ir.get(ir.get(ir.get(el, 'resources'), 'limits'), 'cpu'), ir.absent()),
        ),
        ir.not(
          ir.and([
            ir.truthy('list', ir.get(el, 'args')),
            ir.compare('gt', ir.length(ir.get(el, 'args')), ir.literal(3)),
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
      check: ir.and([
        ir.comprehension(
          'every',
          ir.coalesce(ir.get(el, 'env'), ir.list([])),
          'e',
          ir.not(ir.stringTest('startsWith', ir.get(ir.ref('e'), 'name'), ir.literal('SECRET'))),
        ),
        ir.not(
          ir.comprehension(
            'some',
            ir.coalesce(ir.get(el, 'command'), ir.list([])),
            'x',
            ir.or([
              ir.stringTest('includes', ir.ref('x'), ir.literal('curl')),
              ir.stringTest('endsWith', ir.ref('x'), ir.literal('.sh')),
            ]),
          ),
        ),
        ir.compare(
          'ne',
          ir.index(ir.coalesce(ir.get(el, 'command'), ir.list([])), ir.literal(0)),
          ir.literal('sh'),
        ),
      ]),
      message: ir.concat([
        ir.literal('container "'),
        name,
        ir.literal('" env '),
        ir.length(
          ir.comprehension(
            'filter',
            ir.coalesce(ir.get(el, 'env'), ir.list([])),
            'e',
            ir.stringTest('startsWith', ir.get(ir.ref('e'), 'name'), ir.literal('SECRET')),
          ),
        ),
        ir.literal(' bad'),
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
      check: ir.and([
        ir.compare('ne', ir.get(el, 'hostNetwork'), ir.literal(true)),
        ir.let_(
          'user',
          ir.get(sc(el), 'runAsUser'),
          ir.or([
            ir.compare('eq', ir.ref('user'), ir.absent()),
            ir.compare('gt', ir.ref('user'), ir.literal(0)),
          ]),
        ),
        ir.not(
          ir.listIncludes(
            ir.objectView('keys', ir.coalesce(ir.get(ir.ref('metadata'), 'labels'), ir.list([]))),
            ir.literal('debug'),
          ),
        ),
        ir.compare(
          'ne',
          ir.index(ir.get(ir.ref('metadata'), 'annotations'), ir.literal('kpc.dev/skip')),
          ir.literal('true'),
        ),
        ir.comprehension(
          'every',
          ir.objectView('values', ir.get(ir.ref('metadata'), 'labels')),
          'v',
          ir.compare('ne', ir.ref('v'), ir.literal('root')),
        ),
        ir.comprehension(
          'every',
          ir.comprehension(
            'map',
            ir.listConcat([ir.get(el, 'volumes')]),
            'v',
            ir.get(ir.ref('v'), 'name'),
          ),
          'n',
          ir.compare('ne', ir.ref('n'), ir.literal('docker-sock')),
        ),
      ]),
      message: ir.concat([
        ir.literal('pod runs as '),
        ir.coalesce(ir.get(sc(el), 'runAsUser'), ir.literal('default')),
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
      check: ir.and([
        ir.truthy('string', ir.index(ir.get(ir.get(el, 'metadata'), 'labels'), ir.literal('team'))),
        ir.compare(
          'ge',
          ir.coalesce(ir.get(ir.get(el, 'spec'), 'replicas'), ir.literal(1)),
          ir.literal(2),
        ),
        ir.comprehension(
          'some',
          ir.objectView('entries', ir.get(ir.get(el, 'metadata'), 'labels')),
          'e',
          ir.compare('eq', ir.index(ir.ref('e'), ir.literal(0)), ir.literal('app')),
        ),
      ]),
      message: ir.concat([
        ir.literal('deployment '),
        ir.coalesce(ir.get(ir.get(el, 'metadata'), 'name'), ir.literal('')),
        ir.literal(' needs a team label and 2 replicas'),
      ]),
    },
  },
];
