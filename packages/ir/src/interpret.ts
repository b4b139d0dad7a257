/**
 * The IR interpreter: the reference semantics of the Rule IR (docs/ir.md).
 *
 * Modelled on cel-es: `planRule` prepares a rule once (compiles its regular expressions),
 * `evaluateRuleIR` / `evaluatePlan` run it on one manifest, `evaluateExpr` runs one
 * expression. None of them throws: a malformed IR yields an error *value* that carries the
 * node that failed, and a rule whose evaluation fails reports the object as failing (fail
 * closed), exactly like the native engine does when a rule function throws.
 *
 * Target matching, null normalisation, root binding and element pointers are the native
 * engine's own (`targetApplies`, `normalizeManifest`, `bindTarget`), so the interpreter and
 * `evaluateRule` can only differ in what the IR and the rule's functions compute.
 */

import type { CallNode } from './nodes/call.ts';
import type { CompareOp } from './nodes/compare.ts';
import { type Expr, unhandled } from './nodes/expr.ts';
import type { LookupNode } from './nodes/lookup.ts';
import type { TruthyNode } from './nodes/truthy.ts';
import type { RuleIR } from './rule-ir.ts';
import { bindTarget, resolveParams, type Violation } from './semantics/bind.ts';
import { booleanFlag, flagValue, flagValues } from './semantics/flags.ts';
import { imageDigest, imageRegistry, imageTag } from './semantics/image.ts';
import { imageMatches, imageReference } from './semantics/image-reference.ts';
import { labelSelectorMatches } from './semantics/label-selector.ts';
import { normalizeManifest } from './semantics/normalize.ts';
import { needsObjectSetMessage, type ObjectSet } from './semantics/object-set.ts';
import { POD_SPEC_LOCATIONS, type PodSpecLocation, targetApplies } from './semantics/targets.ts';
import { textAfter } from './semantics/text-after.ts';

/**
 * An IR value: a JSON value (never `null`: normalisation drops it, and the interpreter
 * reads a stray `null` as absent) or `undefined`, the absent value.
 */
export type IrValue =
  | string
  | number
  | boolean
  | undefined
  | readonly IrValue[]
  | { readonly [key: string]: IrValue };

/** An evaluation error, as a value: what went wrong and the node where it happened. */
export interface IrEvalError {
  readonly message: string;
  readonly node: Expr;
}

/** The outcome of evaluating one expression. */
export type EvalOutcome =
  | { readonly ok: true; readonly value: IrValue }
  | { readonly ok: false; readonly error: IrEvalError };

/** Bindings an expression is evaluated in: root and local names, and parameter values. */
export interface EvalEnv {
  readonly bindings: Readonly<Record<string, unknown>>;
  readonly params?: Readonly<Record<string, unknown>>;
  /**
   * The object set `lookup` nodes read ("the cluster"). Omitted: a `lookup` is an error
   * outcome (the rule needs the whole set), never an empty list.
   */
  readonly objects?: ObjectSet;
}

/** A rule prepared for evaluation: its IR and its compiled regular expressions. */
export interface RulePlan {
  readonly ir: RuleIR;
  /** Pattern → compiled RegExp, or the SyntaxError message for an invalid pattern. */
  readonly regexes: ReadonlyMap<string, RegExp | string>;
}

/** What `evaluateRuleIR` returns: the shape of the native engine's `EvaluateResult`. */
export interface IrEvaluateResult {
  readonly applies: boolean;
  readonly violations: readonly Violation[];
  /** Evaluation errors (malformed IR only: well-formed IR is total). Each fails the object. */
  readonly errors: readonly IrEvalError[];
}

class ErrorValue {
  constructor(readonly error: IrEvalError) {}
}

type Result = unknown | ErrorValue;

const isErr = (v: unknown): v is ErrorValue => v instanceof ErrorValue;

const fail = (node: Expr, message: string): ErrorValue => new ErrorValue({ message, node });

function isMap(v: unknown): v is Readonly<Record<string, unknown>> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `null` (possible only inside lists of a schema-invalid manifest) reads as absent. */
function norm(v: unknown): unknown {
  return v === null ? undefined : v;
}

/** A canonical array index ("0", "17", not "01"): JavaScript orders such keys first. */
function isArrayIndexKey(key: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 4294967295;
}

