/**
 * Exceptions compiled into ValidatingAdmissionPolicies exempt exactly what `kpc lint` exempts:
 * on random workloads with random exceptions (kinds, exact namespaces, name and namespace
 * globs, labels, images), for catalog and random rules, the compiled policy evaluated as the
 * API server does (cel-js with the VAP bindings, test-support.ts) denies exactly the objects
 * lint fails with the exceptions the backend compiled, and every refusal is a located warning
 * naming the exception.
 */
import { checkCelCapabilities } from '@kpc/cel';
import type { CompileRuleInput } from '@kpc/compile';
import type { RuleIR, ValidatedRuleIR } from '@kpc/ir';
import { rules } from '@kpc/rules';
import { catalogRuleIR } from '@kpc/rules/ir';
import {
  arbExceptions,
  arbRuleIR,
  arbWorkload,
  defaultNumRuns,
  type EquivalenceVerdict,
  irEvaluator,
  lintFailsWith,
  notCompiledExceptionIds,
} from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileVap } from './compile-vap.ts';
import { compiledVap, evaluateVap, inputForIR } from './test-support.ts';

let exempted = 0;

function checkRule(ir: RuleIR, runs: number, seed: number): void {
  const base = inputForIR(ir, {});
  const lint = irEvaluator(ir);
  fc.assert(
    fc.property(arbExceptions(), arbWorkload(), (exceptions, object) => {
      const input: CompileRuleInput = { ...base, exceptions };
      const out = compileVap([input]);
      const refused = notCompiledExceptionIds(out.diagnostics);
      // Only image globs with `?` are refused for the rules drawn here.
      for (const e of exceptions)
        expect(refused.has(e.id)).toBe((e.images ?? []).some((p) => p.includes('?')));
      const kept = exceptions.filter((e) => !refused.has(e.id));
      const [policy, binding] = compiledVap(input, out);
      const v = evaluateVap(policy, binding, object as Record<string, unknown>, 'kubernetes');
      const verdict = lint(object, base.params) as EquivalenceVerdict;
      const denied = v.matched && !v.allowed;
      expect(denied, `${ir.id} ${JSON.stringify(exceptions)}`).toBe(
        lintFailsWith(verdict, object, ir.id, kept),
      );
      if (lintFailsWith(verdict, object, ir.id, []) && !denied) exempted++;
    }),
    { numRuns: runs, seed },
  );
}

// One test per rule: a long synchronous test would starve vitest's worker RPC.
describe('exceptions: lint == ValidatingAdmissionPolicy with the exceptions in its CEL', () => {
  const catalogIRs = rules
    .map((r) => catalogRuleIR(r.id).ir)
    .filter(
      (ir): ir is ValidatedRuleIR => ir !== undefined && checkCelCapabilities(ir).length === 0,
    );
  for (const [i, ir] of catalogIRs.entries())
    it(ir.id, () => checkRule(ir, defaultNumRuns(15), 300 + i), 120_000);
  const irs = fc
    .sample(arbRuleIR(), { numRuns: defaultNumRuns(12), seed: 20261203 })
    .filter((ir) => checkCelCapabilities(ir).length === 0);
  for (const [i, ir] of irs.entries())
    it(`random rule ${i}`, () => checkRule(ir, 20, 700 + i), 120_000);
  it('exempted failing objects', () => {
    expect(catalogIRs.length).toBeGreaterThan(30);
    expect(irs.length).toBeGreaterThan(5);
    expect(exempted).toBeGreaterThan(20);
  });
});
