/**
 * The `lookup` node: its value over an object set (kind, namespace and name filters, order,
 * normalisation), the error outcome without one, its validation and `referencedKinds`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateExpr, evaluateRuleIR } from './interpret.ts';
import { absent } from './nodes/absent.ts';
import { comprehension } from './nodes/comprehension.ts';
import { get } from './nodes/get.ts';
import { index } from './nodes/index-node.ts';
import { length } from './nodes/length.ts';
import { literal } from './nodes/literal.ts';
import { lookup } from './nodes/lookup.ts';
import { ref } from './nodes/ref.ts';
import { referencedKinds } from './referenced-kinds.ts';
import { IR_VERSION, type RuleIR } from './rule-ir.ts';
import { objectSet } from './semantics/object-set.ts';
import { validateRuleIR } from './validate.ts';

const np = (namespace: string | undefined, name: string, extra: object = {}) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
  spec: { podSelector: {}, ...extra },
});

const set = objectSet([
  np('b', 'z'),
  np('a', 'y'),
  np('b', 'a', { policyTypes: null }),
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { namespace: 'a', name: 'default' } },
  // Another apiVersion of the same kind is another kind for a lookup.
  { apiVersion: 'networking.k8s.io/v1beta1', kind: 'NetworkPolicy', metadata: { name: 'x' } },
  np(undefined, 'cluster-wide'),
  'not an object',
  { kind: 'NoApiVersion' },
]);

const names = (e: ReturnType<typeof lookup>, objects = set) => {
  const r = evaluateExpr(comprehension('map', e, 'o', get(get(ref('o'), 'metadata'), 'name')), {
    bindings: {},
    objects,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('lookup', () => {
  it('lists the objects of exactly that apiVersion and kind, ordered by (namespace, name)', () => {
    expect(names(lookup('networking.k8s.io/v1', 'NetworkPolicy'))).toEqual([
      'cluster-wide',
      'y',
      'a',
      'z',
    ]);
    expect(names(lookup('networking.k8s.io/v1beta1', 'NetworkPolicy'))).toEqual(['x']);
    expect(names(lookup('v1', 'Namespace'))).toEqual([]);
  });

  it('filters by namespace and name; a non-string filter selects nothing', () => {
    const ns = (v: unknown) => ({ namespace: literal(v as string) });
    expect(names(lookup('networking.k8s.io/v1', 'NetworkPolicy', ns('b')))).toEqual(['a', 'z']);
    expect(
      names(lookup('networking.k8s.io/v1', 'NetworkPolicy', { ...ns('b'), name: literal('z') })),
    ).toEqual(['z']);
    expect(names(lookup('networking.k8s.io/v1', 'NetworkPolicy', ns(3)))).toEqual([]);
    // An absent namespace expression is not "every namespace": it selects nothing.
    expect(
      names(lookup('networking.k8s.io/v1', 'NetworkPolicy', { namespace: absent() }), set),
    ).toEqual([]);
  });

  it('gives normalised elements (explicit nulls dropped) and "the object or absent" by index', () => {
    const first = index(
      lookup('networking.k8s.io/v1', 'NetworkPolicy', {
        namespace: literal('b'),
        name: literal('a'),
      }),
      literal(0),
    );
    const r = evaluateExpr(first, { bindings: {}, objects: set });
    expect(r).toEqual({ ok: true, value: np('b', 'a') });
    const missing = evaluateExpr(
      index(lookup('v1', 'ServiceAccount', { name: literal('nope') }), literal(0)),
      { bindings: {}, objects: set },
    );
    expect(missing).toEqual({ ok: true, value: undefined });
  });

  it('is an error outcome, located at the node, when no object set is given', () => {
    const node = lookup('v1', 'ServiceAccount', {}, { file: 'r.ts', line: 3, column: 9 });
    const r = evaluateExpr(length(node), { bindings: {} });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.node).toBe(node);
      expect(r.error.message).toContain('needs the whole object set');
    }
  });

  it('fails the object (never passes) when a referential rule is evaluated without a set', () => {
    const rule: RuleIR = {
      irVersion: IR_VERSION,
      id: 'needs-sa',
      target: { kind: 'resources', resources: [{ group: '', version: 'v1', kind: 'Pod' }] },
      params: {},
      each: null,
      check: comprehension('some', lookup('v1', 'ServiceAccount'), 'sa', literal(true)),
      message: literal('no service account'),
    };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
    const without = evaluateRuleIR(rule, pod);
    expect(without.errors).toHaveLength(1);
    expect(without.violations).toHaveLength(1);
    expect(evaluateRuleIR(rule, pod, {}, undefined, set).violations).toEqual([]);
    expect(evaluateRuleIR(rule, pod, {}, undefined, objectSet([])).violations).toHaveLength(1);
  });
});

describe('objectSet answers', () => {
  // The set indexes its kinds by namespace and keeps each answer: every answer, asked any
  // number of times in any order, is the plain filter of the sorted kind.
  const str = fc.constantFrom('a', 'b', 'B', '', 'ä');
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const object = fc.record({
    kind: fc.constantFrom('Pod', 'Service'),
    namespace: maybe(str),
    name: maybe(str),
    n: fc.nat(3),
  });
  const query = fc.record({
    kind: fc.constantFrom('Pod', 'Service', 'Job'),
    namespace: maybe(str),
    name: maybe(str),
  });
  it('equals the plain filter for every query, repeated or not (100 sets of 40 queries)', () => {
    fc.assert(
      fc.property(
        fc.array(object, { maxLength: 30 }),
        fc.array(query, { maxLength: 40 }),
        (objs, qs) => {
          const docs = objs.map((o) => ({
            apiVersion: 'v1',
            kind: o.kind,
            metadata: {
              ...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
              ...(o.name !== undefined ? { name: o.name } : {}),
            },
            n: o.n,
          }));
          const set = objectSet(docs);
          const order = (a?: string, b?: string) =>
            a === b ? 0 : a === undefined ? -1 : b === undefined ? 1 : a < b ? -1 : 1;
          for (const q of [...qs, ...qs]) {
            const expected = docs
              .filter((d) => d.kind === q.kind)
              .sort(
                (x, y) =>
                  order(x.metadata.namespace, y.metadata.namespace) ||
                  order(x.metadata.name, y.metadata.name),
              )
              .filter(
                (d) =>
                  (q.namespace === undefined || d.metadata.namespace === q.namespace) &&
                  (q.name === undefined || d.metadata.name === q.name),
              )
              .slice(0, q.name === undefined ? undefined : 1);
            const got = set.list('v1', q.kind, q.namespace, q.name);
            expect(got).toEqual(expected);
            expect(Object.isFrozen(got)).toBe(true);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('lookup validation and referencedKinds', () => {
  const doc = (check: unknown) => ({
    irVersion: IR_VERSION,
    id: 'r',
    target: { kind: 'podSpec' },
    params: {},
    each: null,
    check,
    message: { kind: 'literal', value: 'm' },
  });

  it('accepts a lookup with or without filters, and checks the filters as expressions', () => {
    expect(
      validateRuleIR(
        doc({ kind: 'lookup', apiVersion: 'policy/v1', resourceKind: 'PodDisruptionBudget' }),
      ).diagnostics,
    ).toEqual([]);
    const bad = validateRuleIR(
      doc({
        kind: 'lookup',
        apiVersion: 'v1',
        resourceKind: 'ServiceAccount',
        namespace: { kind: 'ref', name: 'unbound' },
      }),
    );
    expect(bad.diagnostics.map((d) => d.pointer)).toEqual(['/check/namespace']);
  });

  it('refuses a malformed apiVersion or kind', () => {
    const r = validateRuleIR(doc({ kind: 'lookup', apiVersion: 'Apps/V1', resourceKind: 'pod' }));
    expect(r.diagnostics.map((d) => d.pointer)).toEqual([
      '/check/apiVersion',
      '/check/resourceKind',
    ]);
  });

  it('lists the referenced kinds sorted and unique', () => {
    const check = comprehension(
      'every',
      lookup('v1', 'ServiceAccount'),
      'sa',
      comprehension(
        'some',
        lookup('networking.k8s.io/v1', 'NetworkPolicy', { namespace: literal('a') }),
        'p',
        length(lookup('v1', 'ServiceAccount')),
      ),
    );
    expect(referencedKinds({ each: null, check, message: literal('m') })).toEqual([
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
      { apiVersion: 'v1', kind: 'ServiceAccount' },
    ]);
    expect(referencedKinds({ each: null, check: literal(true), message: literal('m') })).toEqual(
      [],
    );
  });
});
