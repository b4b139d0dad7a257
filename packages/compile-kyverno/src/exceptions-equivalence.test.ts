/**
 * Exceptions compiled to Kyverno exempt exactly what `kpc lint` exempts: on random workloads
 * with random exceptions (kinds, namespaces, name and namespace globs, labels, images), for
 * catalog rules and random rules, the (object, rule) verdict of the compiled policy (which
 * carries the image exceptions in its CEL) plus its PolicyExceptions (applied as Kyverno does,
 * test-support/policy-exception.ts) equals lint's verdict with the exceptions (@kpc/core
 * exceptionFor), for both policy kinds.
 */
import { checkCelCapabilities } from '@kpc/cel';
import type { CompileException, CompileRuleInput } from '@kpc/compile';
import type { RuleIR } from '@kpc/ir';
import { isReferential } from '@kpc/ir';
import { rules as catalogRules } from '@kpc/rules';
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
import { parseAllDocuments } from 'yaml';
import { compileKyverno, type KyvernoPolicyKind } from './compile-kyverno.ts';
import { exceptionFile } from './exceptions.ts';
import { compiledPolicy, inputForIR } from './test-support/cel-evaluator.ts';
import { evaluatePolicy } from './test-support/evaluate-policy.ts';
import { policyExceptionApplies } from './test-support/policy-exception.ts';

// Rules that read other objects are refused (KYV_UNSUPPORTED, asserted in
// tests/ir/lookup-fail-closed.test.ts) until the Kyverno lowering of `lookup` lands.
const rules = catalogRules.filter((r) => !isReferential(r));

/** Objects that fail without exceptions and pass with the compiled ones (the test must see some). */
let exemptedCases = 0;

/** Checks one rule: lint-with-exceptions fails (object) ⇔ policy fails and no PolicyException applies. */
function checkRule(ir: RuleIR, runs: number, seed: number): void {
  const base = inputForIR(ir);
  const lint = irEvaluator(ir);
  fc.assert(
    fc.property(arbExceptions(), arbWorkload(), (exceptions, object) => {
      const input: CompileRuleInput = { ...base, exceptions };
      const verdict = lint(object, base.params) as EquivalenceVerdict;
      const lintFails = (excepted: readonly CompileException[]) =>
        lintFailsWith(verdict, object, ir.id, excepted);
      for (const kind of ['ClusterPolicy', 'ValidatingPolicy'] as KyvernoPolicyKind[]) {
        const out = compileKyverno([input], { kinds: [kind] });
        // An exception the backend cannot encode exactly is refused with a warning naming it.
        const refused = notCompiledExceptionIds(out.diagnostics);
        const kept = exceptions.filter((e) => !refused.has(e.id));
        const pes = kept.flatMap((e) => {
          const f = out.files.find((x) => x.path === exceptionFile(e.id, kind));
          return f ? [parseAllDocuments(f.content)[0]!.toJS() as Record<string, unknown>] : [];
        });
        const policy = compiledPolicy(input, kind, out);
        const v = evaluatePolicy(policy, object as Record<string, unknown>, 'kubernetes');
        const exempt = pes.some((pe) =>
          policyExceptionApplies(pe, ir.id, v.rule, object as Record<string, unknown>),
        );
        const engineFails = v.matched && !v.allowed && !exempt;
        const what = `${kind} ${ir.id} ${JSON.stringify(exceptions)}`;
        // Exactly lint's verdict with the compiled exceptions …
        expect(engineFails, what).toBe(lintFails(kept));
        if (lintFails([]) && !engineFails) exemptedCases++;
        // … hence never weaker than lint with all of them.
        if (lintFails(exceptions)) expect(engineFails, what).toBe(true);
      }
    }),
    { numRuns: runs, seed },
  );
}

// One test per rule: a long synchronous test would starve vitest's worker RPC.
describe('exceptions: lint == Kyverno policy + PolicyException (catalog rules)', () => {
  // The pre-lowered catalog IR (its staleness is tested in @kpc/rules): lowering the rule
  // files here would block the worker for long.
  const irs = rules.map((r) => catalogRuleIR(r.id).ir!);
  for (const [i, ir] of irs.entries())
    it(ir.id, () => checkRule(ir, defaultNumRuns(15), 11 + i), 120_000);
  it('exempted some failing objects', () => expect(exemptedCases).toBeGreaterThan(5));
});

describe('exceptions: lint == Kyverno policy + PolicyException (random rules)', () => {
  const irs = fc
    .sample(arbRuleIR(), { numRuns: defaultNumRuns(15), seed: 20261202 })
    .filter((ir) => checkCelCapabilities(ir).length === 0);
  it('draws enough rules', () => expect(irs.length).toBeGreaterThan(5));
  for (const [i, ir] of irs.entries())
    it(`random rule ${i}`, () => checkRule(ir, 20, 100 + i), 120_000);
});

