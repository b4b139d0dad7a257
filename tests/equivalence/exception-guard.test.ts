/**
 * The exception guard (@kpc/compile guardRuleIR) folds exceptions into a rule's IR; the
 * backends that use it (VAP, Gatekeeper, Kyverno for `images`) lower that IR, and their own
 * tests show they equal the interpreter on it. This test closes the loop: on random
 * workloads, random exceptions (resources, namespace and name globs, labels, images) and
 * catalog and random rules, the IR interpreter on the guarded rule fails exactly the objects
 * `kpc lint` fails with the exceptions the guard folded in, and reports exactly the
 * violations lint does not except.
 */

import { guardRuleIR } from '@kpc/compile';
import { containerAt, exceptionFor, subjectOf } from '@kpc/core';
import { type Expr, evaluateRuleIR, IR_VERSION, ir, type RuleIR, validateRuleIR } from '@kpc/ir';
import { rules } from '@kpc/rules';
import { catalogRuleIR } from '@kpc/rules/ir';
import {
  arbExceptions,
  arbRuleIR,
  arbWorkload,
  defaultNumRuns,
  lintFailsWith,
  validatedIR,
} from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const catalogIRs = rules.map((r) => catalogRuleIR(r.id).ir).filter((rule) => rule !== undefined);

/** Violations exempted by an exception without / with images (the test must see both). */
let exempted = 0;
let byImage = 0;
let imageRefusals = 0;

function check(rule: RuleIR, runs: number, seed: number): void {
  fc.assert(
    fc.property(arbExceptions(), arbWorkload(), (exceptions, object) => {
      const g = guardRuleIR(validatedIR(rule), exceptions);
      imageRefusals += g.refused.length;
      // Every exception is folded in or refused, with a reason; only image ones are refused.
      expect(g.guarded.length + g.refused.length).toBe(exceptions.length);
      for (const r of g.refused) expect(r.exception.images).toBeDefined();
      expect(validateRuleIR(JSON.parse(JSON.stringify(g.ir))).diagnostics).toEqual([]);
      const plain = evaluateRuleIR(rule, object);
      const guarded = evaluateRuleIR(g.ir, object);
      const lint = lintFailsWith(plain, object, rule.id, g.guarded);
      const what = `${rule.id} ${JSON.stringify(exceptions)}`;
      expect(guarded.applies && guarded.violations.length > 0, what).toBe(lint);
      // The same violations, in order: those no folded exception covers.
      const resolved = g.guarded.map((e) => ({
        ...e,
        rules: [rule.id],
        location: { file: 'x', line: 1, column: 1 },
      }));
      const subject = subjectOf(object);
      const kept = plain.violations.filter((v) => {
        const by = exceptionFor(resolved, 0, rule.id, subject, containerAt(object, v.pointer));
        if (by.exception === undefined) return true;
        if (g.guarded.find((e) => e.id === by.exception!.id)!.images !== undefined) byImage++;
        else exempted++;
        return false;
      });
      expect(guarded.violations, what).toEqual(kept);
    }),
    { numRuns: runs, seed },
  );
}

describe('exception guard: interpreter on the guarded rule == lint with the exceptions', () => {
  it('catalog rules', () => {
    exempted = 0;
    byImage = 0;
    for (const [i, ir] of catalogIRs.entries()) check(ir, defaultNumRuns(40), 500 + i);
    expect(catalogIRs.length).toBeGreaterThan(30);
    expect(exempted).toBeGreaterThan(20);
    expect(byImage).toBeGreaterThan(20);
  }, 600_000);

  it('random rules', () => {
    imageRefusals = 0;
    exempted = 0;
    byImage = 0;
    const irs = fc.sample(arbRuleIR(), { numRuns: defaultNumRuns(40), seed: 20261202 });
    for (const [i, ir] of irs.entries()) check(ir, 25, 900 + i);
    // arbRuleIR's `each` shapes are all recognised: nothing is refused.
    expect(imageRefusals).toBe(0);
    expect(exempted).toBeGreaterThan(10);
    expect(byImage).toBeGreaterThan(10);
  }, 600_000);
});

describe('exception guard: where an element lies decides an image exception', () => {
  const spec = (each: Expr): RuleIR =>
    Object.freeze({
      irVersion: IR_VERSION,
      id: 'r',
      target: { kind: 'podSpec' as const },
      params: {},
      each,
      check: ir.literal(false),
      message: ir.literal('bad'),
    });
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'a' },
    spec: {
      containers: [
        {
          name: 'c',
          image: 'vendor/x:1',
          ports: [{ containerPort: 80 }],
          securityContext: { capabilities: { add: ['NET_ADMIN'] } },
        },
      ],
    },
  };
  const exc = { id: 'v', images: ['vendor/*'], reason: 'r', owner: 'o', expires: 'never' };
  const under = (path: string[]) =>
    spec(
      ir.comprehension(
        'flatMap',
        ir.call('allContainers', [ir.ref('spec')]),
        'c',
        ir.coalesce(
          path.reduce<Expr>((e, k) => ir.get(e, k), ir.ref('c')),
          ir.list([]),
        ),
      ),
    );
  it('a map under the container (a port) is exempted with it', () => {
    const g = guardRuleIR(validatedIR(under(['ports'])), [exc]);
    expect(g.refused).toEqual([]);
    expect(evaluateRuleIR(under(['ports']), pod).violations).toHaveLength(1);
    expect(evaluateRuleIR(g.ir, pod).violations).toEqual([]);
  });
  it('a string under the container points at the pod spec, as in lint: not exempted', () => {
    const rule = under(['securityContext', 'capabilities', 'add']);
    const plain = evaluateRuleIR(rule, pod).violations;
    expect(plain.map((v) => v.pointer)).toEqual(['/spec']);
    expect(lintFailsWith({ violations: plain }, pod, 'r', [exc])).toBe(true);
    expect(evaluateRuleIR(guardRuleIR(validatedIR(rule), [exc]).ir, pod).violations).toEqual(plain);
  });
  it('elements made by map cannot be placed: refused with a reason', () => {
    const rule = validatedIR(
      spec(
        ir.comprehension(
          'map',
          ir.get(ir.ref('spec'), 'containers'),
          'c',
          ir.get(ir.ref('c'), 'securityContext'),
        ),
      ),
    );
    const g = guardRuleIR(rule, [exc]);
    expect(g.refused.map((r) => r.exception.id)).toEqual(['v']);
    expect(g.ir).toBe(rule);
  });
});
