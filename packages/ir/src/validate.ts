/**
 * Validation of a Rule IR document read as JSON (the catalog's pre-lowered IR, a user's
 * `*.ir.json`): checks the version, every node's shape, that every `ref` is bound in its
 * scope, every `param` is declared, every helper is known with the right arity and every
 * regular expression is in kpc's grammar (regex.ts). Never throws; every problem is a
 * diagnostic whose `pointer` is the JSON Pointer of the offending node inside the document,
 * located (file:line:col) at the nearest node with a span.
 */
import { type Diagnostic, diagnostic } from './diagnostics/diagnostic.ts';
import { toPointer } from './diagnostics/json-pointer.ts';
import { FLAG_HELPERS, FLAG_NAME_PATTERN, HELPER_ARITY } from './nodes/call.ts';
import type { Expr } from './nodes/expr.ts';
import { NODE_SCHEMA, PARAM_NAME } from './nodes/schema.ts';
import { parseRegex } from './regex.ts';
import { IR_VERSION, type RuleIR } from './rule-ir.ts';
import { fitsParamType } from './rule-meta.ts';

/** Result of `validateRuleIR`: the frozen IR when (and only when) there are no errors. */
export interface ValidateRuleIRResult {
  readonly ir?: ValidatedRuleIR;
  readonly diagnostics: readonly Diagnostic[];
}

/** How deep an expression may nest before validation gives up (guards the stack). */
export const MAX_IR_DEPTH = 256;

type Path = readonly (string | number)[];
type Json = Readonly<Record<string, unknown>>;

const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/**
 * An apiVersion as written in manifests, `v1`, `apps/v1`, `networking.k8s.io/v1`,
 * `cilium.io/v2`: an optional DNS group, a version (the shape a `lookup` node's apiVersion has).
 */
export const API_VERSION_PATTERN =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
/** A kind name: an upper-case letter, then letters and digits. */
const KIND_NAME = /^[A-Z][A-Za-z0-9]*$/;
const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

