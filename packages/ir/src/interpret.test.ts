import { describe, expect, it } from 'vitest';
import { evaluateExpr, evaluateRuleIR, orderedKeys, planRule } from './interpret.ts';
import { absent } from './nodes/absent.ts';
import { call } from './nodes/call.ts';
import { coalesce } from './nodes/coalesce.ts';
import { compare } from './nodes/compare.ts';
import { comprehension } from './nodes/comprehension.ts';
import { concat } from './nodes/concat.ts';
import { cond } from './nodes/cond.ts';
import type { Expr } from './nodes/expr.ts';
import { get } from './nodes/get.ts';
import { index } from './nodes/index-node.ts';
import { length } from './nodes/length.ts';
import { let_ } from './nodes/let.ts';
import { list } from './nodes/list.ts';
import { listConcat } from './nodes/list-concat.ts';
import { listIncludes } from './nodes/list-includes.ts';
import { literal } from './nodes/literal.ts';
import { and, or } from './nodes/logical.ts';
import { not } from './nodes/not.ts';
import { objectView } from './nodes/object-view.ts';
import { param } from './nodes/param.ts';
import { ref } from './nodes/ref.ts';
import { regexTest } from './nodes/regex-test.ts';
import { stringTest } from './nodes/string-test.ts';
import { truthy } from './nodes/truthy.ts';
import { IR_VERSION, type RuleIR } from './rule-ir.ts';