describe('what a PolicyException cannot say: folded into the policy, or said', () => {
  it('an image exception is in the policy: it spares the matching container only', () => {
    const ir = catalogRuleIR('disallow-latest-tag').ir!;
    const exception: CompileException = {
      id: 'mesh',
      images: ['registry.example.com/mesh/*'],
      namespaces: ['shop-*'],
      reason: 'r',
      owner: 'o',
      expires: 'never',
    };
    const input: CompileRuleInput = { ...inputForIR(ir), exceptions: [exception] };
    const out = compileKyverno([input], { kinds: ['ClusterPolicy', 'ValidatingPolicy'] });
    expect(out.diagnostics.filter((d) => d.code === 'EXC_NOT_COMPILED')).toEqual([]);
    expect(out.files.some((f) => f.path.startsWith('exceptions/'))).toBe(false);
    const pod = (namespace: string, images: string[]) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace },
      spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) },
    });
    const sidecar = 'registry.example.com/mesh/proxy:latest';
    for (const kind of ['ClusterPolicy', 'ValidatingPolicy'] as KyvernoPolicyKind[]) {
      const policy = compiledPolicy(input, kind, out);
      const judge = (o: Record<string, unknown>) => evaluatePolicy(policy, o, 'kubernetes');
      expect(judge(pod('shop-eu', [sidecar])).allowed).toBe(true);
      const both = judge(pod('shop-eu', ['nginx:latest', sidecar]));
      expect(both.allowed).toBe(false);
      expect(both.message).toContain('c0');
      expect(both.message).not.toContain('c1');
      // Outside the exception's namespaces the sidecar is judged as before.
      expect(judge(pod('prod', [sidecar])).allowed).toBe(false);
    }
  });

  it('an image glob with `?` gets a located EXC_NOT_COMPILED warning per policy kind', () => {
    const ir = catalogRuleIR('disallow-latest-tag').ir!;
    const location = { file: 'kpc.config.ts', line: 3, column: 5 };
    const out = compileKyverno(
      [
        {
          ...inputForIR(ir),
          exceptions: [
            {
              id: 'img',
              images: ['r/?'],
              namespaces: ['a'],
              reason: 'r',
              owner: 'o',
              expires: 'never',
              location,
            },
          ],
        },
      ],
      { kinds: ['ClusterPolicy', 'ValidatingPolicy'] },
    );
    const warnings = out.diagnostics.filter((d) => d.code === 'EXC_NOT_COMPILED');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]!.location).toEqual(location);
    expect(out.files.some((f) => f.path.startsWith('exceptions/'))).toBe(false);
    // Refused, not folded in: the policy is the one compiled without exceptions.
    const plain = compileKyverno([inputForIR(ir)], { kinds: ['ClusterPolicy'] });
    expect(out.files.find((f) => f.path.endsWith('clusterpolicy.yaml'))!.content).toBe(
      plain.files.find((f) => f.path.endsWith('clusterpolicy.yaml'))!.content,
    );
  });

  it('a label value with a wildcard: a PolicyException for ValidatingPolicy, folded into the ClusterPolicy', () => {
    const ir = catalogRuleIR('allowed-registries').ir!;
    const input: CompileRuleInput = {
      ...inputForIR(ir),
      exceptions: [
        { id: 'lbl', labels: { app: 'we*' }, reason: 'r', owner: 'o', expires: 'never' },
      ],
    };
    const kinds: KyvernoPolicyKind[] = ['ClusterPolicy', 'ValidatingPolicy'];
    const out = compileKyverno([input], { kinds });
    // Kyverno's resource filter would read `*` in a label value as a wildcard; kpc compares it
    // exactly, so the ClusterPolicy carries the exception in its CEL instead.
    expect(out.diagnostics).toEqual([]);
    expect(out.files.map((f) => f.path).filter((p) => p.startsWith('exceptions/'))).toEqual([
      'exceptions/lbl/validatingpolicy-exception.yaml',
    ]);
    const plain = compileKyverno([inputForIR(ir)], { kinds });
    const file = (o: typeof out, end: string) => o.files.find((f) => f.path.endsWith(end))!.content;
    expect(file(out, 'clusterpolicy.yaml')).not.toBe(file(plain, 'clusterpolicy.yaml'));
    expect(file(out, 'validatingpolicy.yaml')).toBe(file(plain, 'validatingpolicy.yaml'));
  });
});
