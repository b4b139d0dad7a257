import {
  absent,
  and,
  call,
  canonicalJson,
  coalesce,
  compare,
  comprehension,
  concat,
  cond,
  type Expr,
  get,
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
  param,
  ref,
  regexTest,
  stringTest,
  truthy,
} from '@kpc/ir';
import { describe, expect } from 'vitest';
import { batchedLowering } from './test-support.ts';

// Every case of this file is type-checked in one TypeScript program (test-support.ts).
const { test, lowerOne } = batchedLowering();

const el = ref('element');
const spec = ref('spec');
const path = (root: Expr, ...keys: string[]): Expr => keys.reduce<Expr>((o, k) => get(o, k), root);

/** Asserts the lowered check equals `expected` (canonical JSON: spans ignored). */
function expectCheck(
  check: string,
  expected: Expr,
  extra: Omit<Parameters<typeof lowerOne>[0], 'check'> = {},
) {
  const ir = lowerOne({ ...extra, check });
  expect(canonicalJson(ir.check)).toBe(canonicalJson(expected));
}

describe('property access and roots', () => {
  test('ctx destructuring, optional chaining and the element', () => {
    expectCheck(
      '(c, { spec }) => c.securityContext?.privileged !== true && spec.hostNetwork !== true',
      and([
        compare('ne', path(el, 'securityContext', 'privileged'), literal(true)),
        compare('ne', path(spec, 'hostNetwork'), literal(true)),
      ]),
    );
  });

  test('ctx.spec / ctx.metadata / ctx.object forms', () => {
    expectCheck(
      "(_c, ctx) => ctx.spec.hostPID !== true && ctx.metadata.name !== 'x' && ctx.object.kind !== 'Pod'",
      and([
        compare('ne', path(spec, 'hostPID'), literal(true)),
        compare('ne', path(ref('metadata'), 'name'), literal('x')),
        compare('ne', path(ref('object'), 'kind'), literal('Pod')),
      ]),
    );
  });

  test('renamed ctx fields and element destructuring', () => {
    expectCheck(
      "({ name, securityContext: sc }, { spec: s }) => name !== 'x' && sc?.runAsUser !== 0 && s.hostIPC !== true",
      and([
        compare('ne', get(el, 'name'), literal('x')),
        compare('ne', path(el, 'securityContext', 'runAsUser'), literal(0)),
        compare('ne', path(spec, 'hostIPC'), literal(true)),
      ]),
    );
  });

  test('kind targets have object and metadata', () => {
    const ir = lowerOne({
      target: "'Service'",
      check:
        "(svc, { metadata }) => svc.spec?.type !== 'NodePort' && metadata.namespace !== 'kube-system'",
    });
    expect(ir.target).toEqual({
      kind: 'resources',
      resources: [{ group: '', version: 'v1', kind: 'Service' }],
    });
    expect(ir.each).toBeNull();
    expect(canonicalJson(ir.check)).toBe(
      canonicalJson(
        and([
          compare('ne', path(el, 'spec', 'type'), literal('NodePort')),
          compare('ne', path(ref('metadata'), 'namespace'), literal('kube-system')),
        ]),
      ),
    );
  });
});

describe('truthiness by type', () => {
  test('boolean | undefined → truthy boolean; ! over it', () => {
    expectCheck(
      '(c) => !c.securityContext?.privileged',
      not(truthy('boolean', path(el, 'securityContext', 'privileged'))),
    );
  });
  test('string | undefined → truthy string; object → truthy object; list → truthy list', () => {
    expectCheck(
      '(c) => !!c.image && !c.securityContext && !c.ports',
      and([
        not(not(truthy('string', get(el, 'image')))),
        not(truthy('object', get(el, 'securityContext'))),
        not(truthy('list', get(el, 'ports'))),
      ]),
    );
  });
  test('number → truthy number, in || and ternary tests', () => {
    expectCheck(
      "(c) => c.securityContext?.runAsUser || c.name === 'x' ? true : false",
      cond(
        or([
          truthy('number', path(el, 'securityContext', 'runAsUser')),
          compare('eq', get(el, 'name'), literal('x')),
        ]),
        literal(true),
        literal(false),
      ),
    );
  });
  test('=== undefined on an object is presence', () => {
    expectCheck(
      '(c) => c.securityContext === undefined || c.securityContext.capabilities !== undefined',
      or([
        not(truthy('object', get(el, 'securityContext'))),
        truthy('object', path(el, 'securityContext', 'capabilities')),
      ]),
    );
  });
  test('=== undefined on a scalar stays a comparison with absent', () => {
    expectCheck(
      '(c) => c.securityContext?.runAsNonRoot === undefined',
      compare('eq', path(el, 'securityContext', 'runAsNonRoot'), absent()),
    );
  });
  test('&& of two strict booleans may be used as a value', () => {
    expectCheck(
      "(c) => (c.name === 'a' && c.image !== 'b') === true",
      compare(
        'eq',
        and([
          compare('eq', get(el, 'name'), literal('a')),
          compare('ne', get(el, 'image'), literal('b')),
        ]),
        literal(true),
      ),
    );
  });
});

