/**
 * Test-only: an `Evaluator` for @kpc/core/testing's equivalence harness that compiles a
 * rule with `compileKyverno`, reads the policy back from its YAML, and evaluates it with
 * cel-js under Kyverno's bindings. Violations carry the JSON Pointer of each offending
 * element found by CEL (by identity), so pointers and messages compare exactly.
 */

import type { CompileRuleInput } from '@kpc/compile';
import type { RuleIR } from '@kpc/ir';
import { POD_SPEC_LOCATIONS, podSpecLocationOf } from '@kpc/ir';
import type { Evaluator, NumberMode } from '@kpc/testing';
import { inputForIR } from '@kpc/testing';
import { parseAllDocuments } from 'yaml';
import { compileKyverno, type KyvernoPolicyKind, POLICY_FILE } from '../compile-kyverno.ts';
import { podSpecResourceName } from '../kinds.ts';
import { evaluatePolicy } from './evaluate-policy.ts';

export { inputForIR };

/**
 * Compiles `input` and returns the parsed policy of `kind`; throws on diagnostics. `out`: the
 * result of that very compile when the caller has it already (a test that also reads its
 * PolicyExceptions), so the rule is not compiled twice.
 */
export function compiledPolicy(
  input: CompileRuleInput,
  kind: KyvernoPolicyKind,
  out: ReturnType<typeof compileKyverno> = compileKyverno([input], { kinds: [kind] }),
): Record<string, unknown> {
  const errors = out.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('\n'));
  const file = out.files.find((f) => f.path === `${input.meta.id}/${POLICY_FILE[kind]}`);
  if (!file) throw new Error('policy file missing');
  return parseAllDocuments(file.content)[0]!.toJS() as Record<string, unknown>;
}

/** An evaluator running the compiled policy of `kind` with numbers typed per `mode`. */
export function celEvaluator(
  ir: RuleIR,
  kind: KyvernoPolicyKind,
  mode: NumberMode,
  makeInput: (params: Readonly<Record<string, unknown>>) => CompileRuleInput = (p) =>
    inputForIR(ir, p),
): Evaluator {
  const cache = new Map<string, Record<string, unknown>>();
  return (object, params) => {
    const key = JSON.stringify(params);
    let policy = cache.get(key);
    if (policy === undefined) {
      policy = compiledPolicy(makeInput(params), kind);
      cache.set(key, policy);
    }
    // The cluster serves the custom kinds the compile input declares, under their plurals.
    const locations = makeInput(params).podSpecLocations ?? POD_SPEC_LOCATIONS;
    const v = evaluatePolicy(policy, object as Record<string, unknown>, mode, 'CREATE', (k) =>
      podSpecResourceName(locations, k),
    );
    if (!v.matched) return { applies: false, violations: [] };
    const loc = podSpecLocationOf(object.apiVersion, object.kind, locations);
    const fallback = ir.target.kind === 'podSpec' && loc ? `/${loc.specPath.join('/')}` : '';
    if (v.allowed !== (v.offending.length === 0))
      throw new Error('validation disagrees with variables.offending');
    return {
      applies: true,
      violations: v.messages.map((message, i) => ({ message, pointer: v.pointers[i] ?? fallback })),
    };
  };
}
