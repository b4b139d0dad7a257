/**
 * The up-front check: before any Rego is emitted, the rule's validated IR is walked for every
 * construct this backend cannot lower faithfully (GK_UNSUPPORTED). A rule with any error is not
 * compiled at all: no weaker policy is ever emitted in its place.
 */
import { type Diagnostic, diagnostic, forEachExpr, type Span, type ValidatedRuleIR } from '@kpc/ir';
import { translateRegex } from './regex.ts';
import { hasLoneSurrogate } from './rego-string.ts';

/** Checks `ir` against what the Gatekeeper backend can lower. Never throws. */
export function checkCapabilities(ir: ValidatedRuleIR): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ruleId = ir.id;
  const report = (message: string, span?: Span) => {
    out.push(
      diagnostic({
        code: 'GK_UNSUPPORTED',
        severity: 'error',
        ruleId,
        message: `rule ${ruleId}: ${message}`,
        hint: 'Rewrite the rule without this construct, or turn the rule off for the gatekeeper target.',
        ...(span ? { location: { file: span.file, line: span.line, column: span.column } } : {}),
      }),
    );
  };
  // Rego strings are UTF-8: a lone UTF-16 surrogate has no encoding.
  const checkString = (s: string, what: string, span?: Span): void => {
    if (hasLoneSurrogate(s))
      report(`${what} contains a lone UTF-16 surrogate (not encodable in UTF-8)`, span);
  };
  for (const [name, spec] of Object.entries(ir.params)) {
    checkString(spec.description, `the description of parameter "${name}"`);
    const d = spec.default;
    if (typeof d === 'string') checkString(d, `the default of parameter "${name}"`);
    if (Array.isArray(d)) for (const s of d) checkString(s, `the default of parameter "${name}"`);
  }
  const check = (root: ValidatedRuleIR['check']) =>
    forEachExpr(root, (e) => {
      if (e.kind === 'literal' && typeof e.value === 'string')
        checkString(e.value, 'a string literal', e.span);
      else if (e.kind === 'get') checkString(e.key, 'a property name', e.span);
      else if (e.kind === 'lookup') {
        checkString(e.apiVersion, 'a lookup apiVersion', e.span);
        checkString(e.resourceKind, 'a lookup kind', e.span);
      } else if (e.kind === 'regexTest') {
        const t = translateRegex(e.pattern);
        if (!t.ok)
          report(
            `regular expression /${e.pattern}/ uses ${t.reason}, which RE2 (Rego regex.match) cannot match the same way`,
            e.span,
          );
      }
    });
  if (ir.each !== null) check(ir.each);
  check(ir.check);
  check(ir.message);
  return out;
}
