/**
 * `labelSelectorMatches` in CEL: the lowering writes it with the IR's own nodes
 * (`labelSelectorMatchesExpr`). On random selectors and labels — well-formed ones and every
 * malformed shape a schema-invalid object could carry (matchLabels or matchExpressions of the
 * wrong type, requirements without a key, unknown operators, values that are not a list,
 * numbers and booleans as label values) — the ValidatingPolicy evaluated by cel-js, the IR
 * interpreter on the desugared expression, and the native helper give the same verdict.
 */

import {
  evaluateExpr,
  evaluateRuleIR,
  IR_VERSION,
  ir,
  labelSelectorMatches,
  labelSelectorMatchesExpr,
  type RuleIR,
} from '@kpc/ir';
import { arbLabelSelector, inputForIR, type NumberMode } from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compiledPolicy } from './test-support/cel-evaluator.ts';
import { evaluatePolicy } from './test-support/evaluate-policy.ts';

const RUNS = process.env.KPC_DEEP === '1' ? 3000 : Number(process.env.KPC_NUM_RUNS ?? 300);

const KEYS = ['app', 'tier', 'x'] as const;
const arbScalar = fc.oneof(
  fc.constantFrom('web', 'api', '', 'front'),
  fc.integer({ min: -1, max: 2 }),
  fc.boolean(),
);
const arbLabels = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), arbScalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('app=web', 3, ['app']) },
);
const arbRequirement = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        key: fc.oneof(fc.constantFrom(...KEYS), fc.constant(''), fc.integer({ max: 2, min: 0 })),
        operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'in', 'Gt'),
        values: fc.oneof(fc.array(arbScalar, { maxLength: 3 }), fc.constant('web')),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('app', 7, []) },
);
const arbSelector: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: arbLabelSelector },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        matchLabels: fc.oneof(
          fc.dictionary(fc.constantFrom(...KEYS), arbScalar, { maxKeys: 2 }),
          fc.constantFrom<unknown>('app', [], 1),
        ),
        matchExpressions: fc.oneof(
          fc.array(arbRequirement, { maxLength: 3 }),
          fc.constantFrom<unknown>({}, 'In'),
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('app=web', [], 0, true) },
);

/** A pod whose spec carries the selector and labels; the rule reads them from there. */
const RULE: RuleIR = {
  irVersion: IR_VERSION,
  id: 'selector-matches',
  target: { kind: 'podSpec' },
  params: {},
  each: null,
  check: ir.call('labelSelectorMatches', [
    ir.get(ir.ref('spec'), 'sel'),
    ir.get(ir.ref('spec'), 'lab'),
  ]),
  message: ir.literal('the selector does not select the labels'),
};

const pod = (sel: unknown, lab: unknown) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [], sel, lab },
});

describe('labelSelectorMatches: native, desugared IR and CEL agree', () => {
  it('the desugared IR means what the helper means', () => {
    fc.assert(
      fc.property(arbSelector, arbLabels, (sel, lab) => {
        const r = evaluateExpr(labelSelectorMatchesExpr(ir.ref('sel'), ir.ref('lab')), {
          bindings: { sel, lab },
        });
        expect(r).toEqual({ ok: true, value: labelSelectorMatches(sel, lab) });
      }),
      { numRuns: RUNS },
    );
  });

  it('the ValidatingPolicy (cel-js) gives the interpreter verdict, selects and rejects', () => {
    const policy = compiledPolicy(inputForIR(RULE), 'ValidatingPolicy');
    const seen = { match: 0, miss: 0 };
    fc.assert(
      fc.property(
        arbSelector,
        arbLabels,
        fc.constantFrom<NumberMode>('kubernetes', 'double'),
        (sel, lab, mode) => {
          const o = pod(sel, lab);
          const want = evaluateRuleIR(RULE, o, {});
          const got = evaluatePolicy(policy, o, mode, 'CREATE');
          expect(got.matched).toBe(true);
          expect(got.messages.length > 0).toBe(want.violations.length > 0);
          expect(want.violations.length === 0).toBe(labelSelectorMatches(sel, lab));
          if (want.violations.length === 0) seen.match++;
          else seen.miss++;
        },
      ),
      { numRuns: RUNS },
    );
    expect(seen.match).toBeGreaterThan(0);
    expect(seen.miss).toBeGreaterThan(0);
  });
});
