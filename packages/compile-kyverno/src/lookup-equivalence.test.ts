/**
 * Referential rules (IR `lookup`) in a ValidatingPolicy: `resource.List` evaluated by cel-js
 * with a stand-in for Kyverno's resource library that serves the same object set as the IR
 * interpreter reads, in a shuffled order (the API server's order is not kpc's, and the
 * lowering must not depend on it). Every object of random sets is judged both ways: verdict,
 * messages and pointers; numbers typed as admission does (ints) and as `kyverno test` does
 * (doubles). Also: ClusterPolicy refuses, order-sensitive uses are refused, and the RBAC.
 */

import { evaluateRule } from '@kpc/core';
import {
  evaluateRuleIR,
  IR_VERSION,
  ir,
  lookupsOf,
  objectSet,
  podSpecLocationOf,
  type RuleIR,
} from '@kpc/ir';
import { rules } from '@kpc/rules';
import { catalogRuleIR } from '@kpc/rules/ir';
import {
  arbLookupObjectSet,
  arbObjectSet,
  inputForIR,
  type NumberMode,
  REFERENTIAL_SAMPLE_RULES,
  ResourceLibraryMock,
} from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { compileKyverno } from './compile-kyverno.ts';
import { resourceName } from './kinds.ts';
import { compiledPolicy } from './test-support/cel-evaluator.ts';
import { evaluatePolicy } from './test-support/evaluate-policy.ts';

const RUNS = process.env.KPC_DEEP === '1' ? 2000 : Number(process.env.KPC_NUM_RUNS ?? 60);

type Obj = Record<string, unknown>;

/** Kyverno's resource library over `objects`, listing in the order `rank` gives. */
function cluster(objects: readonly Obj[], rank: readonly number[]): ResourceLibraryMock {
  const order = objects.map((o, i) => ({ o, r: rank[i % rank.length] ?? 0, i }));
  order.sort((a, b) => a.r - b.r || a.i - b.i);
  return new ResourceLibraryMock((apiVersion, resource, namespace) =>
    order
      .map((x) => x.o)
      .filter(
        (o) =>
          o.apiVersion === apiVersion &&
          resourceName(String(o.kind)) === resource &&
          (namespace === '' || (o.metadata as Obj | undefined)?.namespace === namespace),
      ),
  );
}

interface Seen {
  readonly message: string;
  readonly pointer: string;
}
const key = (xs: readonly Seen[]) => xs.map((x) => `${x.pointer}\u0000${x.message}`).sort();

/**
 * Judges every object of random sets from `sets` with the compiled ValidatingPolicy of `ir`
 * (cel-js, the resource stand-in listing in a random order, ints and doubles) and with
 * `reference` over the same set; asserts equal verdicts, messages and pointers, and that both
 * verdicts occurred.
 */
function compareOnSets(
  ir: RuleIR,
  sets: fc.Arbitrary<Obj[]>,
  reference: (
    o: Obj,
    set: ReturnType<typeof objectSet>,
  ) => {
    readonly applies: boolean;
    readonly violations: readonly Seen[];
    readonly errors?: readonly unknown[];
  },
  seed: number,
): void {
  const policy = compiledPolicy(inputForIR(ir), 'ValidatingPolicy');
  const totals = { failing: 0, passing: 0 };
  fc.assert(
    fc.property(
      sets,
      fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
      fc.constantFrom<NumberMode>('kubernetes', 'double'),
      (objects, rank, mode) => {
        const set = objectSet(objects);
        const resource = cluster(objects, rank);
        for (const o of objects) {
          const want = reference(o, set);
          const got = evaluatePolicy(policy, o, mode, 'CREATE', resourceName, resource);
          expect(got.matched).toBe(want.applies);
          if (!want.applies) continue;
          expect(want.errors ?? []).toEqual([]);
          const loc = podSpecLocationOf(o.apiVersion, o.kind);
          const fallback = ir.target.kind === 'podSpec' && loc ? `/${loc.specPath.join('/')}` : '';
          const seen = got.messages.map((message, i) => ({
            message,
            pointer: got.pointers[i] ?? fallback,
          }));
          expect(key(seen)).toEqual(key(want.violations));
          if (want.violations.length > 0) totals.failing++;
          else totals.passing++;
        }
      },
    ),
    { numRuns: RUNS, seed },
  );
  // Not vacuous: both verdicts occurred.
  expect(totals.failing).toBeGreaterThan(0);
  expect(totals.passing).toBeGreaterThan(0);
}

describe('Kyverno ValidatingPolicy: lookups read resource.List like the interpreter reads the set', () => {
  for (const ir of REFERENTIAL_SAMPLE_RULES) {
    it(`${ir.id}: same verdicts, messages and pointers on random object sets`, () =>
      compareOnSets(
        ir,
        arbLookupObjectSet(),
        (o, set) => evaluateRuleIR(ir, o, {}, undefined, set),
        14,
      ));
  }
});

