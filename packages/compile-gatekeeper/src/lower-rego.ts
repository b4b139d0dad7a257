/**
 * IR expression → Rego term. Every lowered term is total: it evaluates to a value for
 * every input (absent is Rego `null`), never to undefined, because each operator is a
 * call of a prelude function (prelude.ts) that ends in an `else` fallback, a built-in that
 * is total on its arguments (`object.get`, `is_object`), or a comparison with a scalar
 * literal (`(x == true)`: Rego's `==` is false between values of different types, which is
 * JavaScript's `===` against a scalar). Three modes:
 *
 * - value: the IR value itself;
 * - tracked: a pair `[value, path]`, where `path` is the location of the value inside
 *   the reviewed object (an array of keys/indexes) or `null` when it is not from the
 *   object; used for `each`, so a violation can name its element with a JSON Pointer
 *   exactly as the native engine does;
 * - list: an array of tracked pairs, the elements of a list-valued expression.
 *
 * Terms are always atomic (a call, literal, variable, array, comprehension or a
 * parenthesised comparison), so a term can be substituted for a `let` name without
 * parentheses.
 *
 * Static types (`typeOf`, from the Kubernetes schema when `CompileRuleInput.schemaTypes` is
 * given: docs/ir.md "Static types from the schema") decide only how a message part is
 * printed and whether `includes` may use Rego's `in`; a verdict never depends on them
 * except through the scalar-comparison forms, which are exact for every input.
 */
import {
  childSchemaType,
  type Expr,
  isListNode,
  joinSchemaTypes,
  kindSchemaType,
  type SchemaType,
  type SchemaTypeData,
  UNKNOWN_TYPE,
  unhandled,
} from '@kpc/ir';
import type { PreludeName } from './prelude.ts';
import { translateRegex } from './regex.ts';
import { escapeFormat, regoString } from './rego-string.ts';

/** How a name is bound while lowering. */
export interface Binding {
  readonly value: string;
  readonly tracked: string;
  readonly list: string;
  /** The value's static type (absent is always possible unless `present`). */
  readonly type: SchemaType;
  /** The value is never absent. */
  readonly present: boolean;
}

export type Env = ReadonlyMap<string, Binding>;

/** Hands out fresh variable names, and knows the parameters' defaults and the schema. */
export class LoweringContext {
  private counter = 0;

  constructor(
    readonly paramDefaults: ReadonlyMap<string, string>,
    readonly paramTypes: ReadonlyMap<string, SchemaType> = new Map(),
    readonly schema?: SchemaTypeData,
  ) {}

  fresh(prefix: string): string {
    this.counter++;
    return `${prefix}${this.counter}`;
  }

  call(name: PreludeName, ...args: string[]): string {
    return `${name}(${args.join(', ')})`;
  }
}

const STRING: SchemaType = Object.freeze({ kind: 'string' });
const BOOLEAN: SchemaType = Object.freeze({ kind: 'boolean' });
const NUMBER: SchemaType = Object.freeze({ kind: 'number' });
const listOf = (element: SchemaType): SchemaType => Object.freeze({ kind: 'list', element });

/** A binding for a plain (untracked) value held in a Rego variable. */
export function valueBinding(
  ctx: LoweringContext,
  value: string,
  type: SchemaType = UNKNOWN_TYPE,
  present = false,
): Binding {
  const tracked = `[${value}, null]`;
  return { value, tracked, list: ctx.call('kpc_t_items', tracked), type, present };
}

/** A binding for a tracked pair held in a Rego variable. */
export function trackedBinding(
  ctx: LoweringContext,
  tracked: string,
  type: SchemaType = UNKNOWN_TYPE,
): Binding {
  return {
    value: `${tracked}[0]`,
    tracked,
    list: ctx.call('kpc_t_items', tracked),
    type,
    present: false,
  };
}

function literalText(value: string | number | boolean): string {
  if (typeof value === 'string') return regoString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Finite numbers only (checked up front). JSON number syntax is Rego number syntax.
  return JSON.stringify(value);
}

function lookup(env: Env, name: string): Binding {
  const b = env.get(name);
  // The capability check rejects unbound names before lowering starts.
  if (b === undefined) throw new Error(`internal: unbound name ${name}`);
  return b;
}

