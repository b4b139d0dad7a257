/**
 * kpc exceptions and the Gatekeeper backend. Encoding them (constraint `match` where exact,
 * otherwise parameters the Rego checks) is not built yet: each (exception, rule) gets a
 * located EXC_NOT_COMPILED warning, and the constraint judges those objects without the
 * exception (stricter than kpc lint, never weaker). docs/exceptions.md#gatekeeper.
 */
import type { CompileRuleInput } from '@kpc/compile';
import { type Diagnostic, diagnostic } from '@kpc/ir';

export function exceptionWarnings(input: CompileRuleInput): Diagnostic[] {
  return (input.exceptions ?? []).map((e) =>
    diagnostic({
      code: 'EXC_NOT_COMPILED',
      severity: 'warning',
      ruleId: input.meta.id,
      message: `exception "${e.id}" is not compiled into the Gatekeeper constraint of rule ${input.meta.id}: the constraint judges those objects without it (stricter than kpc lint)`,
      hint: 'Gatekeeper encoding of exceptions is not built yet (docs/exceptions.md#gatekeeper); Kyverno output carries it as a PolicyException.',
      ...(e.location ? { location: e.location } : {}),
    }),
  );
}
