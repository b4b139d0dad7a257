/**
 * Finds every `defineRule({...})` in a source file and lowers it: static data (id, target,
 * params) from the object literal, `each` / `check` / `message` through `ExprLowerer`.
 */

import type { Expr } from '@kpc/ir';
import {
  type Diagnostic,
  diagnostic,
  type GroupVersionKind,
  IR_VERSION,
  ir,
  KIND_API_VERSIONS,
  lookupsOf,
  PARAM_TYPES,
  type ParamSpec,
  paramSpec,
  parseApiVersion,
  type RuleIR,
  type RuleTarget,
  readsDeclaration,
  type Span,
} from '@kpc/ir';
import {
  type ArrowFunction,
  type CallExpression,
  type FunctionDeclaration,
  type FunctionExpression,
  type MethodDeclaration,
  Node,
  type ObjectLiteralExpression,
  type SourceFile,
  SyntaxKind,
  VariableDeclarationKind,
} from 'ts-morph';
import { bindPattern, bindPseudo, symbolOf } from './lower/bindings.ts';
import { checkFunctionShape } from './lower/comprehension.ts';
import { lowerBody } from './lower/statements.ts';
import { LowerError, LowerErrors, locationOf } from './lower-error.ts';
import { type CoreDeclarations, ExprLowerer, skipParens } from './lower-expr.ts';
import { Scope } from './scope.ts';

/** One lowered rule of a source file. */
export interface LoweredRule {
  readonly ruleId: string;
  /** The file name as given by the caller. */
  readonly file: string;
  /** `default`, the exported variable's name, or `''` when the rule is not exported. */
  readonly exportName: string;
  readonly ir: RuleIR;
}

export interface LowerFileResult {
  readonly rules: LoweredRule[];
  readonly diagnostics: Diagnostic[];
}

type RuleFunction = ArrowFunction | FunctionExpression | MethodDeclaration | FunctionDeclaration;
type Role = 'each' | 'check' | 'message';

/**
 * Lowers every rule of `sf`. Reports TypeScript errors of the file (FE_TYPE_ERROR) and
 * lowers nothing from a file that has any: lowering is decided by types. Never throws.
 */
export function lowerSourceFile(
  sf: SourceFile,
  file: string,
  core: CoreDeclarations & { readonly defineRuleFile: string },
  customKinds: CustomKinds = {},
): LowerFileResult {
  const diagnostics: Diagnostic[] = [];
  const rules: LoweredRule[] = [];
  try {
    const tsErrors = sf
      .getPreEmitDiagnostics()
      .filter(
        (d) => d.getCategory() === 1 && d.getSourceFile()?.getFilePath() === sf.getFilePath(),
      );
    // Causes first: one wrong field of the rule object breaks inference, and TypeScript then
    // reports every callback parameter as implicitly `any` or `unknown`. Stable otherwise.
    tsErrors.sort(
      (a, b) => Number(isConsequence(a.getCode())) - Number(isConsequence(b.getCode())),
    );
    for (const d of tsErrors) {
      const start = d.getStart() ?? 0;
      const pos = sf.getLineAndColumnAtPos(start);
      const text = d.getMessageText();
      diagnostics.push(
        diagnostic({
          code: 'FE_TYPE_ERROR',
          severity: 'error',
          message: `TypeScript error TS${d.getCode()}: ${typeof text === 'string' ? text : text.getMessageText()}`,
          hint: 'kpc lowers rules by their types: fix the type error first',
          location: { file, line: pos.line, column: pos.column },
        }),
      );
    }
    if (tsErrors.length > 0) return { rules, diagnostics };

    const calls = sf
      .getDescendantsOfKind(SyntaxKind.CallExpression)
      .filter((c) => isDefineRuleCall(c, core.defineRuleFile));
    if (calls.length === 0) {
      diagnostics.push(
        diagnostic({
          code: 'FE_NO_RULE',
          severity: 'error',
          message: 'no defineRule({...}) call from @kpc/core in this file',
          hint: "import { defineRule } from '@kpc/core' and export default defineRule({...})",
          location: { file, line: 1, column: 1 },
        }),
      );
      return { rules, diagnostics };
    }
    for (const c of calls) {
      const r = lowerRuleCall(c, file, core, customKinds);
      diagnostics.push(...r.diagnostics);
      if (r.rule !== undefined) rules.push(r.rule);
    }
  } catch (error) {
    diagnostics.push(
      diagnostic({
        code: 'INTERNAL',
        severity: 'error',
        message: `the frontend failed on this file: ${error instanceof Error ? error.message : String(error)}`,
        hint: 'please report this as a kpc bug, with the rule source',
        location: { file, line: 1, column: 1 },
      }),
    );
  }
  return { rules, diagnostics };
}