class Validator {
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    private readonly ruleId: string | undefined,
    private readonly params: ReadonlySet<string>,
  ) {}

  /** The source spans of the nodes being checked, innermost last (a problem is located there). */
  private readonly located: { file: string; line: number; column: number }[] = [];

  error(path: Path, message: string, code: 'IR_INVALID' | 'IR_VERSION' = 'IR_INVALID'): void {
    const at = this.located[this.located.length - 1];
    this.diagnostics.push(
      diagnostic({
        code,
        severity: 'error',
        message,
        hint: 'Regenerate the IR from the rule source; IR documents are not edited by hand.',
        ...(this.ruleId !== undefined ? { ruleId: this.ruleId } : {}),
        pointer: toPointer(path),
        ...(at !== undefined ? { location: { ...at } } : {}),
      }),
    );
  }

  span(v: unknown, path: Path): void {
    if (v === undefined) return;
    if (
      !isObj(v) ||
      typeof v.file !== 'string' ||
      !Number.isInteger(v.line) ||
      !Number.isInteger(v.column)
    ) {
      this.error(path, 'span must be { file: string, line: integer, column: integer }');
    }
  }

  expr(v: unknown, path: Path, scope: ReadonlySet<string>, depth: number): void {
    if (depth > MAX_IR_DEPTH) {
      this.error(path, `expression nests deeper than ${MAX_IR_DEPTH} levels`);
      return;
    }
    if (!isObj(v)) {
      this.error(path, 'expected an IR node (an object with a "kind")');
      return;
    }
    const kind = v.kind;
    if (typeof kind !== 'string' || !Object.hasOwn(NODE_SCHEMA, kind)) {
      this.error([...path, 'kind'], `unknown node kind ${JSON.stringify(kind)}`);
      return;
    }
    const fields = NODE_SCHEMA[kind as Expr['kind']];
    for (const key of Object.keys(v)) {
      if (key !== 'kind' && key !== 'span' && !Object.hasOwn(fields, key)) {
        this.error([...path, key], `unexpected field "${key}" on a ${kind} node`);
      }
    }
    this.span(v.span, [...path, 'span']);
    const span = v.span as { file?: unknown; line?: unknown; column?: unknown } | undefined;
    const located =
      isObj(span) &&
      typeof span.file === 'string' &&
      Number.isInteger(span.line) &&
      Number.isInteger(span.column);
    if (located)
      this.located.push({
        file: span.file as string,
        line: span.line as number,
        column: span.column as number,
      });
    try {
      this.fields(v, kind as Expr['kind'], path, scope, depth);
    } finally {
      if (located) this.located.pop();
    }
  }

  private fields(
    v: Json,
    kind: Expr['kind'],
    path: Path,
    scope: ReadonlySet<string>,
    depth: number,
  ): void {
    const fields = NODE_SCHEMA[kind];
    for (const [key, fieldKind] of Object.entries(fields)) {
      const value = v[key];
      const at = [...path, key];
      if (fieldKind === 'expr' || fieldKind === 'expr?') continue; // checked below, with the right scope
      if (fieldKind === 'exprs') {
        if (!Array.isArray(value)) this.error(at, `"${key}" must be a list of IR nodes`);
      } else if (fieldKind === 'string') {
        if (typeof value !== 'string') this.error(at, `"${key}" must be a string`);
      } else if (fieldKind === 'name') {
        if (typeof value !== 'string' || !NAME.test(value))
          this.error(at, `"${key}" must be an identifier`);
      } else if (fieldKind === 'apiVersion') {
        if (typeof value !== 'string' || !API_VERSION_PATTERN.test(value))
          this.error(at, `"${key}" must be an apiVersion like "v1" or "networking.k8s.io/v1"`);
      } else if (fieldKind === 'resourceKind') {
        if (typeof value !== 'string' || !KIND_NAME.test(value))
          this.error(at, `"${key}" must be a kind name like "NetworkPolicy"`);
      } else if (fieldKind === 'scalar') {
        const ok =
          typeof value === 'string' ||
          typeof value === 'boolean' ||
          (typeof value === 'number' && Number.isFinite(value));
        if (!ok) this.error(at, 'a literal is a string, a finite number or a boolean');
      } else if (typeof value !== 'string' || !fieldKind.oneOf.includes(value)) {
        this.error(at, `"${key}" must be one of ${fieldKind.oneOf.join(', ')}`);
      }
    }
    const child = (key: string, s: ReadonlySet<string> = scope) =>
      this.expr(v[key], [...path, key], s, depth + 1);
    const children = (key: string) => {
      const items = v[key];
      if (Array.isArray(items)) {
        items.forEach((item, i) => {
          this.expr(item, [...path, key, i], scope, depth + 1);
        });
      }
    };
    switch (kind as Expr['kind']) {
      case 'ref':
        if (typeof v.name === 'string' && !scope.has(v.name))
          this.error(path, `"${v.name}" is not bound here`);
        return;
      case 'param':
        if (typeof v.name === 'string' && !this.params.has(v.name))
          this.error(path, `parameter "${v.name}" is not declared in params`);
        return;
      case 'regexTest':
        if (typeof v.pattern === 'string') {
          const r = parseRegex(v.pattern);
          if (!r.ok)
            this.error(
              [...path, 'pattern'],
              `regular expression not in kpc's grammar at offset ${r.offset}: ${r.reason} (${r.hint})`,
            );
        }
        child('subject');
        return;
      case 'logical':
        if (Array.isArray(v.operands) && v.operands.length === 0)
          this.error([...path, 'operands'], 'a logical node needs at least one operand');
        children('operands');
        return;
      case 'call': {
        const arity =
          typeof v.helper === 'string'
            ? (HELPER_ARITY as Readonly<Record<string, number>>)[v.helper]
            : undefined;
        if (arity !== undefined && Array.isArray(v.args) && v.args.length !== arity)
          this.error([...path, 'args'], `${String(v.helper)} takes ${arity} argument(s)`);
        if ((FLAG_HELPERS as readonly unknown[]).includes(v.helper) && Array.isArray(v.args)) {
          const n = v.args[1] as { kind?: unknown; value?: unknown } | undefined;
          if (
            n?.kind !== 'literal' ||
            typeof n.value !== 'string' ||
            !FLAG_NAME_PATTERN.test(n.value)
          )
            this.error(
              [...path, 'args', '1'],
              `the flag name of ${String(v.helper)} must be a string literal like "--profiling" (${FLAG_NAME_PATTERN.source})`,
            );
        }
        children('args');
        return;
      }
      case 'comprehension':
      case 'let': {
        const name = kind === 'let' ? v.name : v.variable;
        child(kind === 'let' ? 'value' : 'list');
        const inner = new Set(scope);
        if (typeof name === 'string') inner.add(name);
        child('body', inner);
        return;
      }
      default:
        for (const [key, fieldKind] of Object.entries(fields)) {
          if (fieldKind === 'expr') child(key);
          else if (fieldKind === 'expr?') {
            if (v[key] !== undefined) child(key);
          } else if (fieldKind === 'exprs') children(key);
        }
    }
  }
}

