/**
 * The CEL backend's capability check: which IR constructs lower to CEL with exactly the
 * IR's meaning. Runs over the whole rule before anything is emitted, so an unsupported
 * construct is a diagnostic naming the rule and the construct, never a weaker policy.
 */
import {
  type Expr,
  type ExprKind,
  forEachChild,
  HELPER_ARITY,
  isListNode,
  PARAM_NAME,
  type RuleIR,
  type Span,
} from '@kpc/ir';

/** The node type of kind `K`. */
type ExprOf<K extends ExprKind> = Extract<Expr, { readonly kind: K }>;

import { hasLoneSurrogate } from './literal.ts';
import { translateRegex } from './regex.ts';

/** One construct the CEL lowering refuses. */
export interface CelUnsupported {
  /** The IR construct, e.g. `comprehension flatMap`, `regexTest /\s+/`. */
  readonly construct: string;
  readonly reason: string;
  readonly span?: Span;
}

/** Where an expression sits, for the few constructs whose support depends on it. */
type Position = 'any' | 'orderInsensitive';

/** Checks a whole rule; an empty result means `lowerRule` will produce exact CEL. */
export function checkCelCapabilities(
  ir: RuleIR,
  options: { readonly lookups?: boolean } = {},
): CelUnsupported[] {
  const out: CelUnsupported[] = [];
  const add = (node: Expr, construct: string, reason: string): void => {
    out.push({ construct, reason, ...(node.span ? { span: node.span } : {}) });
  };
  for (const [name, spec] of Object.entries(ir.params)) {
    if (!PARAM_NAME.test(name))
      out.push({
        construct: `parameter ${name}`,
        reason: 'parameter names must be camelCase identifiers',
      });
    const values = Array.isArray(spec.default) ? spec.default : [spec.default];
    for (const v of values)
      if (typeof v === 'string' && hasLoneSurrogate(v))
        out.push({
          construct: `parameter ${name}`,
          reason: 'a lone UTF-16 surrogate cannot be written in CEL',
        });
  }

  // What CEL cannot say exactly, per node kind (exhaustive: a new kind must decide here).
  const none = (): void => {};
  const checks: {
    readonly [K in ExprKind]: (node: ExprOf<K>, pos: Position, env: Env) => void;
  } = {
    literal: (node) => {
      if (typeof node.value === 'string' && hasLoneSurrogate(node.value))
        add(node, 'string literal', 'a lone UTF-16 surrogate cannot be written in CEL');
      if (typeof node.value === 'number' && !Number.isFinite(node.value))
        add(node, 'number literal', 'CEL has no literal for a non-finite number');
    },
    absent: none,
    ref: none,
    param: (node) => {
      if (!Object.hasOwn(ir.params, node.name))
        add(node, `parameter ${node.name}`, 'the parameter is not declared by the rule');
    },
    list: none,
    get: none,
    index: none,
    coalesce: none,
    compare: (node) => {
      if (node.op !== 'eq' && node.op !== 'ne' && !orderingIsExact(node.left, node.right, ir))
        add(
          node,
          `compare ${node.op}`,
          'ordering two values that may both be strings: JavaScript compares UTF-16 code units, CEL compares code points; compare against a number, a length, an integer parameter, or an ASCII string literal',
        );
    },
    logical: none,
    not: none,
    truthy: none,
    length: (node, _pos, env) => {
      if (!isListTyped(node.operand, ir, env))
        add(
          node,
          'length of a value that may be a string',
          'JavaScript counts UTF-16 code units, CEL size() counts code points; kpc lowers length only of values that are lists (list expressions, `x ?? []`, list-typed Kubernetes fields)',
        );
    },
    cond: none,
    concat: none,
    listConcat: none,
    comprehension: (node) => {
      if (node.op === 'flatMap')
        add(
          node,
          'comprehension flatMap',
          'CEL has no flatten in every Kyverno version; flatMap is supported only as the rule `each` (one level)',
        );
    },
    listIncludes: none,
    stringTest: none,
    regexTest: (node) => {
      const t = translateRegex(node.pattern);
      if (!t.ok) add(node, `regexTest /${node.pattern}/`, t.reason);
    },
    objectView: (node, pos) => {
      if (pos !== 'orderInsensitive')
        add(
          node,
          `objectView ${node.op}`,
          'CEL iterates map keys in no defined order; use Object.keys/values/entries only inside every/some/includes/length',
        );
    },
    call: (node) => {
      if (node.args.length !== HELPER_ARITY[node.helper])
        add(
          node,
          `call ${node.helper}`,
          `helper ${node.helper} takes ${HELPER_ARITY[node.helper]} argument(s)`,
        );
    },
    let: none,
    // Reading other objects needs an engine-specific context (Kyverno `resource.List`); the
    // shared CEL lowering has none, so a referential rule is refused here until a backend
    // provides one (docs/ir.md, "Cross-object rules").
    // Reading other objects needs an engine context: Kyverno's `resource.List` (ValidatingPolicy).
    // Elsewhere (VAP, a ClusterPolicy's validate.cel) there is none, so the rule is refused.
    // The API server's list order is not the IR's (namespace, name) order, so a lookup without
    // a name (at most one object) is accepted only where order cannot show.
    lookup: (node, pos) => {
      if (options.lookups !== true)
        add(
          node,
          `lookup ${node.apiVersion} ${node.resourceKind}`,
          'this CEL lowering cannot read other objects of the cluster',
        );
      else if (node.name === undefined && pos !== 'orderInsensitive')
        add(
          node,
          `lookup ${node.apiVersion} ${node.resourceKind}`,
          "resource.List returns the API server's order, not kpc's (namespace, name) order; use the list only inside some/every/includes/length (or look one object up by name)",
        );
    },
  };
  const walk = (node: Expr, pos: Position = 'any', env: Env = new Map()): void => {
    (checks[node.kind] as (n: Expr, p: Position, e: Env) => void)(node, pos, env);
    forEachChild(node, (child, field) => {
      const inner =
        node.kind === 'let' && field === 'body'
          ? new Map(env).set(node.name, { value: node.value, env })
          : node.kind === 'comprehension' && field === 'body'
            ? new Map(env).set(node.variable, undefined)
            : env;
      walk(child, positionOf(node, field, pos), inner);
    });
  };

  if (ir.each !== null) {
    // The order of `each` only orders the violations (and the joined message), never the
    // verdict or the set of offending elements: map views are allowed there.
    for (const seg of eachSegments(ir.each)) {
      if (seg.kind === 'flatMap') {
        walk(seg.list, 'orderInsensitive');
        walk(seg.body, 'orderInsensitive', new Map([[seg.variable, undefined]]));
      } else walk(seg.list, 'orderInsensitive');
    }
  }
  walk(ir.check);
  walk(ir.message);
  return out;
}