/** The keys of a chain of `get`s, and the expression the chain starts from. */
function getChain(e: Expr): { base: Expr; keys: string[] } {
  const keys: string[] = [];
  let x = e;
  while (x.kind === 'get') {
    keys.unshift(x.key);
    x = x.object;
  }
  return { base: x, keys };
}

/** `"k"` for one key, `["a", "b"]` for a path: kpc_get and object.get read both. */
function keyPath(keys: readonly string[], asList: boolean): string {
  if (keys.length === 1 && !asList) return regoString(keys[0]!);
  return `[${keys.map(regoString).join(', ')}]`;
}

/** A literal scalar (or absent): `===` with it is Rego's `==`. */
function scalarLiteral(e: Expr, env: Env, ctx: LoweringContext): string | undefined {
  if (e.kind === 'literal') return literalText(e.value);
  if (e.kind === 'absent') return 'null';
  if (e.kind === 'let') {
    const inner = new Map(env);
    inner.set(e.name, bindLet(e.value, env, ctx));
    return scalarLiteral(e.body, inner, ctx);
  }
  return undefined;
}

/** IR nodes whose value is always `true` or `false` (their lowered terms are booleans). */
export function isBooleanNode(e: Expr): boolean {
  switch (e.kind) {
    case 'compare':
    case 'logical':
    case 'not':
    case 'truthy':
    case 'listIncludes':
    case 'stringTest':
    case 'regexTest':
      return true;
    case 'comprehension':
      return e.op === 'every' || e.op === 'some';
    case 'call':
      return e.helper === 'imageMatches' || e.helper === 'labelSelectorMatches';
    case 'literal':
      return typeof e.value === 'boolean';
    case 'let':
      return isBooleanNode(e.body);
    default:
      return false;
  }
}

/** The static type of `e`'s value (absent always possible). */
export function typeOf(e: Expr, env: Env, ctx: LoweringContext): SchemaType {
  const t = (x: Expr) => typeOf(x, env, ctx);
  const data = ctx.schema;
  switch (e.kind) {
    case 'literal':
      return typeof e.value === 'string' ? STRING : typeof e.value === 'number' ? NUMBER : BOOLEAN;
    case 'ref':
      return lookup(env, e.name).type;
    case 'param':
      return ctx.paramTypes.get(e.name) ?? UNKNOWN_TYPE;
    case 'get':
      return childSchemaType(data, t(e.object), { key: e.key });
    case 'index':
      if (e.key.kind === 'literal' && typeof e.key.value === 'number')
        return childSchemaType(data, t(e.object), 'element');
      if (e.key.kind === 'literal' && typeof e.key.value === 'string')
        return childSchemaType(data, t(e.object), { key: e.key.value });
      return UNKNOWN_TYPE;
    case 'coalesce':
      return joinTypes(e.left, e.right, env, ctx);
    case 'cond':
      return joinTypes(e.then, e.otherwise, env, ctx);
    case 'list':
      return e.items.length === 0 ? UNKNOWN_TYPE : listOf(e.items.map(t).reduce(joinSchemaTypes));
    case 'concat':
      return STRING;
    case 'length':
      return NUMBER;
    case 'listConcat':
      return e.lists.length === 0 ? UNKNOWN_TYPE : e.lists.map(t).reduce(joinSchemaTypes);
    case 'comprehension':
      switch (e.op) {
        case 'every':
        case 'some':
          return BOOLEAN;
        case 'filter':
          return t(e.list);
        case 'map':
        case 'flatMap': {
          const inner = new Map(env);
          const element = childSchemaType(data, t(e.list), 'element');
          inner.set(e.variable, valueBinding(ctx, '_', element));
          const body = typeOf(e.body, inner, ctx);
          return e.op === 'map' ? listOf(body) : body.kind === 'list' ? body : UNKNOWN_TYPE;
        }
      }
      return UNKNOWN_TYPE;
    case 'objectView':
      if (e.op === 'keys') return listOf(STRING);
      if (e.op === 'values') return listOf(childSchemaType(data, t(e.object), 'value'));
      return UNKNOWN_TYPE;
    case 'call':
      switch (e.helper) {
        case 'allContainers': {
          const spec = t(e.args[0]!);
          const lists = ['containers', 'initContainers', 'ephemeralContainers'].map((key) =>
            childSchemaType(data, spec, { key }),
          );
          return lists.reduce(joinSchemaTypes);
        }
        case 'imageRegistry':
        case 'imageTag':
        case 'imageDigest':
        case 'imageReference':
        case 'textAfter':
        case 'flagValue':
          return STRING;
        case 'flagValues':
          return listOf(STRING);
        default:
          return isBooleanNode(e) ? BOOLEAN : UNKNOWN_TYPE;
      }
    case 'let': {
      const inner = new Map(env);
      inner.set(e.name, bindLet(e.value, env, ctx));
      return typeOf(e.body, inner, ctx);
    }
    case 'lookup': {
      // The synced objects of that kind, as the API server stored them.
      const slash = e.apiVersion.indexOf('/');
      const group = slash < 0 ? '' : e.apiVersion.slice(0, slash);
      const version = e.apiVersion.slice(slash + 1);
      return listOf(kindSchemaType(data, { group, version, kind: e.resourceKind }));
    }
    default:
      return isBooleanNode(e) ? BOOLEAN : UNKNOWN_TYPE;
  }
}

