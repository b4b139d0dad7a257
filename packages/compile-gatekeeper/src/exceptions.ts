/**
 * kpc exceptions in the Gatekeeper backend (docs/exceptions.md#gatekeeper). The one case
 * Gatekeeper's constraint `match` encodes exactly: an exception that selects whole
 * namespaces (`namespaces` only) for a pod-spec rule, with globs Gatekeeper's wildcard means
 * the same way (`*` only at the start and/or end, no `?`, not matching the empty string):
 * those become `match.excludedNamespaces`. Every other (exception, rule) gets a located
 * EXC_NOT_COMPILED warning, and the constraint judges those objects without the exception
 * (stricter than kpc lint, never weaker). Constraint parameters checked by the Rego are the
 * open part (docs/open-items.md).
 */
import type { CompileException, CompileRuleInput } from '@kpc/compile';
import { type Diagnostic, diagnostic, globMatch } from '@kpc/ir';

/** Gatekeeper's wildcard: `^\*?[-:a-z0-9]*\*?$`, prefix/suffix/contains matching. */
const GATEKEEPER_WILDCARD = /^\*?[-:a-z0-9]*\*?$/;

function refusal(e: CompileException, input: CompileRuleInput): string | undefined {
  if (e.resources !== undefined || e.labels !== undefined || e.images !== undefined)
    return 'only an exception that selects whole namespaces is encoded (constraint match.excludedNamespaces); kinds, names, labels and images need constraint parameters the Rego checks, which are not built yet';
  if (input.ir.target.kind !== 'podSpec')
    return 'the rule may judge Namespace or cluster-scoped objects, which Gatekeeper matches by namespace differently';
  const bad = (e.namespaces ?? []).find((p) => !GATEKEEPER_WILDCARD.test(p) || globMatch(p, ''));
  if (bad !== undefined)
    return `the namespace glob "${bad}" has no exact Gatekeeper wildcard (only a leading and/or trailing \`*\` around lowercase letters, digits, \`-\` and \`:\`)`;
  return undefined;
}

/** The namespaces to add to the rule's `match.excludedNamespaces`, and warnings for the rest. */
export function exceptionExclusions(input: CompileRuleInput): {
  excludedNamespaces: string[];
  diagnostics: Diagnostic[];
} {
  const excludedNamespaces: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const e of input.exceptions ?? []) {
    const why = refusal(e, input);
    if (why === undefined) {
      excludedNamespaces.push(...(e.namespaces ?? []));
      continue;
    }
    diagnostics.push(
      diagnostic({
        code: 'EXC_NOT_COMPILED',
        severity: 'warning',
        ruleId: input.meta.id,
        message: `exception "${e.id}" is not compiled into the Gatekeeper constraint of rule ${input.meta.id}: ${why}; the constraint judges those objects without it (stricter than kpc lint)`,
        hint: 'Select whole namespaces only for Gatekeeper (docs/exceptions.md#gatekeeper); Kyverno output carries more as PolicyExceptions.',
        ...(e.location ? { location: e.location } : {}),
      }),
    );
  }
  return { excludedNamespaces, diagnostics };
}