/**
 * Where a child sits, given its parent's position: a value whose order cannot show (under
 * every/some/includes/length) stays order-insensitive through the nodes that pass it on
 * (`??`, the branches of `?:`, list concatenation, a `let` body, filter/map), and starts
 * anywhere else as `any`.
 */
function childPosition(node: Expr, field: string, pos: Position): Position {
  switch (node.kind) {
    case 'coalesce':
    case 'listConcat':
      return pos;
    case 'cond':
      return field === 'test' ? 'any' : pos;
    case 'let':
      return field === 'body' ? pos : 'any';
    case 'length':
      return 'orderInsensitive';
    case 'listIncludes':
      return field === 'list' ? 'orderInsensitive' : 'any';
    case 'comprehension':
      if (field !== 'list') return 'any';
      // every/some never depend on order; filter/map keep it, so they inherit the position.
      return node.op === 'every' ||
        node.op === 'some' ||
        (node.op !== 'flatMap' && pos === 'orderInsensitive')
        ? 'orderInsensitive'
        : 'any';
    default:
      return 'any';
  }
}

/**
 * {@link childPosition}, and for the value of a `let`: order-insensitive when every use of
 * the bound name in the body is (`const xs = list(…)` used only in `xs.some(…)` and
 * `xs.length`), else `any`. An unused value cannot show its order either.
 */
function positionOf(node: Expr, field: string, pos: Position): Position {
  if (node.kind === 'let' && field === 'value') return letValuePosition(node, pos);
  return childPosition(node, field, pos);
}

