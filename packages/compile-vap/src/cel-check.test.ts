/**
 * Every generated VAP expression (variables, validation, messageExpression, matchConditions)
 * type-checked by cel-go, when a `cel-check` binary is on PATH that speaks the protocol of
 * kpc's tool notes (`{"expressions":[{"expr","vars"}]}` → one `{"ok":…}` per line) and
 * understands CEL optional syntax (`.?`, `orValue`), which Kubernetes enables from 1.29 and
 * every generated expression uses. Bindings as the API server declares them without
 * schemas: object, oldObject, request, params, namespaceObject `dyn`; `variables` as
 * map(string, dyn) (cel-check cannot declare Kubernetes' composited variable types, so a
 * variable's inferred type is not checked against its uses). Otherwise skipped, with the
 * reason printed.
 */
import { spawnSync } from 'node:child_process';
import { rules } from '@kpc/rules';
import { catalogRuleIR } from '@kpc/rules/ir';
import { describe, expect, it } from 'vitest';
import { compiledVap, inputForIR } from './test-support.ts';

const VARS = {
  object: 'dyn',
  oldObject: 'dyn',
  request: 'dyn',
  params: 'dyn',
  namespaceObject: 'dyn',
  variables: 'map(string,dyn)',
};

function celCheck(exprs: readonly string[]): { ok: boolean; error?: string }[] | string {
  const input = JSON.stringify({ expressions: exprs.map((expr) => ({ expr, vars: VARS })) });
  const r = spawnSync('cel-check', [], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error !== undefined) return `cel-check is not on PATH (${r.error.message})`;
  const lines = r.stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '');
  try {
    const parsed = lines.map((l) => JSON.parse(l) as { ok: boolean; error?: string });
    if (parsed.length !== exprs.length)
      return `cel-check answered ${parsed.length} of ${exprs.length}`;
    return parsed;
  } catch {
    return `cel-check printed something else than JSON lines: ${r.stdout.slice(0, 200)}`;
  }
}

const probe = celCheck(['{"a": 1}.?a.orValue(0) == 1']);
const skip =
  typeof probe === 'string'
    ? probe
    : probe[0]!.ok
      ? undefined
      : `the cel-check on PATH does not accept CEL optional syntax (${probe[0]!.error?.split('\n')[0]}); it predates the cel-go Kubernetes 1.29+ uses`;
if (skip !== undefined) console.log(`[skip] cel-go type check of the VAP expressions: ${skip}`);

describe.skipIf(skip !== undefined)('VAP expressions type-check with cel-go', () => {
  it('every expression of every catalog rule', () => {
    const exprs: { where: string; expr: string }[] = [];
    for (const rule of rules) {
      const { ir } = catalogRuleIR(rule.id);
      const [policy] = compiledVap({ ...inputForIR(ir!), excludedNamespaces: ['kube-system'] });
      const spec = policy.spec as {
        variables: { name: string; expression: string }[];
        validations: { expression: string; messageExpression: string }[];
        matchConditions?: { expression: string }[];
      };
      for (const v of spec.variables)
        exprs.push({ where: `${rule.id} variables.${v.name}`, expr: v.expression });
      for (const v of spec.validations) {
        exprs.push({ where: `${rule.id} validation`, expr: v.expression });
        exprs.push({ where: `${rule.id} messageExpression`, expr: v.messageExpression });
      }
      for (const c of spec.matchConditions ?? [])
        exprs.push({ where: `${rule.id} matchCondition`, expr: c.expression });
    }
    const results = celCheck(exprs.map((e) => e.expr));
    if (typeof results === 'string') throw new Error(results);
    const failed = results.flatMap((r, i) => (r.ok ? [] : [`${exprs[i]!.where}: ${r.error}`]));
    expect(failed).toEqual([]);
  }, 300_000);
});
