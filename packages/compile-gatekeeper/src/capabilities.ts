/**
 * The up-front check: before any Rego is emitted, walk the rule's IR and report every
 * construct this backend cannot lower faithfully (GK_UNSUPPORTED) or that is not valid
 * IR (IR_INVALID, IR_VERSION). A rule with any error is not compiled at all: no weaker
 * policy is ever emitted in its place.
 */
import {
  type Diagnostic,
  diagnostic,
  type Expr,
  HELPER_NAMES,
  IR_VERSION,
  ROOT_NAMES,
  type RuleIR,
  type Span,
} from '@kpc/ir';
import { translateRegex } from './regex.ts';
import { hasLoneSurrogate } from './rego-string.ts';

const KNOWN_KINDS = new Set([
  'literal',
  'absent',
  'list',
  'ref',
  'param',
  'get',
  'index',
  'coalesce',
  'compare',
  'logical',
  'not',
  'truthy',
  'cond',
  'concat',
  'listConcat',
  'comprehension',
  'listIncludes',
  'length',
  'stringTest',
  'regexTest',
  'objectView',
  'call',
  'let',
]);

const TRUTHY_AS = new Set(['boolean', 'string', 'number', 'object', 'list']);
const COMPARE_OPS = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const COMPREHENSION_OPS = new Set(['every', 'some', 'filter', 'map', 'flatMap']);
const PARAM_NAME = /^[a-zA-Z][a-zA-Z0-9]*$/;