/** The type of a value that is `a` or `b`; an empty list literal (`?? []`) is any list. */
function joinTypes(a: Expr, b: Expr, env: Env, ctx: LoweringContext): SchemaType {
  const empty = (x: Expr) => x.kind === 'list' && x.items.length === 0;
  const ta = typeOf(a, env, ctx);
  const tb = typeOf(b, env, ctx);
  if (empty(b) && ta.kind === 'list') return ta;
  if (empty(a) && tb.kind === 'list') return tb;
  return joinSchemaTypes(ta, tb);
}

/** Whether `e` is never absent (null). */
export function isPresent(e: Expr, env: Env, ctx: LoweringContext): boolean {
  const p = (x: Expr) => isPresent(x, env, ctx);
  switch (e.kind) {
    case 'literal':
    case 'list':
    case 'concat':
    case 'listConcat':
    case 'comprehension':
    case 'objectView':
    case 'param':
    case 'lookup':
      return true;
    case 'ref':
      return lookup(env, e.name).present;
    case 'coalesce':
      return p(e.right) || p(e.left);
    case 'cond':
      return p(e.then) && p(e.otherwise);
    case 'call':
      switch (e.helper) {
        case 'allContainers':
        case 'flagValues':
          return true;
        case 'imageRegistry':
          // A string always has a registry; any other value gives absent.
          return isString(e.args[0]!, env, ctx);
        default:
          return isBooleanNode(e);
      }
    case 'let': {
      const inner = new Map(env);
      inner.set(e.name, bindLet(e.value, env, ctx));
      return isPresent(e.body, inner, ctx);
    }
    default:
      return isBooleanNode(e);
  }
}

/** Whether `e` is always a string (never absent): a message part printed as it is. */
export function isString(e: Expr, env: Env, ctx: LoweringContext): boolean {
  return isPresent(e, env, ctx) && typeOf(e, env, ctx).kind === 'string';
}

/** Whether `e` is a scalar or absent (never a list or map) by its node or static type. */
function isScalar(e: Expr, env: Env, ctx: LoweringContext): boolean {
  if (scalarLiteral(e, env, ctx) !== undefined || isBooleanNode(e)) return true;
  const k = typeOf(e, env, ctx).kind;
  return k === 'string' || k === 'number' || k === 'boolean';
}

/**
 * Whether the lowered term of `e` is an array for every input (not only for schema-valid
 * ones): a list literal or a computed list, or a `string[]` parameter (the API server checks
 * the constraint's parameters against their schema).
 */
function isArrayTerm(e: Expr, ctx: LoweringContext): boolean {
  return isListNode(e) || (e.kind === 'param' && ctx.paramTypes.get(e.name)?.kind === 'list');
}