/**
 * The keys of a map in IR order: canonical array-index keys in ascending numeric order,
 * then every other key in ascending UTF-16 code-unit order. This is what JavaScript's
 * `Object.keys` returns for a map normalised by `normalizeManifest` (docs/ir.md).
 */
export function orderedKeys(map: Readonly<Record<string, unknown>>): string[] {
  const keys = Object.keys(map);
  const index = keys.filter(isArrayIndexKey).sort((a, b) => Number(a) - Number(b));
  const other = keys
    .filter((k) => !isArrayIndexKey(k))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...index, ...other];
}

function isScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** IR strict equality: scalars by value (as `===`), absent equals absent, lists/maps never equal. */
function strictEquals(a: unknown, b: unknown): boolean {
  const x = norm(a);
  const y = norm(b);
  if (x === undefined || y === undefined) return x === y;
  return isScalar(x) && isScalar(y) && x === y;
}

function compareValues(op: CompareOp, a: unknown, b: unknown): boolean {
  switch (op) {
    case 'eq':
      return strictEquals(a, b);
    case 'ne':
      return !strictEquals(a, b);
    default: {
      const bothNumbers = typeof a === 'number' && typeof b === 'number';
      const bothStrings = typeof a === 'string' && typeof b === 'string';
      if (!bothNumbers && !bothStrings) return false;
      const x = a as number | string;
      const y = b as number | string;
      if (op === 'lt') return x < y;
      if (op === 'le') return x <= y;
      if (op === 'gt') return x > y;
      return x >= y;
    }
  }
}

function truthyAs(as: TruthyNode['as'], v: unknown): boolean {
  switch (as) {
    case 'boolean':
      return v === true;
    case 'string':
      return typeof v === 'string' && v.length > 0;
    case 'number':
      return typeof v === 'number' && v !== 0 && !Number.isNaN(v);
    case 'object':
      return isMap(v);
    case 'list':
      return Array.isArray(v);
  }
}

/** String conversion of a concat part, as JavaScript's `String(v)` (absent → "undefined"). */
function toText(v: unknown): string {
  return String(norm(v));
}

