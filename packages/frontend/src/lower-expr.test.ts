import { canonicalJson, type Expr, ir } from '@kpc/ir';
import { describe, expect } from 'vitest';
import { batchedLowering } from './test-support.ts';

// Every case of this file is type-checked in one TypeScript program (test-support.ts).
const { test, lowerOne } = batchedLowering();

const el = ir.ref('element');
const spec = ir.ref('spec');
const path = (root: Expr, ...keys: string[]): Expr =>
  keys.reduce<Expr>((o, k) => ir.get(o, k), root);

/** Asserts the lowered check equals `expected` (canonical JSON: spans ignored). */
function expectCheck(
  check: string,
  expected: Expr,
  extra: Omit<Parameters<typeof lowerOne>[0], 'check'> = {},
) {
  const lowered = lowerOne({ ...extra, check });
  expect(canonicalJson(lowered.check)).toBe(canonicalJson(expected));
}

describe('property access and roots', () => {
  test('ctx destructuring, optional chaining and the element', () => {
    expectCheck(
      '(c, { spec }) => c.securityContext?.privileged !== true && spec.hostNetwork !== true',
      ir.and([
        ir.compare('ne', path(el, 'securityContext', 'privileged'), ir.literal(true)),
        ir.compare('ne', path(spec, 'hostNetwork'), ir.literal(true)),
      ]),
    );
  });

  test('ctx.spec / ctx.metadata / ctx.object forms', () => {
    expectCheck(
      "(_c, ctx) => ctx.spec.hostPID !== true && ctx.metadata.name !== 'x' && ctx.object.kind !== 'Pod'",
      ir.and([
        ir.compare('ne', path(spec, 'hostPID'), ir.literal(true)),
        ir.compare('ne', path(ir.ref('metadata'), 'name'), ir.literal('x')),
        ir.compare('ne', path(ir.ref('object'), 'kind'), ir.literal('Pod')),
      ]),
    );
  });

  test('renamed ctx fields and element destructuring', () => {
    expectCheck(
      "({ name, securityContext: sc }, { spec: s }) => name !== 'x' && sc?.runAsUser !== 0 && s.hostIPC !== true",
      ir.and([
        ir.compare('ne', ir.get(el, 'name'), ir.literal('x')),
        ir.compare('ne', path(el, 'securityContext', 'runAsUser'), ir.literal(0)),
        ir.compare('ne', path(spec, 'hostIPC'), ir.literal(true)),
      ]),
    );
  });

  test('kind targets have object and metadata', () => {
    const lowered = lowerOne({
      target: "'Service'",
      check:
        "(svc, { metadata }) => svc.spec?.type !== 'NodePort' && metadata.namespace !== 'kube-system'",
    });
    expect(lowered.target).toEqual({
      kind: 'resources',
      resources: [{ group: '', version: 'v1', kind: 'Service' }],
    });
    expect(lowered.each).toBeNull();
    expect(canonicalJson(lowered.check)).toBe(
      canonicalJson(
        ir.and([
          ir.compare('ne', path(el, 'spec', 'type'), ir.literal('NodePort')),
          ir.compare('ne', path(ir.ref('metadata'), 'namespace'), ir.literal('kube-system')),
        ]),
      ),
    );
  });
});