function validateParams(v: unknown, out: Validator): Set<string> {
  const names = new Set<string>();
  if (!isObj(v)) {
    out.error(['params'], 'params must be an object');
    return names;
  }
  for (const [name, spec] of Object.entries(v)) {
    const at = ['params', name];
    names.add(name);
    if (!PARAM_NAME.test(name)) out.error(at, 'parameter names are camelCase');
    if (!isObj(spec)) {
      out.error(at, 'a parameter is { type, description, default }');
      continue;
    }
    if (typeof spec.description !== 'string')
      out.error([...at, 'description'], 'description must be a string');
    const ok = fitsParamType(spec.type, spec.default);
    if (ok === undefined)
      out.error([...at, 'type'], 'type must be string, string[], integer or boolean');
    else if (!ok) out.error([...at, 'default'], `default does not match type ${String(spec.type)}`);
  }
  return names;
}

function validateTarget(v: unknown, out: Validator): 'podSpec' | 'resources' | undefined {
  if (isObj(v) && v.kind === 'podSpec') return 'podSpec';
  if (isObj(v) && v.kind === 'resources' && Array.isArray(v.resources)) {
    if (v.resources.length === 0) out.error(['target', 'resources'], 'no resources listed');
    v.resources.forEach((r, i) => {
      if (
        !isObj(r) ||
        typeof r.group !== 'string' ||
        typeof r.version !== 'string' ||
        typeof r.kind !== 'string' ||
        r.kind === ''
      ) {
        out.error(['target', 'resources', i], 'a resource is { group, version, kind } (strings)');
      }
    });
    return 'resources';
  }
  out.error(
    ['target'],
    'target must be { kind: "podSpec" } or { kind: "resources", resources: [...] }',
  );
  return undefined;
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const item of Object.values(v)) deepFreeze(item);
    Object.freeze(v);
  }
  return v;
}

declare const validatedBrand: unique symbol;

/**
 * A RuleIR that `validateRuleIR` accepted: the only kind of IR a backend takes, so that no
 * lowering ever sees an unchecked tree (a node kind, operator, arity, name or regex the
 * validator refuses).
 */
export type ValidatedRuleIR = RuleIR & { readonly [validatedBrand]: true };

/** The trees `validateRuleIR` returned (frozen, so they stay valid). */
const validatedTrees = new WeakSet<object>();

/** True for an IR that `validateRuleIR` returned: no need to validate it again. */
export function isValidatedRuleIR(ir: RuleIR): ir is ValidatedRuleIR {
  return validatedTrees.has(ir);
}

/**
 * Checks that `json` is a well-formed RuleIR of this IR version. Returns the IR (a frozen
 * copy) only when there is no error. Never throws.
 */
export function validateRuleIR(json: unknown): ValidateRuleIRResult {
  const id = isObj(json) && typeof json.id === 'string' ? json.id : undefined;
  const out = new Validator(id, new Set());
  if (!isObj(json)) {
    out.error([], 'a RuleIR document is a JSON object');
    return { diagnostics: out.diagnostics };
  }
  if (json.irVersion !== IR_VERSION) {
    out.error(
      ['irVersion'],
      `IR version ${JSON.stringify(json.irVersion)} is not supported (expected ${IR_VERSION})`,
      'IR_VERSION',
    );
    return { diagnostics: out.diagnostics };
  }
  for (const key of Object.keys(json)) {
    if (!['irVersion', 'id', 'target', 'params', 'each', 'check', 'message'].includes(key))
      out.error([key], `unexpected field "${key}" in a RuleIR document`);
  }
  if (id === undefined || !RULE_ID.test(id)) out.error(['id'], 'id must be a kebab-case string');
  const target = validateTarget(json.target, out);
  const params = validateParams(json.params, out);
  const v = new Validator(id, params);
  const roots = new Set(['object', 'metadata']);
  if (target !== 'resources') roots.add('spec');
  if (json.each !== null) v.expr(json.each, ['each'], roots, 0);
  const withElement = new Set([...roots, 'element']);
  v.expr(json.check, ['check'], withElement, 0);
  v.expr(json.message, ['message'], withElement, 0);
  const diagnostics = [...out.diagnostics, ...v.diagnostics];
  if (diagnostics.length > 0) return { diagnostics };
  const ir = deepFreeze(structuredClone(json)) as unknown as ValidatedRuleIR;
  validatedTrees.add(ir);
  return { ir, diagnostics };
}
