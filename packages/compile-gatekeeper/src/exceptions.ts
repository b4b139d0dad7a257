/**
 * kpc exceptions in the Gatekeeper backend (docs/exceptions.md#gatekeeper). Where the
 * constraint's `match` says exactly the same thing, it is used: an exception that selects
 * whole namespaces (`namespaces` only) for a pod-spec rule, with globs Gatekeeper's wildcard
 * means the same way (`*` only at the start and/or end, no `?`, not matching the empty
 * string), becomes `match.excludedNamespaces`. Every other exception (resources, labels,
 * images, other globs, rules over kinds that may be cluster-scoped) is folded into the rule
 * before it is lowered to Rego (@kpc/compile guardRuleIR), so the template's own code
 * exempts exactly what lint exempts. What cannot be folded exactly is a located
 * EXC_NOT_COMPILED warning, and the constraint judges those objects without it.
 */
import { type CompileException, type CompileRuleInput, guardRuleIR } from '@kpc/compile';
import { exceptionNotCompiled } from '@kpc/compile/internal';
import { type Diagnostic, globMatch, type ValidatedRuleIR } from '@kpc/ir';
import { checkCapabilities } from './capabilities.ts';

/** Gatekeeper's wildcard: `^\*?[-:a-z0-9]*\*?$`, prefix/suffix/contains matching. */
const GATEKEEPER_WILDCARD = /^\*?[-:a-z0-9]*\*?$/;

/** True when `match.excludedNamespaces` encodes `e` exactly for `input`'s rule. */
function excludesNamespaces(e: CompileException, input: CompileRuleInput): boolean {
  return (
    e.resources === undefined &&
    e.labels === undefined &&
    e.images === undefined &&
    input.ir.target.kind === 'podSpec' &&
    (e.namespaces ?? []).every((p) => GATEKEEPER_WILDCARD.test(p) && !globMatch(p, ''))
  );
}

const accepts = (ir: ValidatedRuleIR) => checkCapabilities(ir).every((d) => d.severity !== 'error');

/**
 * How `input`'s exceptions are compiled: the namespaces to add to `match.excludedNamespaces`,
 * the rule with the other exceptions folded in (`ir`, the input's own when there are none),
 * and a warning for each exception that is neither.
 */
export function exceptionEncoding(input: CompileRuleInput): {
  excludedNamespaces: string[];
  ir: ValidatedRuleIR;
  diagnostics: Diagnostic[];
} {
  const excludedNamespaces: string[] = [];
  const rest: CompileException[] = [];
  for (const e of input.exceptions ?? [])
    if (excludesNamespaces(e, input)) excludedNamespaces.push(...(e.namespaces ?? []));
    else rest.push(e);
  // Rego's regex.match sees each character above U+FFFF as two units (regex.ts), like kpc's
  // glob: `?` in image globs is exact here.
  const guard = guardRuleIR(input.ir, rest, {
    accepts,
    ...(input.podSpecLocations ? { podSpecLocations: input.podSpecLocations } : {}),
  });
  const diagnostics = guard.refused.map((r) =>
    exceptionNotCompiled(
      r.exception,
      input.meta.id,
      'the Gatekeeper template',
      r.reason,
      'Select the containers by image for rules that check containers or elements under one container (docs/exceptions.md#gatekeeper).',
    ),
  );
  return { excludedNamespaces, ir: guard.ir, diagnostics };
}