describe('truthiness by type', () => {
  test('boolean | undefined → truthy boolean; ! over it', () => {
    expectCheck(
      '(c) => !c.securityContext?.privileged',
      ir.not(ir.truthy('boolean', path(el, 'securityContext', 'privileged'))),
    );
  });
  test('string | undefined → truthy string; object → truthy object; list → truthy list', () => {
    expectCheck(
      '(c) => !!c.image && !c.securityContext && !c.ports',
      ir.and([
        ir.not(ir.not(ir.truthy('string', ir.get(el, 'image')))),
        ir.not(ir.truthy('object', ir.get(el, 'securityContext'))),
        ir.not(ir.truthy('list', ir.get(el, 'ports'))),
      ]),
    );
  });
  test('number → truthy number, in || and ternary tests', () => {
    expectCheck(
      "(c) => c.securityContext?.runAsUser || c.name === 'x' ? true : false",
      ir.cond(
        ir.or([
          ir.truthy('number', path(el, 'securityContext', 'runAsUser')),
          ir.compare('eq', ir.get(el, 'name'), ir.literal('x')),
        ]),
        ir.literal(true),
        ir.literal(false),
      ),
    );
  });
  test('=== undefined on an object is presence', () => {
    expectCheck(
      '(c) => c.securityContext === undefined || c.securityContext.capabilities !== undefined',
      ir.or([
        ir.not(ir.truthy('object', ir.get(el, 'securityContext'))),
        ir.truthy('object', path(el, 'securityContext', 'capabilities')),
      ]),
    );
  });
  test('=== undefined on a scalar stays a comparison with absent', () => {
    expectCheck(
      '(c) => c.securityContext?.runAsNonRoot === undefined',
      ir.compare('eq', path(el, 'securityContext', 'runAsNonRoot'), ir.absent()),
    );
  });
  test('&& of two strict booleans may be used as a value', () => {
    expectCheck(
      "(c) => (c.name === 'a' && c.image !== 'b') === true",
      ir.compare(
        'eq',
        ir.and([
          ir.compare('eq', ir.get(el, 'name'), ir.literal('a')),
          ir.compare('ne', ir.get(el, 'image'), ir.literal('b')),
        ]),
        ir.literal(true),
      ),
    );
  });
});

describe('operators', () => {
  test('?? → coalesce, ordering comparisons', () => {
    expectCheck(
      "(c, { spec }) => (c.securityContext?.runAsUser ?? spec.securityContext?.runAsUser ?? 1) > 0 && (c.name ?? '') <= 'z'",
      ir.and([
        ir.compare(
          'gt',
          ir.coalesce(
            ir.coalesce(
              path(el, 'securityContext', 'runAsUser'),
              path(spec, 'securityContext', 'runAsUser'),
            ),
            ir.literal(1),
          ),
          ir.literal(0),
        ),
        ir.compare('le', ir.coalesce(ir.get(el, 'name'), ir.literal('')), ir.literal('z')),
      ]),
    );
  });
  test('negative numeric literals', () => {
    expectCheck(
      '(c) => (c.securityContext?.runAsUser ?? -1) >= -1',
      ir.compare(
        'ge',
        ir.coalesce(path(el, 'securityContext', 'runAsUser'), ir.literal(-1)),
        ir.literal(-1),
      ),
    );
  });
  test('template literals and string + → concat', () => {
    const lowered = lowerOne({
      check: '() => true',
      message:
        "(c) => `container \"${c.name}\" port ${c.ports?.length ?? 0}` + ': ' + (c.image ?? '')",
    });
    expect(canonicalJson(lowered.message)).toBe(
      canonicalJson(
        ir.concat([
          ir.literal('container "'),
          ir.get(el, 'name'),
          ir.literal('" port '),
          ir.coalesce(ir.length(ir.get(el, 'ports')), ir.literal(0)),
          ir.literal(': '),
          ir.coalesce(ir.get(el, 'image'), ir.literal('')),
        ]),
      ),
    );
  });
});