const x = ref('x');
/** Evaluates `expr` with `x` bound to `value`; fails the test on an evaluation error. */
function ev(expr: Expr, value?: unknown, params: Record<string, unknown> = {}): unknown {
  const r = evaluateExpr(expr, { bindings: { x: value }, params });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('get / index', () => {
  it('reads present keys, and is absent for missing, null, non-map and wrong-typed keys', () => {
    expect(ev(get(x, 'a'), { a: 1 })).toBe(1);
    expect(ev(get(x, 'a'), {})).toBeUndefined();
    expect(ev(get(x, 'a'), { a: null })).toBeUndefined();
    expect(ev(get(x, 'a'), undefined)).toBeUndefined();
    expect(ev(get(x, 'a'), 'str')).toBeUndefined();
    expect(ev(get(x, 'length'), [1, 2])).toBeUndefined();
    expect(ev(get(x, 'toString'), {})).toBeUndefined(); // own properties only
    expect(ev(index(x, literal('k')), { k: 'v' })).toBe('v');
    expect(ev(index(x, literal(1)), ['a', 'b'])).toBe('b');
    expect(ev(index(x, literal(2)), ['a', 'b'])).toBeUndefined();
    expect(ev(index(x, literal(-1)), ['a', 'b'])).toBeUndefined();
    expect(ev(index(x, literal(0.5)), ['a', 'b'])).toBeUndefined();
    expect(ev(index(x, literal('0')), ['a'])).toBeUndefined();
    expect(ev(index(x, literal(0)), { 0: 'a' })).toBeUndefined();
    expect(ev(index(x, absent()), { k: 1 })).toBeUndefined();
    expect(ev(index(x, literal(0)), [null])).toBeUndefined();
  });
});

describe('coalesce', () => {
  it('takes the right side only when the left is absent (false, 0 and "" are kept)', () => {
    expect(ev(coalesce(x, literal('d')), undefined)).toBe('d');
    expect(ev(coalesce(x, literal('d')), null)).toBe('d');
    expect(ev(coalesce(x, literal(true)), false)).toBe(false);
    expect(ev(coalesce(x, literal(1)), 0)).toBe(0);
    expect(ev(coalesce(x, literal('d')), '')).toBe('');
    expect(ev(coalesce(x, list([])), [])).toEqual([]);
  });
});

describe('compare', () => {
  it('is strict equality between scalars; absent equals only absent', () => {
    expect(ev(compare('eq', x, literal(true)), true)).toBe(true);
    expect(ev(compare('eq', x, literal(true)), undefined)).toBe(false);
    expect(ev(compare('eq', x, literal(1)), '1')).toBe(false);
    expect(ev(compare('ne', x, literal(true)), undefined)).toBe(true);
    expect(ev(compare('eq', x, absent()), undefined)).toBe(true);
    expect(ev(compare('eq', x, absent()), null)).toBe(true);
    expect(ev(compare('eq', x, absent()), false)).toBe(false);
    expect(ev(compare('eq', x, x), { a: 1 })).toBe(false);
    expect(ev(compare('ne', x, list([])), [])).toBe(true);
  });
  it('orders numbers and strings only; anything else is false, including absent', () => {
    expect(ev(compare('lt', x, literal(1000)), 0)).toBe(true);
    expect(ev(compare('ge', x, literal(1000)), 1000)).toBe(true);
    expect(ev(compare('lt', x, literal(1000)), undefined)).toBe(false);
    expect(ev(compare('ge', x, literal(1000)), undefined)).toBe(false);
    expect(ev(compare('lt', x, literal(10)), '9')).toBe(false);
    expect(ev(compare('lt', x, literal('b')), 'a')).toBe(true);
    expect(ev(compare('lt', x, literal('a')), 'B')).toBe(true); // code units: 'B' < 'a'
    expect(ev(compare('le', x, literal(true)), true)).toBe(false);
  });
});

describe('logical / not / cond', () => {
  it('treats anything but true as false', () => {
    expect(ev(and([literal(true), x]), true)).toBe(true);
    expect(ev(and([literal(true), x]), undefined)).toBe(false);
    expect(ev(or([literal(false), x]), 'yes')).toBe(false);
    expect(ev(or([literal(false), x]), true)).toBe(true);
    expect(ev(not(x), undefined)).toBe(true);
    expect(ev(not(x), true)).toBe(false);
    expect(ev(cond(x, literal('a'), literal('b')), true)).toBe('a');
    expect(ev(cond(x, literal('a'), literal('b')), 1)).toBe('b');
  });
  it('short-circuits left to right, so a later error is not reached', () => {
    expect(ev(and([literal(false), ref('unbound')]))).toBe(false);
    expect(ev(or([literal(true), ref('unbound')]))).toBe(true);
    expect(evaluateExpr(and([literal(true), ref('unbound')]), { bindings: {} }).ok).toBe(false);
  });
});

describe('truthy', () => {
  it('follows the static type and is false for another runtime type', () => {
    expect(ev(truthy('boolean', x), true)).toBe(true);
    expect(ev(truthy('boolean', x), false)).toBe(false);
    expect(ev(truthy('boolean', x), undefined)).toBe(false);
    expect(ev(truthy('string', x), '')).toBe(false);
    expect(ev(truthy('string', x), 'a')).toBe(true);
    expect(ev(truthy('number', x), 0)).toBe(false);
    expect(ev(truthy('number', x), 7)).toBe(true);
    expect(ev(truthy('object', x), {})).toBe(true);
    expect(ev(truthy('object', x), undefined)).toBe(false);
    expect(ev(truthy('list', x), [])).toBe(true);
    expect(ev(truthy('list', x), undefined)).toBe(false);
    expect(ev(truthy('string', x), 5)).toBe(false);
    expect(ev(truthy('object', x), [])).toBe(false);
  });
});

describe('concat', () => {
  it('prints parts as JavaScript String() does', () => {
    expect(ev(concat([literal('n='), x]), 10)).toBe('n=10');
    expect(ev(concat([literal('b='), x]), false)).toBe('b=false');
    expect(ev(concat([literal('a='), x]), undefined)).toBe('a=undefined');
    expect(ev(concat([]))).toBe('');
  });
});

describe('lists', () => {
  it('listConcat skips non-lists; listIncludes is strict and false on a non-list', () => {
    expect(ev(listConcat([x, list([literal(1)]), absent()]), ['a'])).toEqual(['a', 1]);
    expect(ev(listConcat([x]), 'ab')).toEqual([]);
    expect(ev(listIncludes(x, literal('ALL')), ['ALL'])).toBe(true);
    expect(ev(listIncludes(x, literal('ALL')), ['all'])).toBe(false);
    expect(ev(listIncludes(x, literal('ALL')), undefined)).toBe(false);
    expect(ev(listIncludes(x, literal('ALL')), 'ALL')).toBe(false);
    expect(ev(listIncludes(x, literal(1)), ['1'])).toBe(false);
  });
  it('length counts list items and UTF-16 code units; absent otherwise', () => {
    expect(ev(length(x), [1, 2])).toBe(2);
    expect(ev(length(x), [])).toBe(0);
    expect(ev(length(x), 'é😀')).toBe(3);
    expect(ev(length(x), undefined)).toBeUndefined();
    expect(ev(length(x), { length: 3 })).toBeUndefined();
  });
  it('comprehensions treat a non-list as empty and test items with `true`', () => {
    const v = ref('v');
    const isA = compare('eq', v, literal('a'));
    expect(ev(comprehension('every', x, 'v', isA), undefined)).toBe(true);
    expect(ev(comprehension('some', x, 'v', isA), undefined)).toBe(false);
    expect(ev(comprehension('every', x, 'v', isA), [])).toBe(true);
    expect(ev(comprehension('every', x, 'v', isA), ['a', 'b'])).toBe(false);
    expect(ev(comprehension('some', x, 'v', isA), ['b', 'a'])).toBe(true);
    expect(ev(comprehension('filter', x, 'v', isA), ['a', 'b', 'a'])).toEqual(['a', 'a']);
    expect(ev(comprehension('map', x, 'v', get(v, 'n')), [{ n: 1 }, {}])).toEqual([1, undefined]);
    expect(ev(comprehension('flatMap', x, 'v', v), [[1], 2, [3, 4]])).toEqual([1, 3, 4]);
    expect(ev(comprehension('some', x, 'v', isA), 'a')).toBe(false);
    // a `null` item reads as absent
    expect(ev(comprehension('every', x, 'v', compare('eq', v, absent())), [null])).toBe(true);
  });
  it('filter keeps the identity of the items (element pointers depend on it)', () => {
    const item = { n: 1 };
    const out = ev(comprehension('filter', x, 'v', literal(true)), [item]) as unknown[];
    expect(out[0]).toBe(item);
  });
});

describe('strings', () => {
  it('stringTest and regexTest are false unless the subject (and argument) are strings', () => {
    expect(ev(stringTest('startsWith', x, literal('reg')), 'registry')).toBe(true);
    expect(ev(stringTest('endsWith', x, literal(':latest')), 'a:latest')).toBe(true);
    expect(ev(stringTest('includes', x, literal('')), '')).toBe(true);
    expect(ev(stringTest('includes', x, literal('a')), undefined)).toBe(false);
    expect(ev(stringTest('includes', literal('a'), x), undefined)).toBe(false);
    expect(ev(regexTest('^a+$', x), 'aaa')).toBe(true);
    expect(ev(regexTest('^a+$', x), 'aab')).toBe(false);
    expect(ev(regexTest('^a*$', x), undefined)).toBe(false);
    expect(ev(regexTest('^a*$', x), ['a'])).toBe(false);
  });
  it('an invalid pattern is an error value carrying the node, not an exception', () => {
    const node = regexTest('(', x);
    const r = evaluateExpr(node, { bindings: { x: 'a' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.node).toBe(node);
  });
});

describe('objectView', () => {
  it('lists keys in IR order: array-index keys numerically, then code-unit order', () => {
    expect(orderedKeys({ b: 1, a: 2, '10': 3, '9': 4, B: 5, '01': 6 })).toEqual([
      '9',
      '10',
      '01',
      'B',
      'a',
      'b',
    ]);
    expect(ev(objectView('keys', x), { b: 1, a: 2 })).toEqual(['a', 'b']);
    expect(ev(objectView('values', x), { b: 1, a: 2 })).toEqual([2, 1]);
    expect(ev(objectView('entries', x), { b: 1, a: 2 })).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(ev(objectView('keys', x), undefined)).toEqual([]);
    expect(ev(objectView('keys', x), ['a'])).toEqual([]);
  });
});

describe('call', () => {
  it('allContainers concatenates the three lists, absent or non-list lists being empty', () => {
    const spec = {
      containers: [{ name: 'a' }],
      initContainers: 'oops',
      ephemeralContainers: [{ name: 'e' }],
    };
    expect(ev(call('allContainers', [x]), spec)).toEqual([{ name: 'a' }, { name: 'e' }]);
    expect(ev(call('allContainers', [x]), undefined)).toEqual([]);
  });
  it('image helpers parse references and are absent on a non-string', () => {
    expect(ev(call('imageRegistry', [x]), 'nginx')).toBe('docker.io');
    expect(ev(call('imageRegistry', [x]), 'localhost:5000/a')).toBe('localhost:5000');
    expect(ev(call('imageTag', [x]), 'a/b:1.0')).toBe('1.0');
    expect(ev(call('imageTag', [x]), 'a/b')).toBeUndefined();
    expect(ev(call('imageDigest', [x]), 'a@sha256:00')).toBe('sha256:00');
    expect(ev(call('imageRegistry', [x]), undefined)).toBeUndefined();
  });
});

describe('refs, params, let', () => {
  it('binds let names and reports unbound names and unknown params as error values', () => {
    expect(ev(let_('y', literal(2), compare('eq', ref('y'), literal(2))))).toBe(true);
    expect(ev(param('p'), undefined, { p: ['a'] })).toEqual(['a']);
    const bad = ref('nope');
    const r = evaluateExpr(bad, { bindings: {} });
    expect(r).toEqual({ ok: false, error: { message: 'unbound name "nope"', node: bad } });
    expect(evaluateExpr(param('q'), { bindings: {} }).ok).toBe(false);
  });
  it('never throws on a malformed node', () => {
    const bogus = { kind: 'bogus' } as unknown as Expr;
    expect(evaluateExpr(bogus, { bindings: {} }).ok).toBe(false);
    const broken = { kind: 'get', key: 'a' } as unknown as Expr;
    expect(evaluateExpr(broken, { bindings: {} }).ok).toBe(false);
  });
});

const privileged: RuleIR = {
  irVersion: IR_VERSION,
  id: 'test-privileged',
  target: { kind: 'podSpec' },
  params: {},
  each: call('allContainers', [ref('spec')]),
  check: compare('ne', get(get(ref('element'), 'securityContext'), 'privileged'), literal(true)),
  message: concat([
    literal('container "'),
    get(ref('element'), 'name'),
    literal('" is privileged'),
  ]),
};

describe('evaluateRuleIR', () => {
  it('reports offending elements with their pointers, for a CronJob', () => {
    const cronjob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'x' },
      spec: {
        jobTemplate: {
          spec: {
            template: {
              spec: {
                containers: [
                  { name: 'a', image: 'i' },
                  { name: 'b', image: 'i', securityContext: { privileged: true } },
                ],
                initContainers: [{ name: 'c', image: 'i', securityContext: { privileged: true } }],
              },
            },
          },
        },
      },
    };
    const r = evaluateRuleIR(privileged, cronjob);
    expect(r.applies).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.violations).toEqual([
      {
        ruleId: 'test-privileged',
        message: 'container "b" is privileged',
        pointer: '/spec/jobTemplate/spec/template/spec/containers/1',
      },
      {
        ruleId: 'test-privileged',
        message: 'container "c" is privileged',
        pointer: '/spec/jobTemplate/spec/template/spec/initContainers/0',
      },
    ]);
  });
  it('does not apply to other kinds or versions', () => {
    expect(evaluateRuleIR(privileged, { apiVersion: 'v1', kind: 'Service' }).applies).toBe(false);
    expect(evaluateRuleIR(privileged, { apiVersion: 'apps/v2', kind: 'Deployment' }).applies).toBe(
      false,
    );
    expect(evaluateRuleIR(privileged, null).applies).toBe(false);
  });
  it('uses the pod spec as the element without `each`, and the object for kind targets', () => {
    const hostNetwork: RuleIR = {
      ...privileged,
      each: null,
      check: compare('ne', get(ref('element'), 'hostNetwork'), literal(true)),
      message: literal('host network'),
    };
    const pod = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      spec: { template: { spec: { hostNetwork: true } } },
    };
    expect(evaluateRuleIR(hostNetwork, pod).violations.map((v) => v.pointer)).toEqual([
      '/spec/template/spec',
    ]);
    const svc: RuleIR = {
      ...privileged,
      target: { kind: 'resources', resources: [{ group: '', version: 'v1', kind: 'Service' }] },
      each: null,
      check: compare('ne', get(get(ref('element'), 'spec'), 'type'), literal('NodePort')),
      message: concat([literal('service '), get(ref('metadata'), 'name')]),
    };
    const r = evaluateRuleIR(svc, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { type: 'NodePort' },
    });
    expect(r.violations).toEqual([
      { ruleId: 'test-privileged', message: 'service s', pointer: '' },
    ]);
  });
  it('resolves parameters from defaults and overrides', () => {
    const rule: RuleIR = {
      ...privileged,
      params: { allowed: { type: 'string[]', default: ['a'], description: 'd' } },
      check: listIncludes(param('allowed'), get(ref('element'), 'name')),
      message: literal('m'),
    };
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
    };
    expect(evaluateRuleIR(rule, pod).violations.map((v) => v.pointer)).toEqual([
      '/spec/containers/1',
    ]);
    expect(evaluateRuleIR(rule, pod, { allowed: ['b'] }).violations.map((v) => v.pointer)).toEqual([
      '/spec/containers/0',
    ]);
  });
  it('fails closed on an evaluation error, with the failing node', () => {
    const broken: RuleIR = { ...privileged, check: ref('nope') };
    const r = evaluateRuleIR(planRule(broken), {
      apiVersion: 'v1',
      kind: 'Pod',
      spec: { containers: [{ name: 'a' }] },
    });
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]?.pointer).toBe('');
    expect(r.errors[0]?.node).toBe(broken.check);
  });
});