function listOr(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

function callHelper(node: CallNode, args: readonly unknown[]): Result {
  const [a] = args;
  switch (node.helper) {
    case 'allContainers': {
      if (args.length !== 1) return fail(node, 'allContainers takes one argument');
      if (!isMap(a)) return [];
      return [
        ...listOr(a.containers),
        ...listOr(a.initContainers),
        ...listOr(a.ephemeralContainers),
      ];
    }
    case 'imageRegistry':
    case 'imageTag':
    case 'imageDigest': {
      if (args.length !== 1) return fail(node, `${node.helper} takes one argument`);
      if (typeof a !== 'string') return undefined;
      if (node.helper === 'imageRegistry') return imageRegistry(a);
      if (node.helper === 'imageTag') return imageTag(a);
      return imageDigest(a);
    }
    case 'flagValue':
    case 'flagValues':
    case 'booleanFlag': {
      const name = args[1];
      if (args.length !== 2 || typeof name !== 'string')
        return fail(node, `${node.helper} takes a container and a flag name`);
      if (node.helper === 'flagValue') return flagValue(a, name);
      if (node.helper === 'flagValues') return flagValues(a, name);
      return booleanFlag(a, name);
    }
    case 'imageReference':
      if (args.length !== 1) return fail(node, 'imageReference takes one argument');
      return typeof a === 'string' ? imageReference(a) : undefined;
    case 'textAfter':
      if (args.length !== 2) return fail(node, 'textAfter takes two arguments');
      return typeof a === 'string' && typeof args[1] === 'string'
        ? textAfter(a, args[1])
        : undefined;
    case 'labelSelectorMatches':
      if (args.length !== 2) return fail(node, 'labelSelectorMatches takes two arguments');
      return labelSelectorMatches(a, args[1]);
    case 'imageMatches':
      if (args.length !== 2) return fail(node, 'imageMatches takes two arguments');
      return typeof a === 'string' && Array.isArray(args[1]) ? imageMatches(a, args[1]) : false;
    default:
      return fail(node, `unknown helper "${(node as { helper: string }).helper}"`);
  }
}

/** A local environment: a parent chain of bindings (comprehension variables and lets). */
interface Scope {
  readonly name: string;
  readonly value: unknown;
  readonly parent: Scope | undefined;
}

class Evaluator {
  constructor(
    private readonly roots: Readonly<Record<string, unknown>>,
    private readonly params: Readonly<Record<string, unknown>>,
    private readonly regexes: Map<string, RegExp | string>,
    private readonly objects: ObjectSet | undefined,
  ) {}

  private list(node: LookupNode, scope: Scope | undefined): Result {
    const filter = (e: Expr | undefined): Result =>
      e === undefined ? undefined : this.eval(e, scope);
    const namespace = filter(node.namespace);
    if (isErr(namespace)) return namespace;
    const name = filter(node.name);
    if (isErr(name)) return name;
    if (this.objects === undefined)
      return fail(node, needsObjectSetMessage(node.apiVersion, node.resourceKind));
    // A filter whose value is not a string selects nothing (the contract's empty list).
    if (node.namespace !== undefined && typeof namespace !== 'string') return [];
    if (node.name !== undefined && typeof name !== 'string') return [];
    return this.objects.list(
      node.apiVersion,
      node.resourceKind,
      namespace as string | undefined,
      name as string | undefined,
    );
  }

  private lookup(name: string, scope: Scope | undefined): { found: boolean; value: unknown } {
    for (let s = scope; s !== undefined; s = s.parent) {
      if (s.name === name) return { found: true, value: s.value };
    }
    if (Object.hasOwn(this.roots, name)) return { found: true, value: this.roots[name] };
    return { found: false, value: undefined };
  }

  private regex(pattern: string): RegExp | string {
    let re = this.regexes.get(pattern);
    if (re === undefined) {
      re = compileRegex(pattern);
      this.regexes.set(pattern, re);
    }
    return re;
  }

  eval(node: Expr, scope: Scope | undefined): Result {
    switch (node.kind) {
      case 'literal':
        return node.value;
      case 'absent':
        return undefined;
      case 'list': {
        const out: unknown[] = [];
        for (const item of node.items) {
          const v = this.eval(item, scope);
          if (isErr(v)) return v;
          out.push(v);
        }
        return out;
      }
      case 'ref': {
        const { found, value } = this.lookup(node.name, scope);
        return found ? norm(value) : fail(node, `unbound name "${node.name}"`);
      }
      case 'param':
        return Object.hasOwn(this.params, node.name)
          ? norm(this.params[node.name])
          : fail(node, `unknown parameter "${node.name}"`);
      case 'get': {
        const o = this.eval(node.object, scope);
        if (isErr(o)) return o;
        return isMap(o) && Object.hasOwn(o, node.key) ? norm(o[node.key]) : undefined;
      }
      case 'index': {
        const o = this.eval(node.object, scope);
        if (isErr(o)) return o;
        const k = this.eval(node.key, scope);
        if (isErr(k)) return k;
        if (isMap(o) && typeof k === 'string') return Object.hasOwn(o, k) ? norm(o[k]) : undefined;
        if (Array.isArray(o) && typeof k === 'number' && Number.isInteger(k) && k >= 0) {
          return k < o.length ? norm(o[k]) : undefined;
        }
        return undefined;
      }
      case 'coalesce': {
        const l = this.eval(node.left, scope);
        if (isErr(l)) return l;
        return l !== undefined ? l : this.eval(node.right, scope);
      }
      case 'compare': {
        const l = this.eval(node.left, scope);
        if (isErr(l)) return l;
        const r = this.eval(node.right, scope);
        if (isErr(r)) return r;
        return compareValues(node.op, l, r);
      }
      case 'logical': {
        // Left to right with short circuit, as `&&`/`||`: a later operand's error is
        // not reached once the result is known.
        const stopOn = node.op === 'or';
        for (const operand of node.operands) {
          const v = this.eval(operand, scope);
          if (isErr(v)) return v;
          if ((v === true) === stopOn) return stopOn;
        }
        return !stopOn;
      }
      case 'not': {
        const v = this.eval(node.operand, scope);
        if (isErr(v)) return v;
        return v !== true;
      }
      case 'truthy': {
        const v = this.eval(node.operand, scope);
        if (isErr(v)) return v;
        return truthyAs(node.as, v);
      }
      case 'cond': {
        const t = this.eval(node.test, scope);
        if (isErr(t)) return t;
        return this.eval(t === true ? node.then : node.otherwise, scope);
      }
      case 'concat': {
        let out = '';
        for (const part of node.parts) {
          const v = this.eval(part, scope);
          if (isErr(v)) return v;
          out += toText(v);
        }
        return out;
      }
      case 'listConcat': {
        const out: unknown[] = [];
        for (const part of node.lists) {
          const v = this.eval(part, scope);
          if (isErr(v)) return v;
          if (Array.isArray(v)) out.push(...v);
        }
        return out;
      }
      case 'comprehension': {
        const l = this.eval(node.list, scope);
        if (isErr(l)) return l;
        const items = listOr(l);
        const out: unknown[] = [];
        for (const raw of items) {
          const item = norm(raw);
          const v = this.eval(node.body, { name: node.variable, value: item, parent: scope });
          if (isErr(v)) return v;
          switch (node.op) {
            case 'every':
              if (v !== true) return false;
              break;
            case 'some':
              if (v === true) return true;
              break;
            case 'filter':
              if (v === true) out.push(item);
              break;
            case 'map':
              out.push(v);
              break;
            case 'flatMap':
              if (Array.isArray(v)) out.push(...v);
              break;
          }
        }
        if (node.op === 'every') return true;
        if (node.op === 'some') return false;
        return out;
      }
      case 'listIncludes': {
        const l = this.eval(node.list, scope);
        if (isErr(l)) return l;
        const v = this.eval(node.value, scope);
        if (isErr(v)) return v;
        return Array.isArray(l) && l.some((item) => strictEquals(item, v));
      }
      case 'length': {
        const v = this.eval(node.operand, scope);
        if (isErr(v)) return v;
        return Array.isArray(v) || typeof v === 'string' ? v.length : undefined;
      }
      case 'stringTest': {
        const s = this.eval(node.subject, scope);
        if (isErr(s)) return s;
        const a = this.eval(node.argument, scope);
        if (isErr(a)) return a;
        if (typeof s !== 'string' || typeof a !== 'string') return false;
        if (node.op === 'startsWith') return s.startsWith(a);
        if (node.op === 'endsWith') return s.endsWith(a);
        return s.includes(a);
      }
      case 'regexTest': {
        const re = this.regex(node.pattern);
        if (typeof re === 'string') return fail(node, `invalid regular expression: ${re}`);
        const s = this.eval(node.subject, scope);
        if (isErr(s)) return s;
        return typeof s === 'string' && re.test(s);
      }
      case 'objectView': {
        const o = this.eval(node.object, scope);
        if (isErr(o)) return o;
        if (!isMap(o)) return [];
        const keys = orderedKeys(o);
        if (node.op === 'keys') return keys;
        if (node.op === 'values') return keys.map((k) => o[k]);
        return keys.map((k) => [k, o[k]]);
      }
      case 'call': {
        const args: unknown[] = [];
        for (const arg of node.args) {
          const v = this.eval(arg, scope);
          if (isErr(v)) return v;
          args.push(v);
        }
        return callHelper(node, args);
      }
      case 'let': {
        const v = this.eval(node.value, scope);
        if (isErr(v)) return v;
        return this.eval(node.body, { name: node.name, value: v, parent: scope });
      }
      case 'lookup':
        return this.list(node, scope);
      default:
        return fail(node, `unknown node kind "${String(unhandled(node).kind)}"`);
    }
  }
}

/** Compiles an IR regular expression (no flags, as a JavaScript literal without flags). */
function compileRegex(pattern: string): RegExp | string {
  try {
    return new RegExp(pattern);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function outcome(v: Result): EvalOutcome {
  return isErr(v) ? { ok: false, error: v.error } : { ok: true, value: v as IrValue };
}

function guarded(node: Expr, run: () => Result): Result {
  try {
    return run();
  } catch (error) {
    // Unreachable for well-formed IR; a malformed tree (e.g. a missing child, a cycle deep
    // enough to overflow the stack) still yields a value instead of an exception.
    return fail(node, `internal error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Evaluates one expression in `env`. Never throws: an unbound name, an unknown parameter,
 * an invalid regular expression or a malformed node is returned as `{ ok: false, error }`.
 */
export function evaluateExpr(expr: Expr, env: EvalEnv): EvalOutcome {
  const evaluator = new Evaluator(env.bindings, env.params ?? {}, new Map(), env.objects);
  return outcome(guarded(expr, () => evaluator.eval(expr, undefined)));
}

/** Prepares a rule for repeated evaluation: compiles every regular expression once. */
export function planRule(ir: RuleIR): RulePlan {
  const regexes = new Map<string, RegExp | string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isMap(v)) {
      if (v.kind === 'regexTest' && typeof v.pattern === 'string' && !regexes.has(v.pattern)) {
        regexes.set(v.pattern, compileRegex(v.pattern));
      }
      for (const key of Object.keys(v)) if (key !== 'span') walk(v[key]);
    }
  };
  walk([ir.each, ir.check, ir.message]);
  return Object.freeze({ ir, regexes });
}

/**
 * Evaluates a rule's IR on one manifest object with parameter overrides (defaults from the
 * rule's `params`). Produces what the native `evaluateRule` produces for the rule the IR
 * was lowered from: same `applies`, same violations (message and element pointer) in the
 * same order. Never throws; an evaluation error fails the object (one violation at the
 * root) and is returned in `errors` with the node that failed. `locations` is the pod spec
 * table of the project (default the built-in kinds; see `podSpecLocationsOf`). `objects` is
 * the object set `lookup` nodes read; a referential rule evaluated without one fails the
 * object with an error (docs/ir.md, "Cross-object rules").
 */
export function evaluateRuleIR(
  ir: RuleIR | RulePlan,
  object: unknown,
  paramOverrides: Readonly<Record<string, unknown>> = {},
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
  objects?: ObjectSet,
): IrEvaluateResult {
  const plan = 'regexes' in ir ? ir : planRule(ir);
  return evaluatePlan(plan, object, paramOverrides, locations, objects);
}

function evaluatePlan(
  plan: RulePlan,
  object: unknown,
  paramOverrides: Readonly<Record<string, unknown>>,
  locations: readonly PodSpecLocation[],
  objects: ObjectSet | undefined,
): IrEvaluateResult {
  const { ir } = plan;
  if (!targetApplies(ir.target, object, locations))
    return { applies: false, violations: [], errors: [] };
  const { value, pointers } = normalizeManifest(object);
  const params = resolveParams(ir.params, paramOverrides);
  const { ctx, defaultElement, defaultPointer } = bindTarget(
    ir.target,
    value as Record<string, unknown>,
    params,
    locations,
  );
  const roots: Record<string, unknown> = { object: ctx.object, metadata: ctx.metadata };
  if (ir.target.kind === 'podSpec') roots.spec = ctx.spec;
  const evaluator = new Evaluator(roots, params, new Map(plan.regexes), objects);

  const failed = (error: IrEvalError): IrEvaluateResult => ({
    applies: true,
    violations: [
      {
        ruleId: ir.id,
        message: `rule ${ir.id} could not be evaluated: ${error.message}`,
        pointer: '',
      },
    ],
    errors: [error],
  });

  let elements: readonly unknown[];
  if (ir.each === null) {
    elements = [defaultElement];
  } else {
    const each = ir.each;
    const v = guarded(each, () => evaluator.eval(each, undefined));
    if (isErr(v)) return failed(v.error);
    if (!Array.isArray(v)) return failed({ message: '`each` did not yield a list', node: each });
    elements = v;
  }
  const violations: Violation[] = [];
  for (const raw of elements) {
    const element = norm(raw);
    const scope: Scope = { name: 'element', value: element, parent: undefined };
    const passed = guarded(ir.check, () => evaluator.eval(ir.check, scope));
    if (isErr(passed)) return failed(passed.error);
    if (passed === true) continue;
    const message = guarded(ir.message, () => evaluator.eval(ir.message, scope));
    if (isErr(message)) return failed(message.error);
    const pointer =
      element !== null && typeof element === 'object'
        ? (pointers.get(element) ?? defaultPointer)
        : defaultPointer;
    violations.push({ ruleId: ir.id, message: toText(message), pointer });
  }
  return { applies: true, violations, errors: [] };
}