/** Checks `ir` against what the Gatekeeper backend can lower. Never throws. */
export function checkCapabilities(ir: RuleIR): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ruleId = typeof ir?.id === 'string' ? ir.id : '<unknown>';
  const report = (
    code: 'GK_UNSUPPORTED' | 'IR_INVALID' | 'IR_VERSION',
    message: string,
    span?: Span,
  ) => {
    out.push(
      diagnostic({
        code,
        severity: 'error',
        ruleId,
        message: `rule ${ruleId}: ${message}`,
        hint:
          code === 'GK_UNSUPPORTED'
            ? 'Rewrite the rule without this construct, or turn the rule off for the gatekeeper target.'
            : 'Regenerate the IR with the kpc frontend of this version.',
        ...(span ? { location: { file: span.file, line: span.line, column: span.column } } : {}),
      }),
    );
  };
  if (ir?.irVersion !== IR_VERSION) {
    report('IR_VERSION', `IR version ${String(ir?.irVersion)} is not ${IR_VERSION}`);
    return out;
  }
  if (typeof ir.id !== 'string' || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(ir.id)) {
    report('IR_INVALID', 'the rule id must be kebab-case');
  }
  const params = ir.params ?? {};
  for (const [name, spec] of Object.entries(params)) {
    if (!PARAM_NAME.test(name)) report('IR_INVALID', `parameter name "${name}" is not camelCase`);
    if (!['string', 'string[]', 'integer', 'boolean'].includes(spec.type))
      report('GK_UNSUPPORTED', `parameter "${name}" has type ${String(spec.type)}`);
    checkString(spec.description, `the description of parameter "${name}"`);
    const d = spec.default;
    if (typeof d === 'string') checkString(d, `the default of parameter "${name}"`);
    if (Array.isArray(d)) for (const s of d) checkString(s, `the default of parameter "${name}"`);
  }
  const podSpec = ir.target?.kind === 'podSpec';
  if (!podSpec) {
    if (ir.target?.kind !== 'resources' || ir.target.resources.length === 0)
      report('IR_INVALID', 'the target must be podSpec or a non-empty list of resources');
  }
  const roots = (withElement: boolean) =>
    new Set<string>(
      ROOT_NAMES.filter((r) => (r !== 'spec' || podSpec) && (r !== 'element' || withElement)),
    );

  function checkString(s: string, what: string, span?: Span): void {
    if (hasLoneSurrogate(s))
      report(
        'GK_UNSUPPORTED',
        `${what} contains a lone UTF-16 surrogate (not encodable in UTF-8)`,
        span,
      );
  }

  function walk(e: Expr, scope: ReadonlySet<string>): undefined {
    if (e === null || typeof e !== 'object' || !KNOWN_KINDS.has((e as Expr).kind)) {
      report('IR_INVALID', `unknown IR node ${JSON.stringify((e as { kind?: unknown })?.kind)}`);
      return;
    }
    const span = e.span;
    switch (e.kind) {
      case 'literal':
        if (typeof e.value === 'number' && !Number.isFinite(e.value))
          report('GK_UNSUPPORTED', `the number ${e.value} has no Rego literal`, span);
        if (typeof e.value === 'string') checkString(e.value, 'a string literal', span);
        return;
      case 'absent':
        return;
      case 'list':
        for (const i of e.items) walk(i, scope);
        return;
      case 'ref':
        if (!scope.has(e.name)) report('IR_INVALID', `name "${e.name}" is not bound here`, span);
        return;
      case 'param':
        if (!Object.hasOwn(params, e.name))
          report('IR_INVALID', `parameter "${e.name}" is not declared`, span);
        return;
      case 'get':
        checkString(e.key, 'a property name', span);
        return walk(e.object, scope);
      case 'index':
        walk(e.object, scope);
        return walk(e.key, scope);
      case 'coalesce':
        walk(e.left, scope);
        return walk(e.right, scope);
      case 'compare':
        if (!COMPARE_OPS.has(e.op)) report('GK_UNSUPPORTED', `comparison ${e.op}`, span);
        walk(e.left, scope);
        return walk(e.right, scope);
      case 'logical':
        if (e.op !== 'and' && e.op !== 'or') report('GK_UNSUPPORTED', `logical ${e.op}`, span);
        for (const o of e.operands) walk(o, scope);
        return;
      case 'not':
        return walk(e.operand, scope);
      case 'truthy':
        if (!TRUTHY_AS.has(e.as)) report('GK_UNSUPPORTED', `truthiness of type ${e.as}`, span);
        return walk(e.operand, scope);
      case 'cond':
        walk(e.test, scope);
        walk(e.then, scope);
        return walk(e.otherwise, scope);
      case 'concat':
        for (const p of e.parts) walk(p, scope);
        return;
      case 'listConcat':
        for (const l of e.lists) walk(l, scope);
        return;
      case 'comprehension': {
        if (!COMPREHENSION_OPS.has(e.op)) report('GK_UNSUPPORTED', `list operation ${e.op}`, span);
        walk(e.list, scope);
        const inner = new Set(scope);
        inner.add(e.variable);
        return walk(e.body, inner);
      }
      case 'listIncludes':
        walk(e.list, scope);
        return walk(e.value, scope);
      case 'length':
        return walk(e.operand, scope);
      case 'stringTest':
        if (!['startsWith', 'endsWith', 'includes'].includes(e.op))
          report('GK_UNSUPPORTED', `string test ${e.op}`, span);
        walk(e.subject, scope);
        return walk(e.argument, scope);
      case 'regexTest': {
        const t = translateRegex(e.pattern);
        if (!t.ok)
          report(
            'GK_UNSUPPORTED',
            `regular expression /${e.pattern}/ uses ${t.reason}, which RE2 (Rego regex.match) cannot match the same way`,
            span,
          );
        return walk(e.subject, scope);
      }
      case 'objectView':
        if (!['keys', 'values', 'entries'].includes(e.op))
          report('GK_UNSUPPORTED', `Object.${e.op}`, span);
        return walk(e.object, scope);
      case 'call':
        if (!(HELPER_NAMES as readonly string[]).includes(e.helper))
          report('GK_UNSUPPORTED', `helper ${e.helper}() has no Rego lowering`, span);
        else if (e.args.length !== 1)
          report('IR_INVALID', `helper ${e.helper}() takes 1 argument, got ${e.args.length}`, span);
        for (const a of e.args) walk(a, scope);
        return;
      case 'let': {
        walk(e.value, scope);
        const inner = new Set(scope);
        inner.add(e.name);
        return walk(e.body, inner);
      }
    }
  }

  if (ir.each !== null && ir.each !== undefined) walk(ir.each, roots(false));
  walk(ir.check, roots(true));
  walk(ir.message, roots(true));
  return out;
}