/**
 * TypeScript errors that usually follow from another one (failed inference): TS7006/TS7031
 * implicitly `any` parameter or binding, TS18046 value of type `unknown`, TS2339 property
 * missing on such a value.
 */
const CONSEQUENCES = new Set([7006, 7031, 18046, 2339]);

function isConsequence(code: number): boolean {
  return CONSEQUENCES.has(code);
}

function isDefineRuleCall(c: CallExpression, defineRuleFile: string): boolean {
  const callee = skipParens(c.getExpression());
  if (!Node.isIdentifier(callee)) return false;
  const sym = callee.getSymbol();
  const target = sym?.isAlias() ? sym.getAliasedSymbol() : sym;
  if (target?.getName() !== 'defineRule') return false;
  return (target.getDeclarations() ?? []).some(
    (d) => d.getSourceFile().getFilePath().replace(/\\/g, '/') === defineRuleFile,
  );
}

function exportNameOf(c: CallExpression): string {
  const parent = c.getParent();
  if (Node.isExportAssignment(parent)) return 'default';
  if (Node.isVariableDeclaration(parent)) {
    const st = parent.getVariableStatement();
    if (st?.isExported() && Node.isIdentifier(parent.getNameNode())) return parent.getName();
  }
  return '';
}

function lowerRuleCall(
  c: CallExpression,
  file: string,
  core: CoreDeclarations,
  customKinds: CustomKinds,
): { rule?: LoweredRule; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let ruleId: string | undefined;
  const report = (e: unknown, fallback: Node): void => {
    if (e instanceof LowerErrors) {
      for (const one of e.errors) report(one, fallback);
      return;
    }
    if (e instanceof LowerError) {
      diagnostics.push(
        diagnostic({
          code: e.code,
          severity: 'error',
          message: e.message,
          ...(e.hint !== undefined ? { hint: e.hint } : {}),
          ...(ruleId !== undefined ? { ruleId } : {}),
          location: locationOf(e.node, file, e.offset),
        }),
      );
    } else {
      diagnostics.push(
        diagnostic({
          code: 'INTERNAL',
          severity: 'error',
          message: `the frontend failed: ${e instanceof Error ? e.message : String(e)}`,
          hint: 'please report this as a kpc bug, with the rule source',
          ...(ruleId !== undefined ? { ruleId } : {}),
          location: locationOf(fallback, file),
        }),
      );
    }
  };
  const lowerer = new ExprLowerer(file, core);
  let props: Map<string, Node>;
  let id: string;
  let target: RuleTarget;
  let params: Record<string, ParamSpec>;
  let reads: DeclaredReads;
  try {
    const arg = c.getArguments()[0];
    const obj = arg === undefined ? undefined : skipParens(arg);
    if (obj === undefined || !Node.isObjectLiteralExpression(obj) || c.getArguments().length !== 1)
      throw new LowerError(
        'FE_RULE_SHAPE',
        c,
        'defineRule must be called with one object literal',
        'write defineRule({ id, target, check, message, … }) with the object inline',
      );
    props = propertiesOf(obj);
    id = staticString(lowerer, requireProp(props, 'id', obj), 'id');
    ruleId = id;
    target = targetOf(lowerer, requireProp(props, 'target', obj), customKinds);
    params = paramsOf(lowerer, props.get('params'));
    reads = readsOf(lowerer, props.get('reads'));
  } catch (e) {
    report(e, c);
    return { diagnostics };
  }
  const fns: Partial<Record<Role, Expr | null>> = {};
  for (const role of ['each', 'check', 'message'] as const) {
    try {
      const node = props.get(role);
      if (node === undefined) {
        if (role === 'each') {
          fns.each = null;
          continue;
        }
        throw new LowerError(
          'FE_RULE_SHAPE',
          c,
          `the rule has no \`${role}\` function`,
          `add ${role}: (element, ctx) => …`,
        );
      }
      fns[role] = lowerer.collectErrors(() =>
        lowerRuleFunction(lowerer, resolveFunction(node), role),
      );
    } catch (e) {
      report(e, c);
    }
  }
  if (diagnostics.length > 0) return { diagnostics };
  const ir: RuleIR = Object.freeze({
    irVersion: IR_VERSION,
    id,
    target,
    params: Object.freeze(params),
    each: fns.each ?? null,
    check: fns.check!,
    message: fns.message!,
  });
  const readProblems = checkReads(ir, reads, file, props.get('reads') ?? c);
  if (readProblems.some((d) => d.severity === 'error')) return { diagnostics: readProblems };
  return {
    rule: { ruleId: id, file, exportName: exportNameOf(c), ir },
    diagnostics: readProblems,
  };
}