const ORDERING = { lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

/**
 * Whether the lowered term of `e` is a number for every input: a number literal, or an
 * `integer` parameter (its default is a number, and the API server checks the constraint's
 * parameters against their schema, as for `isArrayTerm`).
 */
function isNumberTerm(e: Expr, ctx: LoweringContext): boolean {
  if (e.kind === 'literal') return typeof e.value === 'number';
  return e.kind === 'param' && ctx.paramTypes.get(e.name)?.kind === 'number';
}

/** Lowers `e` to a Rego term for its value. */
export function lowerValue(e: Expr, env: Env, ctx: LoweringContext): string {
  const v = (x: Expr) => lowerValue(x, env, ctx);
  switch (e.kind) {
    case 'literal':
      return literalText(e.value);
    case 'absent':
      return 'null';
    case 'list':
      return `[${e.items.map(v).join(', ')}]`;
    case 'ref':
      return lookup(env, e.name).value;
    case 'param': {
      const d = ctx.paramDefaults.get(e.name) ?? 'null';
      // The constraint's parameters, or the default when they or the name are absent (the
      // path gives the default as soon as a step is missing or not a map).
      return `object.get(input, ["parameters", ${regoString(e.name)}], ${d})`;
    }
    case 'get': {
      const { base, keys } = getChain(e);
      return ctx.call('kpc_get', v(base), keyPath(keys, false));
    }
    case 'index':
      return ctx.call('kpc_index', v(e.object), v(e.key));
    case 'coalesce':
      return ctx.call('kpc_coalesce', v(e.left), v(e.right));
    case 'compare': {
      if (e.op === 'eq' || e.op === 'ne') {
        // `===` against a scalar literal is Rego's `==`: false between different types.
        const op = e.op === 'eq' ? '==' : '!=';
        const r = scalarLiteral(e.right, env, ctx);
        if (r !== undefined) return `(${v(e.left)} ${op} ${r})`;
        const l = scalarLiteral(e.left, env, ctx);
        if (l !== undefined) return `(${l} ${op} ${v(e.right)})`;
        const eq = ctx.call('kpc_eq', v(e.left), v(e.right));
        return e.op === 'eq' ? eq : `(${eq} == false)`;
      }
      // Between two numbers for every input, Rego's ordering is JavaScript's.
      if (isNumberTerm(e.left, ctx) && isNumberTerm(e.right, ctx))
        return `(${v(e.left)} ${ORDERING[e.op]} ${v(e.right)})`;
      return ctx.call(`kpc_${e.op}` as PreludeName, v(e.left), v(e.right));
    }
    case 'logical':
      return ctx.call(e.op === 'and' ? 'kpc_and' : 'kpc_or', `[${e.operands.map(v).join(', ')}]`);
    case 'not':
      return `(${v(e.operand)} != true)`;
    case 'truthy':
      switch (e.as) {
        case 'boolean':
          return `(${v(e.operand)} == true)`;
        case 'object':
          return `is_object(${v(e.operand)})`;
        case 'list':
          return `is_array(${v(e.operand)})`;
        case 'string':
          return ctx.call('kpc_truthy_string', v(e.operand));
        case 'number':
          return ctx.call('kpc_truthy_number', v(e.operand));
      }
      break;
    case 'cond':
      return ctx.call('kpc_cond', v(e.test), v(e.then), v(e.otherwise));
    case 'concat':
      return lowerConcat(e.parts, env, ctx);
    case 'listConcat':
      return ctx.call(
        'kpc_flatten',
        `[${e.lists.map((l) => ctx.call('kpc_list', v(l))).join(', ')}]`,
      );
    case 'comprehension': {
      const x = ctx.fresh('x');
      const inner = new Map(env);
      const element = childSchemaType(ctx.schema, typeOf(e.list, env, ctx), 'element');
      inner.set(e.variable, valueBinding(ctx, x, element));
      const body = lowerValue(e.body, inner, ctx);
      const source = ctx.call('kpc_list', v(e.list));
      switch (e.op) {
        case 'every':
          return ctx.call('kpc_and', `[${body} | some ${x} in ${source}]`);
        case 'some':
          return ctx.call('kpc_or', `[${body} | some ${x} in ${source}]`);
        case 'filter':
          return `[${x} | some ${x} in ${source}; ${body} == true]`;
        case 'map':
          return `[${body} | some ${x} in ${source}]`;
        case 'flatMap': {
          const y = ctx.fresh('y');
          return `[${y} | some ${x} in ${source}; some ${y} in ${ctx.call('kpc_list', body)}]`;
        }
      }
      break;
    }
    case 'listIncludes':
      // For a scalar (or absent) value, JavaScript's `includes` with `===` is Rego's `in`.
      if (!isScalar(e.value, env, ctx)) return ctx.call('kpc_list_includes', v(e.list), v(e.value));
      return isArrayTerm(e.list, ctx)
        ? `(${v(e.value)} in ${v(e.list)})`
        : `(${v(e.value)} in ${ctx.call('kpc_list', v(e.list))})`;
    case 'length':
      return ctx.call('kpc_length', v(e.operand));
    case 'stringTest': {
      const fn = {
        startsWith: 'kpc_starts_with',
        endsWith: 'kpc_ends_with',
        includes: 'kpc_contains',
      } as const;
      return ctx.call(fn[e.op], v(e.subject), v(e.argument));
    }
    case 'regexTest': {
      const t = translateRegex(e.pattern);
      // Untranslatable patterns are rejected up front (capabilities.ts).
      if (!t.ok) throw new Error(`internal: regex ${e.pattern}: ${t.reason}`);
      return ctx.call('kpc_regex_test', regoString(t.pattern), v(e.subject));
    }
    case 'objectView':
      return ctx.call(`kpc_${e.op}` as PreludeName, v(e.object));
    case 'call':
      switch (e.helper) {
        case 'allContainers':
          return ctx.call('kpc_all_containers', v(e.args[0]!));
        case 'imageRegistry':
          return ctx.call('kpc_image_registry', v(e.args[0]!));
        case 'imageTag':
          return ctx.call('kpc_image_tag', v(e.args[0]!));
        case 'imageDigest':
          return ctx.call('kpc_image_digest', v(e.args[0]!));
        case 'flagValue':
          return ctx.call('kpc_flag_value', v(e.args[0]!), v(e.args[1]!));
        case 'flagValues':
          return ctx.call('kpc_flag_values', v(e.args[0]!), v(e.args[1]!));
        case 'booleanFlag':
          return ctx.call('kpc_boolean_flag', v(e.args[0]!), v(e.args[1]!));
        case 'imageReference':
          return ctx.call('kpc_image_reference', v(e.args[0]!));
        case 'textAfter':
          return ctx.call('kpc_text_after', v(e.args[0]!), v(e.args[1]!));
        case 'imageMatches':
          return ctx.call('kpc_image_matches', v(e.args[0]!), v(e.args[1]!));
        case 'labelSelectorMatches':
          return ctx.call('kpc_label_selector_matches', v(e.args[0]!), v(e.args[1]!));
      }
      break;
    case 'let': {
      const inner = new Map(env);
      inner.set(e.name, bindLet(e.value, env, ctx));
      return lowerValue(e.body, inner, ctx);
    }
    case 'lookup': {
      // A filter is [] when not given, [value] when given: a given filter whose value is
      // not a string (absent included) matches nothing, as in the IR.
      const filter = (x: Expr | undefined) => (x === undefined ? '[]' : `[${v(x)}]`);
      return ctx.call(
        'kpc_lookup',
        regoString(e.apiVersion),
        regoString(e.resourceKind),
        filter(e.namespace),
        filter(e.name),
      );
    }
    default:
      throw new Error(`internal: no value lowering for ${String(unhandled(e).kind)}`);
  }
  throw new Error(`internal: no value lowering for ${e.kind}`);
}

function bindLet(value: Expr, env: Env, ctx: LoweringContext): Binding {
  return {
    value: lowerValue(value, env, ctx),
    tracked: lowerTracked(value, env, ctx),
    list: lowerList(value, env, ctx),
    type: typeOf(value, env, ctx),
    present: isPresent(value, env, ctx),
  };
}

/**
 * A message: literal parts go into a `sprintf` format string (with `%` doubled). A part
 * that is always a string is printed as it is; a string that may be absent prints
 * `undefined` when it is, as JavaScript does; a number or boolean (or absent) is turned into
 * its JavaScript string form by `kpc_scalar_str`, any other part by `kpc_str`.
 */
export function lowerConcat(parts: readonly Expr[], env: Env, ctx: LoweringContext): string {
  let format = '';
  const args: string[] = [];
  for (const p of parts) {
    if (p.kind === 'literal' && typeof p.value === 'string') {
      format += escapeFormat(p.value);
      continue;
    }
    format += '%s';
    const term = lowerValue(p, env, ctx);
    const kind = typeOf(p, env, ctx).kind;
    if (isString(p, env, ctx)) args.push(term);
    else if (kind === 'string') args.push(ctx.call('kpc_coalesce', term, '"undefined"'));
    // A scalar (or absent) needs String() of scalars only, not the list printing.
    else if (kind === 'number' || kind === 'boolean') args.push(ctx.call('kpc_scalar_str', term));
    else args.push(ctx.call('kpc_str', term));
  }
  return `sprintf(${regoString(format)}, [${args.join(', ')}])`;
}

/** Lowers `e` to a tracked pair `[value, path]`. */
export function lowerTracked(e: Expr, env: Env, ctx: LoweringContext): string {
  const t = (x: Expr) => lowerTracked(x, env, ctx);
  const v = (x: Expr) => lowerValue(x, env, ctx);
  switch (e.kind) {
    case 'ref':
      return lookup(env, e.name).tracked;
    case 'get': {
      const { base, keys } = getChain(e);
      return ctx.call('kpc_t_get', t(base), keyPath(keys, true));
    }
    case 'index':
      return ctx.call('kpc_t_index', t(e.object), lowerList(e.object, env, ctx), v(e.key));
    case 'coalesce':
      return ctx.call('kpc_t_coalesce', t(e.left), t(e.right));
    case 'cond':
      return ctx.call('kpc_cond', v(e.test), t(e.then), t(e.otherwise));
    case 'let': {
      const inner = new Map(env);
      inner.set(e.name, bindLet(e.value, env, ctx));
      return lowerTracked(e.body, inner, ctx);
    }
    default:
      return `[${v(e)}, null]`;
  }
}

/** Lowers a list-valued `e` to an array of tracked pairs, one per element, in order. */
export function lowerList(e: Expr, env: Env, ctx: LoweringContext): string {
  const l = (x: Expr) => lowerList(x, env, ctx);
  const v = (x: Expr) => lowerValue(x, env, ctx);
  switch (e.kind) {
    case 'ref':
      return lookup(env, e.name).list;
    case 'list':
      return `[${e.items.map((i) => lowerTracked(i, env, ctx)).join(', ')}]`;
    case 'listConcat':
      return ctx.call('kpc_flatten', `[${e.lists.map(l).join(', ')}]`);
    case 'coalesce':
      return ctx.call('kpc_cond', ctx.call('kpc_present', v(e.left)), l(e.left), l(e.right));
    case 'cond':
      return ctx.call('kpc_cond', v(e.test), l(e.then), l(e.otherwise));
    case 'let': {
      const inner = new Map(env);
      inner.set(e.name, bindLet(e.value, env, ctx));
      return lowerList(e.body, inner, ctx);
    }
    case 'comprehension': {
      if (e.op === 'every' || e.op === 'some') return '[]';
      const x = ctx.fresh('t');
      const inner = new Map(env);
      const element = childSchemaType(ctx.schema, typeOf(e.list, env, ctx), 'element');
      inner.set(e.variable, trackedBinding(ctx, x, element));
      const source = l(e.list);
      switch (e.op) {
        case 'filter':
          return `[${x} | some ${x} in ${source}; ${lowerValue(e.body, inner, ctx)} == true]`;
        case 'map':
          return `[${lowerTracked(e.body, inner, ctx)} | some ${x} in ${source}]`;
        case 'flatMap':
          return ctx.call(
            'kpc_flatten',
            `[${lowerList(e.body, inner, ctx)} | some ${x} in ${source}]`,
          );
      }
      break;
    }
    case 'objectView':
      if (e.op === 'values') return ctx.call('kpc_t_values', lowerTracked(e.object, env, ctx));
      break;
    case 'call':
      if (e.helper === 'allContainers') {
        const spec = lowerTracked(e.args[0]!, env, ctx);
        // The pod spec root's containers have their own definition (prelude kpc_containers).
        return spec === 'kpc_spec_t' ? 'kpc_containers' : ctx.call('kpc_t_containers', spec);
      }
      break;
    default:
      break;
  }
  return ctx.call('kpc_t_items', lowerTracked(e, env, ctx));
}