describe('arrays', () => {
  test('each with spread and ?? [] → listConcat', () => {
    const lowered = lowerOne({
      each: '({ spec }) => [...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])]',
      check: '(c) => c.securityContext?.runAsNonRoot === true',
    });
    expect(canonicalJson(lowered.each)).toBe(
      canonicalJson(
        ir.listConcat([
          ir.get(spec, 'containers'),
          ir.coalesce(ir.get(spec, 'initContainers'), ir.list([])),
          ir.coalesce(ir.get(spec, 'ephemeralContainers'), ir.list([])),
        ]),
      ),
    );
  });
  test('helper call allContainers and concat()', () => {
    const lowered = lowerOne({
      each: '({ spec }) => allContainers(spec).concat(spec.initContainers ?? [])',
      check: '() => true',
    });
    expect(canonicalJson(lowered.each)).toBe(
      canonicalJson(
        ir.listConcat([
          ir.call('allContainers', [spec]),
          ir.coalesce(ir.get(spec, 'initContainers'), ir.list([])),
        ]),
      ),
    );
  });
  test('every / some / filter / map with nested variables', () => {
    expectCheck(
      "(_c, { spec }) => spec.containers.every((c) => (c.ports ?? []).some((p) => p.hostPort === undefined)) && spec.containers.filter((c) => c.name !== 'x').map((c) => c.name).length > 0",
      ir.and([
        ir.comprehension(
          'every',
          ir.get(spec, 'containers'),
          'c',
          ir.comprehension(
            'some',
            ir.coalesce(ir.get(ir.ref('c'), 'ports'), ir.list([])),
            'p',
            ir.compare('eq', ir.get(ir.ref('p'), 'hostPort'), ir.absent()),
          ),
        ),
        ir.compare(
          'gt',
          ir.length(
            ir.comprehension(
              'map',
              ir.comprehension(
                'filter',
                ir.get(spec, 'containers'),
                'c',
                ir.compare('ne', ir.get(ir.ref('c'), 'name'), ir.literal('x')),
              ),
              'c',
              ir.get(ir.ref('c'), 'name'),
            ),
          ),
          ir.literal(0),
        ),
      ]),
    );
  });
  test('a callback parameter named like a root gets a fresh IR name', () => {
    expectCheck(
      '(_c, { spec: s }) => s.containers.some((spec) => spec.name === s.hostname)',
      ir.comprehension(
        'some',
        ir.get(spec, 'containers'),
        'spec_2',
        ir.compare('eq', ir.get(ir.ref('spec_2'), 'name'), ir.get(spec, 'hostname')),
      ),
    );
  });
  test('flatMap and includes on a list of strings', () => {
    expectCheck(
      "(_c, { spec }) => spec.containers.flatMap((c) => c.args ?? []).includes('--privileged') === false",
      ir.compare(
        'eq',
        ir.listIncludes(
          ir.comprehension(
            'flatMap',
            ir.get(spec, 'containers'),
            'c',
            ir.coalesce(ir.get(ir.ref('c'), 'args'), ir.list([])),
          ),
          ir.literal('--privileged'),
        ),
        ir.literal(false),
      ),
    );
  });
  test('optional method call used as a value is guarded (undefined, not false)', () => {
    const add = path(el, 'securityContext', 'capabilities', 'add');
    expectCheck(
      "(c) => c.securityContext?.capabilities?.add?.includes('NET_RAW') !== true",
      ir.compare(
        'ne',
        ir.cond(
          ir.compare('eq', add, ir.absent()),
          ir.absent(),
          ir.listIncludes(add, ir.literal('NET_RAW')),
        ),
        ir.literal(true),
      ),
    );
  });
  test('optional every / filter in a condition are guarded (true / [] on absent, not falsy)', () => {
    const args = ir.get(el, 'args');
    const ports = ir.get(el, 'ports');
    expectCheck(
      "(c) => c.args?.every((a) => a !== '-x') || !c.ports?.filter((p) => p.hostPort !== undefined)",
      ir.or([
        ir.truthy(
          'boolean',
          ir.cond(
            ir.compare('eq', args, ir.absent()),
            ir.absent(),
            ir.comprehension('every', args, 'a', ir.compare('ne', ir.ref('a'), ir.literal('-x'))),
          ),
        ),
        ir.not(
          ir.truthy(
            'list',
            ir.cond(
              ir.compare('eq', ports, ir.absent()),
              ir.absent(),
              ir.comprehension(
                'filter',
                ports,
                'p',
                ir.compare('ne', ir.get(ir.ref('p'), 'hostPort'), ir.absent()),
              ),
            ),
          ),
        ),
      ]),
    );
  });

  test('optional method call in a condition is not guarded', () => {
    expectCheck(
      "(c) => !c.securityContext?.capabilities?.add?.includes('NET_RAW')",
      ir.not(
        ir.listIncludes(path(el, 'securityContext', 'capabilities', 'add'), ir.literal('NET_RAW')),
      ),
    );
  });
});