/** A rule's `reads`: the kind names, each with the array element that names it. */
type DeclaredReads = readonly { readonly kind: string; readonly node: Node }[];

function readsOf(lowerer: ExprLowerer, node: Node | undefined): DeclaredReads {
  if (node === undefined) return [];
  const value = staticValue(lowerer, node, 'reads');
  if (!Array.isArray(value))
    throw new LowerError(
      'FE_RULE_SHAPE',
      node,
      'reads must be a list of kind names',
      "write reads: ['NetworkPolicy']",
    );
  const list = skipParens(node);
  const elements = Node.isArrayLiteralExpression(list) ? list.getElements() : [];
  return value.map((kind, i) => {
    const at = elements[i] ?? node;
    if (value.indexOf(kind) !== i)
      throw new LowerError('FE_RULE_SHAPE', at, `reads names ${kind} twice`, 'name each kind once');
    return { kind, node: at };
  });
}

/**
 * The rule's lookups against its `reads` (docs/rule-language.md, "Other objects"): a lookup of
 * a kind it does not declare is an FE_UNDECLARED_READ error at the `list`/`get` (the first of
 * each kind), a declared kind it never looks up an FE_UNUSED_READ warning at the entry. The
 * kinds are the IR's (`lookupsOf`), the same the backends sync and authorise.
 */
function checkReads(rule: RuleIR, reads: DeclaredReads, file: string, at: Node): Diagnostic[] {
  const declared = reads.map((r) => r.kind);
  const looked = lookupsOf(rule);
  const missing: { kind: string; span: Span | undefined }[] = [];
  for (const l of looked)
    if (!declared.includes(l.resourceKind) && !missing.some((m) => m.kind === l.resourceKind))
      missing.push({ kind: l.resourceKind, span: l.span });
  const fix = readsDeclaration([...declared, ...missing.map((m) => m.kind)]);
  const out: Diagnostic[] = missing.map((m) =>
    diagnostic({
      code: 'FE_UNDECLARED_READ',
      severity: 'error',
      ruleId: rule.id,
      message: `the rule reads ${m.kind} objects (list/get) but does not declare them`,
      hint: `add ${fix} to the rule's definition: a rule declares the kinds it reads`,
      location:
        m.span !== undefined
          ? { file, line: m.span.line, column: m.span.column }
          : locationOf(at, file),
    }),
  );
  for (const r of reads)
    if (!looked.some((l) => l.resourceKind === r.kind))
      out.push(
        diagnostic({
          code: 'FE_UNUSED_READ',
          severity: 'warning',
          ruleId: rule.id,
          message: `the rule declares that it reads ${r.kind} objects but never calls list/get for them`,
          hint: `remove '${r.kind}' from reads: a declared read makes kpc lint read every input before judging any`,
          location: locationOf(r.node, file),
        }),
      );
  return out;
}

function propertiesOf(obj: ObjectLiteralExpression): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const p of obj.getProperties()) {
    if (Node.isSpreadAssignment(p))
      throw new LowerError(
        'FE_OBJECT_SPREAD',
        p,
        'spread in a rule definition hides its fields from the compiler',
        'write every field inline',
      );
    if (
      Node.isPropertyAssignment(p) ||
      Node.isMethodDeclaration(p) ||
      Node.isShorthandPropertyAssignment(p)
    ) {
      const nameNode = p.getNameNode();
      if (Node.isComputedPropertyName(nameNode))
        throw new LowerError(
          'FE_RULE_SHAPE',
          nameNode,
          'computed keys in a rule definition',
          'write plain keys',
        );
      const key = Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : nameNode.getText();
      if (Node.isPropertyAssignment(p)) out.set(key, p.getInitializerOrThrow());
      else if (Node.isShorthandPropertyAssignment(p)) out.set(key, p.getNameNode());
      else out.set(key, p);
      continue;
    }
    throw new LowerError(
      'FE_RULE_SHAPE',
      p,
      `unsupported member ${p.getKindName()} in a rule definition`,
      'use plain properties and methods',
    );
  }
  return out;
}