describe('Kyverno ValidatingPolicy: the catalog referential rules agree with the native engine', () => {
  const referential = rules.flatMap((rule) => {
    const ir = catalogRuleIR(rule.id).ir;
    return ir !== undefined && lookupsOf(ir).length > 0 ? [{ rule, ir }] : [];
  });
  it('there are some, and each compiles or is refused with a located KYV_UNSUPPORTED', () => {
    expect(referential.length).toBeGreaterThan(0);
    for (const { ir } of referential) {
      const out = compileKyverno([inputForIR(ir)], { kinds: ['ValidatingPolicy'] });
      for (const d of out.diagnostics.filter((x) => x.severity === 'error'))
        expect([ir.id, d.code, d.location !== undefined]).toEqual([ir.id, 'KYV_UNSUPPORTED', true]);
    }
  });
  for (const { rule, ir } of referential) {
    const out = compileKyverno([inputForIR(ir)], { kinds: ['ValidatingPolicy'] });
    if (out.diagnostics.some((d) => d.severity === 'error')) continue;
    it(`${rule.id}: same verdicts, messages and pointers on random object sets`, () =>
      compareOnSets(
        ir,
        arbObjectSet(),
        (o, set) => evaluateRule(rule, o, {}, undefined, undefined, set),
        15,
      ));
  }
});

const listRule = (check: RuleIR['check']): RuleIR => ({
  irVersion: IR_VERSION,
  id: 'xs-order',
  target: { kind: 'resources', resources: [{ group: '', version: 'v1', kind: 'Pod' }] },
  params: {},
  each: null,
  check,
  message: { kind: 'literal', value: 'm' },
});