describe('strings, regexes, maps, helpers', () => {
  test('startsWith / endsWith / includes / length on strings', () => {
    expectCheck(
      "(c) => (c.image ?? '').startsWith('registry.local/') && !(c.image ?? '').endsWith(':latest') && !c.name.includes('_') && c.name.length < 64",
      ir.and([
        ir.stringTest(
          'startsWith',
          ir.coalesce(ir.get(el, 'image'), ir.literal('')),
          ir.literal('registry.local/'),
        ),
        ir.not(
          ir.stringTest(
            'endsWith',
            ir.coalesce(ir.get(el, 'image'), ir.literal('')),
            ir.literal(':latest'),
          ),
        ),
        ir.not(ir.stringTest('includes', ir.get(el, 'name'), ir.literal('_'))),
        ir.compare('lt', ir.length(ir.get(el, 'name')), ir.literal(64)),
      ]),
    );
  });
  test('regex literal and module-level regex const, pattern kept as written', () => {
    expectCheck(
      "(c) => /^[a-z0-9-]+$/.test(c.name) && !DIGEST.test(c.image ?? '')",
      ir.and([
        ir.regexTest('^[a-z0-9-]+$', ir.get(el, 'name')),
        ir.not(ir.regexTest('@sha256:.+\\w$', ir.coalesce(ir.get(el, 'image'), ir.literal('')))),
      ]),
      { prelude: 'const DIGEST = /@sha256:.+\\w$/;' },
    );
  });
  test('Object.keys / values / entries with ?? {} and entry destructuring', () => {
    const labels = ir.get(ir.ref('metadata'), 'labels');
    expectCheck(
      "(_s, { metadata }) => Object.keys(metadata.labels ?? {}).includes('app') && Object.values(metadata.annotations ?? {}).every((v) => v !== '') && Object.entries(metadata.labels ?? {}).some(([k, v]) => k === v)",
      ir.and([
        ir.listIncludes(ir.objectView('keys', labels), ir.literal('app')),
        ir.comprehension(
          'every',
          ir.objectView('values', ir.get(ir.ref('metadata'), 'annotations')),
          'v',
          ir.compare('ne', ir.ref('v'), ir.literal('')),
        ),
        ir.comprehension(
          'some',
          ir.objectView('entries', labels),
          'item',
          ir.compare(
            'eq',
            ir.index(ir.ref('item'), ir.literal(0)),
            ir.index(ir.ref('item'), ir.literal(1)),
          ),
        ),
      ]),
    );
  });
  test('computed key: the AppArmor annotation of one container', () => {
    expectCheck(
      "(c, { metadata }) => metadata.annotations?.[`container.apparmor.security.beta.kubernetes.io/${c.name}`] !== 'unconfined'",
      ir.compare(
        'ne',
        ir.index(
          ir.get(ir.ref('metadata'), 'annotations'),
          ir.concat([
            ir.literal('container.apparmor.security.beta.kubernetes.io/'),
            ir.get(el, 'name'),
          ]),
        ),
        ir.literal('unconfined'),
      ),
    );
  });
  test('image helpers', () => {
    expectCheck(
      "(c) => imageRegistry(c.image ?? '') !== 'docker.io' && imageTag(c.image ?? '') !== 'latest' && imageDigest(c.image ?? '') !== undefined",
      ir.and([
        ir.compare(
          'ne',
          ir.call('imageRegistry', [ir.coalesce(ir.get(el, 'image'), ir.literal(''))]),
          ir.literal('docker.io'),
        ),
        ir.compare(
          'ne',
          ir.call('imageTag', [ir.coalesce(ir.get(el, 'image'), ir.literal(''))]),
          ir.literal('latest'),
        ),
        ir.compare(
          'ne',
          ir.call('imageDigest', [ir.coalesce(ir.get(el, 'image'), ir.literal(''))]),
          ir.absent(),
        ),
      ]),
    );
  });
});

