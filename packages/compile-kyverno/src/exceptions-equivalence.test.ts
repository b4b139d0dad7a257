/**
 * Exceptions compiled to Kyverno PolicyExceptions exempt exactly what `kpc lint` exempts:
 * on random workloads with random exceptions (kinds, namespaces, name and namespace globs,
 * labels), for catalog rules and random rules, the (object, rule) verdict of the compiled
 * policy plus its PolicyExceptions (applied as Kyverno does, test-support/policy-exception.ts)
 * equals lint's verdict with the exceptions (@kpc/core exceptionFor), for both policy kinds.
 */
import { checkCelCapabilities } from '@kpc/cel';
import type { CompileException, CompileRuleInput } from '@kpc/compile';
import { containerAt, exceptionFor, type ResolvedException, subjectOf } from '@kpc/core';
import type { RuleIR } from '@kpc/ir';
import {
  arbRuleIR,
  arbWorkload,
  defaultNumRuns,
  type EquivalenceVerdict,
  irEvaluator,
} from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { compileKyverno, type KyvernoPolicyKind } from './compile-kyverno.ts';
import { exceptionFile } from './exceptions.ts';
import { lowerCatalog } from './test-support/catalog.ts';
import { compiledPolicy, inputForIR } from './test-support/cel-evaluator.ts';
import { evaluatePolicy } from './test-support/evaluate-policy.ts';
import { policyExceptionApplies } from './test-support/policy-exception.ts';

const oneOf = <T>(...xs: T[]) => fc.constantFrom(...xs);
const nameGlob = oneOf('web', 'api', 'w*', '*', '?pi', 'x-?', '*er', 'n*ly', 'web?', '', '*-1');
const nsGlob = oneOf('default', 'team-a', 'prod', 'team-*', '*', 'kube-?ystem', '*a*', 'p?od');
const arbException: fc.Arbitrary<CompileException> = fc
  .record(
    {
      resources: fc.array(
        fc
          .record(
            {
              kind: oneOf('Pod', 'Deployment', 'CronJob', 'Job', 'DaemonSet', 'StatefulSet'),
              namespace: oneOf('default', 'team-a', 'prod', 'kube-system'),
              name: nameGlob,
            },
            { requiredKeys: [] },
          )
          .filter((r) => Object.keys(r).length > 0),
        { minLength: 1, maxLength: 3 },
      ),
      namespaces: fc.array(nsGlob, { minLength: 1, maxLength: 2 }),
      labels: fc.dictionary(oneOf('app', 'team', 'env'), oneOf('web', 'payments', 'prod', 'x'), {
        minKeys: 1,
        maxKeys: 2,
      }),
    },
    { requiredKeys: [] },
  )
  .filter((e) => Object.keys(e).length > 0)
  .map((e) => ({ id: 'exc', reason: 'r', owner: 'o', expires: 'never', ...e }));

function resolved(e: CompileException, ruleId: string): ResolvedException {
  return { ...e, rules: [ruleId], location: { file: 'x', line: 1, column: 1 } };
}

/** Objects that fail without exceptions and pass with the compiled ones (the test must see some). */
let exemptedCases = 0;

/** Checks one rule: lint-with-exceptions fails (object) ⇔ policy fails and no PolicyException applies. */
function checkRule(ir: RuleIR, runs: number, seed: number): void {
  const base = inputForIR(ir);
  const lint = irEvaluator(ir);
  fc.assert(
    fc.property(
      fc.array(arbException, { minLength: 1, maxLength: 3 }),
      arbWorkload(),
      (excs, object) => {
        const exceptions = excs.map((e, i) => ({ ...e, id: `e${i}` }));
        const input: CompileRuleInput = { ...base, exceptions };
        const verdict = lint(object, base.params) as EquivalenceVerdict;
        const subject = subjectOf(object);
        const lintFails = (excepted: readonly CompileException[]) => {
          const all = excepted.map((e) => resolved(e, ir.id));
          return (
            verdict.applies &&
            verdict.violations.some(
              (v) =>
                exceptionFor(all, 0, ir.id, subject, containerAt(object, v.pointer)).exception ===
                undefined,
            )
          );
        };
        for (const kind of ['ClusterPolicy', 'ValidatingPolicy'] as KyvernoPolicyKind[]) {
          const out = compileKyverno([input], { kinds: [kind] });
          // An exception the backend cannot encode exactly is refused with a warning naming it.
          const refused = new Set(
            out.diagnostics
              .filter((d) => d.code === 'EXC_NOT_COMPILED')
              .map((d) => /exception "([^"]+)"/.exec(d.message)![1]),
          );
          const kept = exceptions.filter((e) => !refused.has(e.id));
          const pes = kept.flatMap((e) => {
            const f = out.files.find((x) => x.path === exceptionFile(e.id, kind));
            return f ? [parseAllDocuments(f.content)[0]!.toJS() as Record<string, unknown>] : [];
          });
          const policy = compiledPolicy(input, kind);
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
      },
    ),
    { numRuns: runs, seed },
  );
}

describe('exceptions: lint == Kyverno policy + PolicyException', () => {
  it('catalog rules', () => {
    let i = 0;
    exemptedCases = 0;
    for (const l of lowerCatalog().values()) checkRule(l.ir, defaultNumRuns(15), 11 + i++);
    expect(exemptedCases).toBeGreaterThan(5);
  }, 600_000);

  it('random rules', () => {
    const irs = fc
      .sample(arbRuleIR(), { numRuns: defaultNumRuns(15), seed: 20261202 })
      .filter((ir) => checkCelCapabilities(ir).length === 0);
    expect(irs.length).toBeGreaterThan(5);
    for (const [i, ir] of irs.entries()) checkRule(ir, 20, 100 + i);
  }, 600_000);
});

describe('what a PolicyException cannot say is not compiled, and said', () => {
  it('an exception with images gets a located EXC_NOT_COMPILED warning and no object', () => {
    const ir = [...lowerCatalog().values()][0]!.ir;
    const location = { file: 'kpc.config.ts', line: 3, column: 5 };
    const out = compileKyverno(
      [
        {
          ...inputForIR(ir),
          exceptions: [
            {
              id: 'img',
              images: ['r/*'],
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
  });

  it('a label value with a wildcard is refused for ClusterPolicy only', () => {
    const ir = [...lowerCatalog().values()][0]!.ir;
    const out = compileKyverno(
      [
        {
          ...inputForIR(ir),
          exceptions: [
            { id: 'lbl', labels: { app: 'we*' }, reason: 'r', owner: 'o', expires: 'never' },
          ],
        },
      ],
      { kinds: ['ClusterPolicy', 'ValidatingPolicy'] },
    );
    expect(out.diagnostics.map((d) => d.code)).toEqual(['EXC_NOT_COMPILED']);
    expect(out.files.map((f) => f.path).filter((p) => p.startsWith('exceptions/'))).toEqual([
      'exceptions/lbl/validatingpolicy-exception.yaml',
    ]);
  });
});