/** `pos`: where the `let` itself sits (its body's value is the let's value). */
function letValuePosition(node: ExprOf<'let'>, pos: Position): Position {
  let insensitive = true;
  const uses = (n: Expr, pos: Position): void => {
    if (!insensitive) return;
    if (n.kind === 'ref') {
      if (n.name === node.name && pos !== 'orderInsensitive') insensitive = false;
      return;
    }
    forEachChild(n, (child, field) => {
      // An inner binding of the same name hides this one in what it scopes over.
      const hidden =
        (n.kind === 'let' && n.name === node.name && field === 'body') ||
        (n.kind === 'comprehension' && n.variable === node.name && field === 'body');
      if (!hidden) uses(child, positionOf(n, field, pos));
    });
  };
  uses(node.body, pos);
  return insensitive ? 'orderInsensitive' : 'any';
}

/** A part of a rule's `each`: a plain list, or one level of `flatMap`. */
export type EachSegment =
  | { readonly kind: 'list'; readonly list: Expr }
  | {
      readonly kind: 'flatMap';
      readonly list: Expr;
      readonly variable: string;
      readonly body: Expr;
    };

/** Splits `each` at its top-level list concatenations into segments. */
export function eachSegments(each: Expr): EachSegment[] {
  if (each.kind === 'listConcat') return each.lists.flatMap(eachSegments);
  if (each.kind === 'comprehension' && each.op === 'flatMap')
    return [{ kind: 'flatMap', list: each.list, variable: each.variable, body: each.body }];
  return [{ kind: 'list', list: each }];
}

function isSafeStringLiteral(n: Expr): boolean {
  // Below U+D800, code-unit order and code-point order agree against any other string.
  return n.kind === 'literal' && typeof n.value === 'string' && !/[\ud800-\uffff]/.test(n.value);
}

/** A number literal, a length, or an integer parameter: never a string. */
function isNumberLike(n: Expr, ir: RuleIR): boolean {
  return (
    (n.kind === 'literal' && typeof n.value === 'number') ||
    n.kind === 'length' ||
    (n.kind === 'param' && ir.params[n.name]?.type === 'integer')
  );
}

function orderingIsExact(a: Expr, b: Expr, ir: RuleIR): boolean {
  return (
    isNumberLike(a, ir) || isNumberLike(b, ir) || isSafeStringLiteral(a) || isSafeStringLiteral(b)
  );
}

/**
 * Kubernetes fields that are lists in every API type that has them (and never strings), so
 * `length` of them is a list length wherever the manifest is schema-valid.
 */
const LIST_FIELDS = new Set([
  'containers',
  'initContainers',
  'ephemeralContainers',
  'volumes',
  'volumeMounts',
  'volumeDevices',
  'ports',
  'env',
  'envFrom',
  'args',
  'command',
  'add',
  'drop',
  'sysctls',
  'tolerations',
  'imagePullSecrets',
  'hostAliases',
  'hostnames',
  'topologySpreadConstraints',
  'readinessGates',
  'schedulingGates',
  'resourceClaims',
  'rules',
  'verbs',
  'apiGroups',
  'resourceNames',
  'nonResourceURLs',
  'subjects',
  'tls',
  'hosts',
  'paths',
  'externalIPs',
  'finalizers',
  'ownerReferences',
  'items',
  'policyTypes',
  'ingress',
  'egress',
]);

/** True when `e` is a list on every schema-valid manifest (or absent). */
/**
 * The names in scope: a `let` name with its value and the scope the value was written in;
 * undefined for a comprehension's element (nothing is known of it).
 */
type Env = ReadonlyMap<string, { readonly value: Expr; readonly env: Env } | undefined>;

function isListTyped(e: Expr, ir: RuleIR, env: Env = new Map()): boolean {
  switch (e.kind) {
    case 'ref': {
      // A `let` name is what it is bound to (`const xs = Object.entries(m)`), judged in the
      // scope the value was written in.
      const bound = env.get(e.name);
      return bound !== undefined && isListTyped(bound.value, ir, bound.env);
    }
    case 'coalesce':
      return isListTyped(e.right, ir, env) || isListTyped(e.left, ir, env);
    case 'cond':
      return isListTyped(e.then, ir, env) && isListTyped(e.otherwise, ir, env);
    case 'let':
      return isListTyped(e.body, ir, new Map(env).set(e.name, { value: e.value, env }));
    case 'get':
      return LIST_FIELDS.has(e.key);
    case 'param':
      return ir.params[e.name]?.type === 'string[]';
    default:
      return isListNode(e);
  }
}
