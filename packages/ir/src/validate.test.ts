import { arbRuleIR } from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './equality.ts';
import { IR_VERSION } from './rule-ir.ts';
import { validateRuleIR } from './validate.ts';

const base = {
  irVersion: IR_VERSION,
  id: 'ok-rule',
  target: { kind: 'podSpec' },
  params: { allowed: { type: 'string[]', default: ['a'], description: 'd' } },
  each: { kind: 'call', helper: 'allContainers', args: [{ kind: 'ref', name: 'spec' }] },
  check: {
    kind: 'listIncludes',
    list: { kind: 'param', name: 'allowed' },
    value: { kind: 'get', object: { kind: 'ref', name: 'element' }, key: 'name' },
  },
  message: { kind: 'literal', value: 'm' },
};

const problems = (json: unknown) =>
  validateRuleIR(json).diagnostics.map((d) => `${d.code} ${d.pointer}`);

describe('validateRuleIR', () => {
  it('accepts a well-formed rule and returns a frozen copy', () => {
    const r = validateRuleIR(base);
    expect(r.diagnostics).toEqual([]);
    expect(canonicalJson(r.ir)).toBe(canonicalJson(base));
    expect(Object.isFrozen(r.ir)).toBe(true);
  });

  it('accepts every generated rule (round trip through JSON)', () => {
    fc.assert(
      fc.property(arbRuleIR(), (ir) => {
        expect(validateRuleIR(JSON.parse(JSON.stringify(ir))).diagnostics).toEqual([]);
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('rejects another version with IR_VERSION', () => {
    expect(problems({ ...base, irVersion: 2 })).toEqual(['IR_VERSION /irVersion']);
    expect(problems('nope')).toEqual(['IR_INVALID ']);
  });

  it('locates malformed nodes, unbound refs, undeclared params and bad helpers', () => {
    expect(problems({ ...base, message: { kind: 'bogus' } })).toEqual(['IR_INVALID /message/kind']);
    expect(problems({ ...base, each: { kind: 'ref', name: 'element' } })).toEqual([
      'IR_INVALID /each',
    ]);
    expect(problems({ ...base, check: { kind: 'param', name: 'other' } })).toEqual([
      'IR_INVALID /check',
    ]);
    expect(
      problems({
        ...base,
        target: { kind: 'resources', resources: [{ group: '', version: 'v1', kind: 'Service' }] },
        each: null,
        check: { kind: 'ref', name: 'spec' },
      }),
    ).toEqual(['IR_INVALID /check']);
    expect(problems({ ...base, each: { kind: 'call', helper: 'exec', args: [] } })).toEqual([
      'IR_INVALID /each/helper',
    ]);
    expect(problems({ ...base, each: { kind: 'call', helper: 'imageTag', args: [] } })).toEqual([
      'IR_INVALID /each/args',
    ]);
    // The flag helpers take a literal flag name: the backends build their text from it.
    const flag = (name: unknown) => ({
      ...base,
      check: {
        kind: 'compare',
        op: 'eq',
        left: {
          kind: 'call',
          helper: 'booleanFlag',
          args: [{ kind: 'ref', name: 'element' }, name],
        },
        right: { kind: 'literal', value: false },
      },
    });
    expect(problems(flag({ kind: 'literal', value: '--profiling' }))).toEqual([]);
    for (const bad of [
      { kind: 'ref', name: 'element' },
      { kind: 'literal', value: 'profiling' },
      { kind: 'literal', value: '--profiling=false' },
      { kind: 'literal', value: 3 },
    ])
      expect(problems(flag(bad)), JSON.stringify(bad)).toEqual(['IR_INVALID /check/left/args/1']);
    expect(
      problems({
        ...base,
        check: { kind: 'regexTest', pattern: '(', subject: { kind: 'literal', value: 'a' } },
      }),
    ).toEqual(['IR_INVALID /check/pattern']);
    expect(problems({ ...base, message: { kind: 'literal', value: null } })).toEqual([
      'IR_INVALID /message/value',
    ]);
    expect(problems({ ...base, message: { kind: 'literal', value: 'm', extra: 1 } })).toEqual([
      'IR_INVALID /message/extra',
    ]);
    expect(
      problems({
        ...base,
        check: { kind: 'compare', op: '==', left: { kind: 'absent' }, right: { kind: 'absent' } },
      }),
    ).toEqual(['IR_INVALID /check/op']);
  });

  it('scopes comprehension variables and let names to their body', () => {
    const v = { kind: 'ref', name: 'v' };
    const inBody = {
      kind: 'comprehension',
      op: 'every',
      list: { kind: 'list', items: [] },
      variable: 'v',
      body: { kind: 'compare', op: 'eq', left: v, right: { kind: 'absent' } },
    };
    expect(problems({ ...base, check: inBody })).toEqual([]);
    expect(problems({ ...base, check: { ...inBody, list: v } })).toEqual([
      'IR_INVALID /check/list',
    ]);
    const letNode = {
      kind: 'let',
      name: 'x',
      value: { kind: 'ref', name: 'x' },
      body: { kind: 'ref', name: 'x' },
    };
    expect(problems({ ...base, check: letNode })).toEqual(['IR_INVALID /check/value']);
  });

  it('checks params and the target', () => {
    expect(
      problems({
        ...base,
        params: { allowed: { type: 'string[]', default: 'a', description: 'd' } },
      }),
    ).toEqual(['IR_INVALID /params/allowed/default']);
    expect(problems({ ...base, target: { kind: 'everything' } })).toEqual(['IR_INVALID /target']);
  });

  it('stops at a depth limit instead of overflowing the stack', () => {
    let deep: unknown = { kind: 'literal', value: true };
    for (let i = 0; i < 5000; i++) deep = { kind: 'not', operand: deep };
    const d = validateRuleIR({ ...base, check: deep }).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]?.code).toBe('IR_INVALID');
  });
});