describe('operators', () => {
  test('?? → coalesce, ordering comparisons', () => {
    expectCheck(
      "(c, { spec }) => (c.securityContext?.runAsUser ?? spec.securityContext?.runAsUser ?? 1) > 0 && (c.name ?? '') <= 'z'",
      and([
        compare(
          'gt',
          coalesce(
            coalesce(
              path(el, 'securityContext', 'runAsUser'),
              path(spec, 'securityContext', 'runAsUser'),
            ),
            literal(1),
          ),
          literal(0),
        ),
        compare('le', coalesce(get(el, 'name'), literal('')), literal('z')),
      ]),
    );
  });
  test('negative numeric literals', () => {
    expectCheck(
      '(c) => (c.securityContext?.runAsUser ?? -1) >= -1',
      compare('ge', coalesce(path(el, 'securityContext', 'runAsUser'), literal(-1)), literal(-1)),
    );
  });
  test('template literals and string + → concat', () => {
    const ir = lowerOne({
      check: '() => true',
      message:
        "(c) => `container \"${c.name}\" port ${c.ports?.length ?? 0}` + ': ' + (c.image ?? '')",
    });
    expect(canonicalJson(ir.message)).toBe(
      canonicalJson(
        concat([
          literal('container "'),
          get(el, 'name'),
          literal('" port '),
          coalesce(length(get(el, 'ports')), literal(0)),
          literal(': '),
          coalesce(get(el, 'image'), literal('')),
        ]),
      ),
    );
  });
});