describe('Kyverno: what cannot be lowered exactly is refused (fail closed)', () => {
  const at = { file: 'rules/xs.ts', line: 7, column: 3 };
  const first = listRule({
    kind: 'index',
    object: ir.lookup('v1', 'ServiceAccount', {}, at),
    key: { kind: 'literal', value: 0 },
  } as RuleIR['check']);

  it('a ClusterPolicy cannot read other objects: KYV_UNSUPPORTED at the lookup, no files', () => {
    const out = compileKyverno([inputForIR(REFERENTIAL_SAMPLE_RULES[0]!)], {
      kinds: ['ClusterPolicy'],
    });
    expect(out.diagnostics.map((d) => [d.code, d.severity, d.ruleId])).toEqual([
      ['KYV_UNSUPPORTED', 'error', 'xs-default-deny'],
    ]);
    expect(out.files).toEqual([]);
    const located = compileKyverno([inputForIR(first)], { kinds: ['ClusterPolicy'] });
    expect(located.diagnostics[0]?.location).toEqual(at);
  });

  it('the first element of an unnamed lookup (API server order) is refused, located', () => {
    const out = compileKyverno([inputForIR(first)], { kinds: ['ValidatingPolicy'] });
    expect(out.diagnostics.map((d) => [d.code, d.location])).toEqual([['KYV_UNSUPPORTED', at]]);
    expect(out.files).toEqual([]);
  });

  it('through a `let`: the bound list is judged by its uses (some/length pass, index refuses)', () => {
    const sas = ir.lookup('v1', 'ServiceAccount', {}, at);
    const compiles = (check: RuleIR['check']) =>
      compileKyverno([inputForIR(listRule(check))], { kinds: ['ValidatingPolicy'] })
        .diagnostics.filter((d) => d.severity === 'error')
        .map((d) => [d.code, d.location]);
    const some = ir.comprehension('some', ir.ref('xs'), 'x', ir.literal(true));
    // Only order-insensitive uses: compiles.
    expect(
      compiles(
        ir.let_(
          'xs',
          sas,
          ir.and([
            ir.compare('ge', ir.length(ir.coalesce(ir.ref('xs'), ir.list([]))), ir.literal(0)),
            some,
          ]),
        ),
      ),
    ).toEqual([]);
    // One use where order shows (the first element), even next to an insensitive one.
    expect(
      compiles(
        ir.let_(
          'xs',
          sas,
          ir.and([some, ir.compare('eq', ir.index(ir.ref('xs'), ir.literal(0)), ir.absent())]),
        ),
      ),
    ).toEqual([['KYV_UNSUPPORTED', at]]);
    // The let's own value where order shows (the check returns the list's first element).
    expect(compiles(ir.index(ir.let_('xs', sas, ir.ref('xs')), ir.literal(0)))).toEqual([
      ['KYV_UNSUPPORTED', at],
    ]);
    // An inner binding of the same name hides the outer one: its uses do not count.
    expect(
      compiles(
        ir.let_(
          'xs',
          sas,
          ir.and([
            some,
            ir.let_(
              'xs',
              ir.list([]),
              ir.compare('eq', ir.index(ir.ref('xs'), ir.literal(0)), ir.absent()),
            ),
          ]),
        ),
      ),
    ).toEqual([]);
  });

  it('length of a `let` name: a list binding compiles, a string one is refused, in its own scope', () => {
    const errors = (check: RuleIR['check']) =>
      compileKyverno([inputForIR(listRule(check))], { kinds: ['ValidatingPolicy'] })
        .diagnostics.filter((d) => d.severity === 'error')
        .map((d) => d.code);
    const isEmpty = (e: RuleIR['check']) => ir.compare('eq', ir.length(e), ir.literal(0));
    const keys = ir.objectView('keys', ir.get(ir.ref('object'), 'metadata'));
    expect(errors(ir.let_('ks', keys, isEmpty(ir.ref('ks'))))).toEqual([]);
    expect(errors(ir.let_('s', ir.literal('abc'), isEmpty(ir.ref('s'))))).toEqual([
      'KYV_UNSUPPORTED',
    ]);
    // xs is the outer y (a string), not the inner y (a list) in scope where it is used.
    expect(
      errors(
        ir.let_(
          'y',
          ir.literal('a'),
          ir.let_('xs', ir.ref('y'), ir.let_('y', ir.list([]), isEmpty(ir.ref('xs')))),
        ),
      ),
    ).toEqual(['KYV_UNSUPPORTED']);
    // A comprehension's element is not known to be a list.
    expect(
      errors(
        ir.let_('ks', keys, ir.comprehension('some', ir.ref('ks'), 'ks', isEmpty(ir.ref('ks')))),
      ),
    ).toEqual(['KYV_UNSUPPORTED']);
  });

  it('the same by name (at most one object) compiles', () => {
    const byName = listRule({
      kind: 'index',
      object: ir.lookup('v1', 'ServiceAccount', { name: ir.ref('object') }, at),
      key: { kind: 'literal', value: 0 },
    } as RuleIR['check']);
    const out = compileKyverno([inputForIR(byName)], { kinds: ['ValidatingPolicy'] });
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('Kyverno: the RBAC of referential rules', () => {
  it('one ClusterRole, aggregated into the admission and reports controllers, read-only, sorted', () => {
    const out = compileKyverno(
      REFERENTIAL_SAMPLE_RULES.map((ir) => inputForIR(ir)),
      {
        kinds: ['ValidatingPolicy'],
      },
    );
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const roles = out.files.filter((f) => f.path === 'clusterrole-kpc-lookups.yaml');
    expect(roles).toHaveLength(1);
    expect(roles[0]!.tree).toBeUndefined();
    const role = parseAllDocuments(roles[0]!.content)[0]!.toJS() as Obj;
    expect(role).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {
        name: 'kpc-kyverno-lookups',
        labels: {
          'rbac.kyverno.io/aggregate-to-admission-controller': 'true',
          'rbac.kyverno.io/aggregate-to-reports-controller': 'true',
          'app.kubernetes.io/managed-by': 'kpc',
        },
        annotations: {
          'kpc.dev/rules': REFERENTIAL_SAMPLE_RULES.map((r) => r.id)
            .sort()
            .join(', '),
        },
      },
      rules: [
        {
          apiGroups: [''],
          resources: ['namespaces', 'serviceaccounts'],
          verbs: ['get', 'list', 'watch'],
        },
        {
          apiGroups: ['networking.k8s.io'],
          resources: ['networkpolicies'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
    });
    // Deterministic: the same input gives the same bytes, in any input order.
    const again = compileKyverno(
      [...REFERENTIAL_SAMPLE_RULES].reverse().map((ir) => inputForIR(ir)),
      {
        kinds: ['ValidatingPolicy'],
      },
    );
    expect(again.files.find((f) => f.path === 'clusterrole-kpc-lookups.yaml')?.content).toBe(
      roles[0]!.content,
    );
  });

  it('writes no kyverno test for a referential rule (its cluster cannot be supplied as checked)', () => {
    const out = compileKyverno([inputForIR(REFERENTIAL_SAMPLE_RULES[0]!)], {
      kinds: ['ValidatingPolicy'],
    });
    expect(out.files.map((f) => f.path)).toEqual([
      'clusterrole-kpc-lookups.yaml',
      'xs-default-deny/validatingpolicy.yaml',
    ]);
  });

  it('no ClusterRole without referential rules', () => {
    const plain = listRule({ kind: 'literal', value: true });
    const out = compileKyverno([inputForIR(plain)], { kinds: ['ValidatingPolicy'] });
    expect(out.files.some((f) => f.path.startsWith('clusterrole'))).toBe(false);
  });
});