describe('constants, params, let', () => {
  test('module-level consts are inlined; arrays of literals become lists', () => {
    expectCheck(
      '(c) => !FORBIDDEN.includes(c.name) && c.name !== PREFIX',
      ir.and([
        ir.not(ir.listIncludes(ir.list([ir.literal('a'), ir.literal('b')]), ir.get(el, 'name'))),
        ir.compare('ne', ir.get(el, 'name'), ir.literal('x-')),
      ]),
      {
        prelude: "const FORBIDDEN: readonly string[] = ['a', 'b'];\nconst PREFIX = `x-` as const;",
      },
    );
  });
  test('widening assertions are transparent (as const arrays used as string[])', () => {
    expectCheck(
      '(c) => !(LEVELS as readonly string[]).includes(c.name)',
      ir.not(ir.listIncludes(ir.list([ir.literal('a'), ir.literal('b')]), ir.get(el, 'name'))),
      { prelude: "const LEVELS = ['a', 'b'] as const;" },
    );
  });

  test('params via ctx.params, destructured params, nested destructuring', () => {
    const lowered = lowerOne({
      params:
        "{ registries: { type: 'string[]', default: ['registry.local'], description: 'Allowed registries.' }, strict: { type: 'boolean', default: true, description: 'Strict.' } }",
      check:
        "(c, { params: { registries }, params }) => registries.includes(imageRegistry(c.image ?? '')) || !params.strict",
    });
    expect(lowered.params).toEqual({
      registries: {
        type: 'string[]',
        default: ['registry.local'],
        description: 'Allowed registries.',
      },
      strict: { type: 'boolean', default: true, description: 'Strict.' },
    });
    expect(canonicalJson(lowered.check)).toBe(
      canonicalJson(
        ir.or([
          ir.listIncludes(
            ir.param('registries'),
            ir.call('imageRegistry', [ir.coalesce(ir.get(el, 'image'), ir.literal(''))]),
          ),
          ir.not(ir.truthy('boolean', ir.param('strict'))),
        ]),
      ),
    );
  });
  test('destructuring ctx and params inside a block body', () => {
    const lowered = lowerOne({
      params:
        "{ registries: { type: 'string[]', default: ['registry.local'], description: 'Allowed registries.' } }",
      check:
        "(c, ctx) => { const { params, spec: s } = ctx; const { registries: allowed } = params; return allowed.includes(c.image ?? '') || s.hostNetwork === true; }",
    });
    expect(canonicalJson(lowered.check)).toBe(
      canonicalJson(
        ir.or([
          ir.listIncludes(ir.param('registries'), ir.coalesce(ir.get(el, 'image'), ir.literal(''))),
          ir.compare('eq', ir.get(spec, 'hostNetwork'), ir.literal(true)),
        ]),
      ),
    );
  });

  test('block bodies with const → let', () => {
    expectCheck(
      '(c, { spec }) => { const sc = c.securityContext; const pod = spec.securityContext?.runAsNonRoot; return (sc?.runAsNonRoot ?? pod) === true; }',
      ir.let_(
        'sc',
        ir.get(el, 'securityContext'),
        ir.let_(
          'pod',
          path(spec, 'securityContext', 'runAsNonRoot'),
          ir.compare(
            'eq',
            ir.coalesce(ir.get(ir.ref('sc'), 'runAsNonRoot'), ir.ref('pod')),
            ir.literal(true),
          ),
        ),
      ),
    );
  });
  test('method syntax and a module-level function for check', () => {
    const lowered = lowerOne({
      prelude: "const isNamed = (c: { name: string }) => c.name !== '';",
      check: 'isNamed',
    });
    expect(canonicalJson(lowered.check)).toBe(
      canonicalJson(ir.compare('ne', ir.get(el, 'name'), ir.literal(''))),
    );
  });
});