describe('arrays', () => {
  test('each with spread and ?? [] → listConcat', () => {
    const ir = lowerOne({
      each: '({ spec }) => [...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])]',
      check: '(c) => c.securityContext?.runAsNonRoot === true',
    });
    expect(canonicalJson(ir.each)).toBe(
      canonicalJson(
        listConcat([
          get(spec, 'containers'),
          coalesce(get(spec, 'initContainers'), list([])),
          coalesce(get(spec, 'ephemeralContainers'), list([])),
        ]),
      ),
    );
  });
  test('helper call allContainers and concat()', () => {
    const ir = lowerOne({
      each: '({ spec }) => allContainers(spec).concat(spec.initContainers ?? [])',
      check: '() => true',
    });
    expect(canonicalJson(ir.each)).toBe(
      canonicalJson(
        listConcat([
          call('allContainers', [spec]),
          coalesce(get(spec, 'initContainers'), list([])),
        ]),
      ),
    );
  });
  test('every / some / filter / map with nested variables', () => {
    expectCheck(
      "(_c, { spec }) => spec.containers.every((c) => (c.ports ?? []).some((p) => p.hostPort === undefined)) && spec.containers.filter((c) => c.name !== 'x').map((c) => c.name).length > 0",
      and([
        comprehension(
          'every',
          get(spec, 'containers'),
          'c',
          comprehension(
            'some',
            coalesce(get(ref('c'), 'ports'), list([])),
            'p',
            compare('eq', get(ref('p'), 'hostPort'), absent()),
          ),
        ),
        compare(
          'gt',
          length(
            comprehension(
              'map',
              comprehension(
                'filter',
                get(spec, 'containers'),
                'c',
                compare('ne', get(ref('c'), 'name'), literal('x')),
              ),
              'c',
              get(ref('c'), 'name'),
            ),
          ),
          literal(0),
        ),
      ]),
    );
  });
  test('a callback parameter named like a root gets a fresh IR name', () => {
    expectCheck(
      '(_c, { spec: s }) => s.containers.some((spec) => spec.name === s.hostname)',
      comprehension(
        'some',
        get(spec, 'containers'),
        'spec_2',
        compare('eq', get(ref('spec_2'), 'name'), get(spec, 'hostname')),
      ),
    );
  });
  test('flatMap and includes on a list of strings', () => {
    expectCheck(
      "(_c, { spec }) => spec.containers.flatMap((c) => c.args ?? []).includes('--privileged') === false",
      compare(
        'eq',
        listIncludes(
          comprehension(
            'flatMap',
            get(spec, 'containers'),
            'c',
            coalesce(get(ref('c'), 'args'), list([])),
          ),
          literal('--privileged'),
        ),
        literal(false),
      ),
    );
  });
  test('optional method call used as a value is guarded (undefined, not false)', () => {
    const add = path(el, 'securityContext', 'capabilities', 'add');
    expectCheck(
      "(c) => c.securityContext?.capabilities?.add?.includes('NET_RAW') !== true",
      compare(
        'ne',
        cond(compare('eq', add, absent()), absent(), listIncludes(add, literal('NET_RAW'))),
        literal(true),
      ),
    );
  });
  test('optional every / filter in a condition are guarded (true / [] on absent, not falsy)', () => {
    const args = get(el, 'args');
    const ports = get(el, 'ports');
    expectCheck(
      "(c) => c.args?.every((a) => a !== '-x') || !c.ports?.filter((p) => p.hostPort !== undefined)",
      or([
        truthy(
          'boolean',
          cond(
            compare('eq', args, absent()),
            absent(),
            comprehension('every', args, 'a', compare('ne', ref('a'), literal('-x'))),
          ),
        ),
        not(
          truthy(
            'list',
            cond(
              compare('eq', ports, absent()),
              absent(),
              comprehension(
                'filter',
                ports,
                'p',
                compare('ne', get(ref('p'), 'hostPort'), absent()),
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
      not(listIncludes(path(el, 'securityContext', 'capabilities', 'add'), literal('NET_RAW'))),
    );
  });
});

describe('strings, regexes, maps, helpers', () => {
  test('startsWith / endsWith / includes / length on strings', () => {
    expectCheck(
      "(c) => (c.image ?? '').startsWith('registry.local/') && !(c.image ?? '').endsWith(':latest') && !c.name.includes('_') && c.name.length < 64",
      and([
        stringTest(
          'startsWith',
          coalesce(get(el, 'image'), literal('')),
          literal('registry.local/'),
        ),
        not(stringTest('endsWith', coalesce(get(el, 'image'), literal('')), literal(':latest'))),
        not(stringTest('includes', get(el, 'name'), literal('_'))),
        compare('lt', length(get(el, 'name')), literal(64)),
      ]),
    );
  });
  test('regex literal and module-level regex const, pattern kept as written', () => {
    expectCheck(
      "(c) => /^[a-z0-9-]+$/.test(c.name) && !DIGEST.test(c.image ?? '')",
      and([
        regexTest('^[a-z0-9-]+$', get(el, 'name')),
        not(regexTest('@sha256:.+\\w$', coalesce(get(el, 'image'), literal('')))),
      ]),
      { prelude: 'const DIGEST = /@sha256:.+\\w$/;' },
    );
  });
  test('Object.keys / values / entries with ?? {} and entry destructuring', () => {
    const labels = get(ref('metadata'), 'labels');
    expectCheck(
      "(_s, { metadata }) => Object.keys(metadata.labels ?? {}).includes('app') && Object.values(metadata.annotations ?? {}).every((v) => v !== '') && Object.entries(metadata.labels ?? {}).some(([k, v]) => k === v)",
      and([
        listIncludes(objectView('keys', labels), literal('app')),
        comprehension(
          'every',
          objectView('values', get(ref('metadata'), 'annotations')),
          'v',
          compare('ne', ref('v'), literal('')),
        ),
        comprehension(
          'some',
          objectView('entries', labels),
          'item',
          compare('eq', index(ref('item'), literal(0)), index(ref('item'), literal(1))),
        ),
      ]),
    );
  });
  test('computed key: the AppArmor annotation of one container', () => {
    expectCheck(
      "(c, { metadata }) => metadata.annotations?.[`container.apparmor.security.beta.kubernetes.io/${c.name}`] !== 'unconfined'",
      compare(
        'ne',
        index(
          get(ref('metadata'), 'annotations'),
          concat([literal('container.apparmor.security.beta.kubernetes.io/'), get(el, 'name')]),
        ),
        literal('unconfined'),
      ),
    );
  });
  test('image helpers', () => {
    expectCheck(
      "(c) => imageRegistry(c.image ?? '') !== 'docker.io' && imageTag(c.image ?? '') !== 'latest' && imageDigest(c.image ?? '') !== undefined",
      and([
        compare(
          'ne',
          call('imageRegistry', [coalesce(get(el, 'image'), literal(''))]),
          literal('docker.io'),
        ),
        compare(
          'ne',
          call('imageTag', [coalesce(get(el, 'image'), literal(''))]),
          literal('latest'),
        ),
        compare('ne', call('imageDigest', [coalesce(get(el, 'image'), literal(''))]), absent()),
      ]),
    );
  });
});

describe('constants, params, let', () => {
  test('module-level consts are inlined; arrays of literals become lists', () => {
    expectCheck(
      '(c) => !FORBIDDEN.includes(c.name) && c.name !== PREFIX',
      and([
        not(listIncludes(list([literal('a'), literal('b')]), get(el, 'name'))),
        compare('ne', get(el, 'name'), literal('x-')),
      ]),
      {
        prelude: "const FORBIDDEN: readonly string[] = ['a', 'b'];\nconst PREFIX = `x-` as const;",
      },
    );
  });
  test('widening assertions are transparent (as const arrays used as string[])', () => {
    expectCheck(
      '(c) => !(LEVELS as readonly string[]).includes(c.name)',
      not(listIncludes(list([literal('a'), literal('b')]), get(el, 'name'))),
      { prelude: "const LEVELS = ['a', 'b'] as const;" },
    );
  });

  test('params via ctx.params, destructured params, nested destructuring', () => {
    const ir = lowerOne({
      params:
        "{ registries: { type: 'string[]', default: ['registry.local'], description: 'Allowed registries.' }, strict: { type: 'boolean', default: true, description: 'Strict.' } }",
      check:
        "(c, { params: { registries }, params }) => registries.includes(imageRegistry(c.image ?? '')) || !params.strict",
    });
    expect(ir.params).toEqual({
      registries: {
        type: 'string[]',
        default: ['registry.local'],
        description: 'Allowed registries.',
      },
      strict: { type: 'boolean', default: true, description: 'Strict.' },
    });
    expect(canonicalJson(ir.check)).toBe(
      canonicalJson(
        or([
          listIncludes(
            param('registries'),
            call('imageRegistry', [coalesce(get(el, 'image'), literal(''))]),
          ),
          not(truthy('boolean', param('strict'))),
        ]),
      ),
    );
  });
  test('destructuring ctx and params inside a block body', () => {
    const ir = lowerOne({
      params:
        "{ registries: { type: 'string[]', default: ['registry.local'], description: 'Allowed registries.' } }",
      check:
        "(c, ctx) => { const { params, spec: s } = ctx; const { registries: allowed } = params; return allowed.includes(c.image ?? '') || s.hostNetwork === true; }",
    });
    expect(canonicalJson(ir.check)).toBe(
      canonicalJson(
        or([
          listIncludes(param('registries'), coalesce(get(el, 'image'), literal(''))),
          compare('eq', get(spec, 'hostNetwork'), literal(true)),
        ]),
      ),
    );
  });

  test('block bodies with const → let', () => {
    expectCheck(
      '(c, { spec }) => { const sc = c.securityContext; const pod = spec.securityContext?.runAsNonRoot; return (sc?.runAsNonRoot ?? pod) === true; }',
      let_(
        'sc',
        get(el, 'securityContext'),
        let_(
          'pod',
          path(spec, 'securityContext', 'runAsNonRoot'),
          compare('eq', coalesce(get(ref('sc'), 'runAsNonRoot'), ref('pod')), literal(true)),
        ),
      ),
    );
  });
  test('method syntax and a module-level function for check', () => {
    const ir = lowerOne({
      prelude: "const isNamed = (c: { name: string }) => c.name !== '';",
      check: 'isNamed',
    });
    expect(canonicalJson(ir.check)).toBe(
      canonicalJson(compare('ne', get(el, 'name'), literal(''))),
    );
  });
});
