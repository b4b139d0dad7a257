import { IR_VERSION, ir, type RuleIR } from '@kpc/ir';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEquivalence, defaultNumRuns, disagreeing, EquivalenceError } from './equivalence.ts';
import { irEvaluator } from './evaluators.ts';

const rule: RuleIR = {
  irVersion: IR_VERSION,
  id: 'test-privileged',
  target: { kind: 'podSpec' },
  params: {},
  each: ir.call('allContainers', [ir.ref('spec')]),
  check: ir.compare(
    'ne',
    ir.get(ir.get(ir.ref('element'), 'securityContext'), 'privileged'),
    ir.literal(true),
  ),
  message: ir.concat([ir.literal('container '), ir.get(ir.ref('element'), 'name')]),
};

describe('checkEquivalence', () => {
  it('passes when evaluators agree', async () => {
    await checkEquivalence({
      rule,
      evaluators: { a: irEvaluator(rule), b: irEvaluator(rule) },
      numRuns: 50,
    });
  });

  it('fails with a shrunk YAML counterexample and the rule source when they disagree', async () => {
    // A mutant that forgets init containers.
    const reference = irEvaluator(rule);
    const mutant = irEvaluator({
      ...rule,
      each: ir.get(ir.ref('spec'), 'containers'),
    });
    const error = await checkEquivalence({
      rule,
      evaluators: { reference: reference, mutant },
      numRuns: 300,
      seed: 7,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EquivalenceError);
    const message = (error as EquivalenceError).message;
    expect(message).toContain('--- manifest ---');
    expect(message).toContain('initContainers');
    expect(message).toContain("import { allContainers, defineRule } from '@kpc/core';");
    expect(message).toContain('mutant:');
  });

  it('counts a throwing evaluator as disagreeing', async () => {
    await expect(
      checkEquivalence({
        rule,
        evaluators: {
          a: irEvaluator(rule),
          b: () => {
            throw new Error('boom');
          },
        },
        numRuns: 5,
        manifests: fc.constant({ apiVersion: 'v1', kind: 'Pod', spec: { containers: [] } }),
      }),
    ).rejects.toThrow(/threw: boom/);
  });
});

describe('disagreeing', () => {
  const v = (pointer: string) => ({ pointer, message: 'm' });
  it('compares in order unless told not to, and applies only when both report it', () => {
    const a = { violations: [v('/a'), v('/b')] };
    const b = { violations: [v('/b'), v('/a')] };
    expect(disagreeing({ a, b })).toEqual(['b']);
    expect(disagreeing({ a, b }, false)).toEqual([]);
    expect(disagreeing({ a: { applies: true, violations: [] }, b: { violations: [] } })).toEqual(
      [],
    );
    expect(
      disagreeing({ a: { applies: true, violations: [] }, b: { applies: false, violations: [] } }),
    ).toEqual(['b']);
  });
});

describe('defaultNumRuns', () => {
  it('is bounded by default and 100x under KPC_DEEP=1', () => {
    const saved = { deep: process.env.KPC_DEEP, runs: process.env.KPC_NUM_RUNS };
    delete process.env.KPC_NUM_RUNS;
    delete process.env.KPC_DEEP;
    expect(defaultNumRuns()).toBe(200);
    process.env.KPC_DEEP = '1';
    expect(defaultNumRuns(50)).toBe(5000);
    process.env.KPC_NUM_RUNS = '7';
    expect(defaultNumRuns()).toBe(7);
    for (const [k, val] of [
      ['KPC_DEEP', saved.deep],
      ['KPC_NUM_RUNS', saved.runs],
    ] as const) {
      if (val === undefined) delete process.env[k];
      else process.env[k] = val;
    }
  });
});