function requireProp(props: Map<string, Node>, key: string, at: Node): Node {
  const n = props.get(key);
  if (n === undefined)
    throw new LowerError(
      'FE_RULE_SHAPE',
      at,
      `the rule definition has no \`${key}\``,
      `add ${key}: …`,
    );
  return n;
}

/** A compile-time constant: a literal, a module-level const, or a list of them. */
function staticValue(
  lowerer: ExprLowerer,
  node: Node,
  what: string,
): string | number | boolean | string[] {
  if (!Node.isExpression(node))
    throw new LowerError('FE_RULE_SHAPE', node, `${what} must be a constant`, 'write a literal');
  let e: Expr;
  try {
    e = lowerer.lower(node, Scope.root());
  } catch (err) {
    if (err instanceof LowerError)
      throw new LowerError(
        'FE_RULE_SHAPE',
        err.node,
        `${what} must be a compile-time constant: ${err.message}`,
        'write a literal or a module-level const',
      );
    throw err;
  }
  if (e.kind === 'literal') return e.value;
  if (
    e.kind === 'list' &&
    e.items.every((i) => i.kind === 'literal' && typeof i.value === 'string')
  )
    return e.items.map((i) => (i.kind === 'literal' ? String(i.value) : ''));
  throw new LowerError(
    'FE_RULE_SHAPE',
    node,
    `${what} must be a literal value`,
    'write a literal or a module-level const',
  );
}

function staticString(lowerer: ExprLowerer, node: Node, what: string): string {
  const v = staticValue(lowerer, node, what);
  if (typeof v !== 'string')
    throw new LowerError(
      'FE_RULE_SHAPE',
      node,
      `${what} must be a string`,
      'write a string literal',
    );
  return v;
}

/** Group/version/kinds of custom kinds by kind name (LowerOptions.customKinds). */
export type CustomKinds = Readonly<Record<string, readonly GroupVersionKind[]>>;

function targetOf(lowerer: ExprLowerer, node: Node, customKinds: CustomKinds): RuleTarget {
  const value = staticValue(lowerer, node, 'target');
  if (value === 'PodSpec') return { kind: 'podSpec' };
  const names = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (names === undefined || names.length === 0)
    throw new LowerError(
      'FE_RULE_SHAPE',
      node,
      "target must be 'PodSpec', a kind name, or a non-empty list of kind names",
      "write target: 'PodSpec', target: 'Role' or target: ['Role', 'ClusterRole']",
    );
  const list = skipParens(node);
  const elements = Node.isArrayLiteralExpression(list) ? list.getElements() : [];
  const resources: GroupVersionKind[] = [];
  names.forEach((name, i) => {
    const at = elements[i] ?? node;
    if (typeof value !== 'string' && name === 'PodSpec')
      throw new LowerError(
        'FE_RULE_SHAPE',
        at,
        "'PodSpec' cannot be combined with kind names in a target list",
        "write target: 'PodSpec' alone",
      );
    if (names.indexOf(name) !== i)
      throw new LowerError(
        'FE_RULE_SHAPE',
        at,
        `target lists ${name} twice`,
        'name each kind once',
      );
    const apiVersion = Object.hasOwn(KIND_API_VERSIONS, name) ? KIND_API_VERSIONS[name] : undefined;
    const custom = Object.hasOwn(customKinds, name) ? customKinds[name] : undefined;
    if (apiVersion === undefined && custom !== undefined && custom.length > 0) {
      resources.push(...custom);
      return;
    }
    if (apiVersion === undefined)
      throw new LowerError(
        'FE_RULE_SHAPE',
        at,
        `target "${name}" has no known apiVersion`,
        `for a custom kind, list its CustomResourceDefinition in \`crds\` in kpc.config.ts (kpc takes the group and versions from it); built-in kinds: ${Object.keys(KIND_API_VERSIONS).join(', ')}`,
      );
    resources.push({ ...parseApiVersion(apiVersion), kind: name });
  });
  return { kind: 'resources', resources };
}

function paramsOf(lowerer: ExprLowerer, node: Node | undefined): Record<string, ParamSpec> {
  const out: Record<string, ParamSpec> = {};
  if (node === undefined) return out;
  const obj = skipParens(node);
  if (!Node.isObjectLiteralExpression(obj))
    throw new LowerError(
      'FE_RULE_SHAPE',
      node,
      'params must be an object literal',
      'write params: { name: { type, default, description } }',
    );
  const entries = [...propertiesOf(obj)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, specNode] of entries) {
    const spec = skipParens(specNode);
    if (!Node.isObjectLiteralExpression(spec))
      throw new LowerError(
        'FE_RULE_SHAPE',
        specNode,
        `parameter "${name}" must be an object literal`,
        'write { type, default, description }',
      );
    const fields = propertiesOf(spec);
    const type = staticString(
      lowerer,
      requireProp(fields, 'type', spec),
      `type of parameter "${name}"`,
    );
    if (!(PARAM_TYPES as readonly string[]).includes(type))
      throw new LowerError(
        'FE_RULE_SHAPE',
        fields.get('type')!,
        `parameter type "${type}" is unknown`,
        `use one of ${PARAM_TYPES.join(', ')}`,
      );
    const dflt = staticValue(
      lowerer,
      requireProp(fields, 'default', spec),
      `default of parameter "${name}"`,
    );
    const description = staticString(
      lowerer,
      requireProp(fields, 'description', spec),
      `description of parameter "${name}"`,
    );
    const lowered = paramSpec(type, dflt, description);
    if (lowered === undefined)
      throw new LowerError(
        'FE_RULE_SHAPE',
        fields.get('default')!,
        `the default of "${name}" is not a ${type}`,
        'make the default match the type',
      );
    out[name] = lowered;
  }
  return out;
}

/** The function node behind a rule's each/check/message property. */
function resolveFunction(node: Node): RuleFunction {
  const n = skipParens(node);
  if (Node.isArrowFunction(n) || Node.isFunctionExpression(n) || Node.isMethodDeclaration(n))
    return n;
  if (Node.isIdentifier(n)) {
    const sym = n.getSymbol();
    const target = sym?.isAlias() ? sym.getAliasedSymbol() : sym;
    const decl = target?.getDeclarations()[0];
    if (Node.isFunctionDeclaration(decl)) return decl;
    if (Node.isVariableDeclaration(decl)) {
      if (decl.getVariableStatement()?.getDeclarationKind() !== VariableDeclarationKind.Const)
        throw new LowerError(
          'FE_MUTABLE_CAPTURE',
          n,
          `\`${n.getText()}\` is not a const`,
          'declare the function with const',
        );
      const init = decl.getInitializer();
      const f = init === undefined ? undefined : skipParens(init);
      if (f !== undefined && (Node.isArrowFunction(f) || Node.isFunctionExpression(f))) return f;
    }
  }
  throw new LowerError(
    'FE_RULE_SHAPE',
    node,
    'each, check and message must be functions written in the rule language',
    'write an arrow function inline, e.g. check: (c, { spec }) => …',
  );
}

function lowerRuleFunction(lowerer: ExprLowerer, fn: RuleFunction, role: Role): Expr {
  checkFunctionShape(fn);
  const ps = fn.getParameters();
  const max = role === 'each' ? 1 : 2;
  if (ps.length > max)
    throw new LowerError(
      'FE_RULE_SHAPE',
      ps[max]!,
      `${role} takes at most ${max} parameter(s)`,
      role === 'each' ? 'each: (ctx) => …' : `${role}: (element, ctx) => …`,
    );
  const scope = Scope.root().child();
  const ctxParam = role === 'each' ? ps[0] : ps[1];
  const elementParam = role === 'each' ? undefined : ps[0];
  if (elementParam !== undefined) {
    const nameNode = elementParam.getNameNode();
    if (Node.isIdentifier(nameNode))
      scope.bind(symbolOf(nameNode), { kind: 'expr', expr: ir.ref('element') });
    else bindPattern(lowerer, nameNode, ir.ref('element'), scope);
  }
  if (ctxParam !== undefined) bindPseudo(lowerer, ctxParam.getNameNode(), { kind: 'ctx' }, scope);
  const body = fn.getBody();
  if (body === undefined)
    throw new LowerError('FE_RULE_SHAPE', fn, `${role} has no body`, 'write the function body');
  return lowerBody(lowerer, body, scope, role === 'check' ? 'bool' : 'value');
}
