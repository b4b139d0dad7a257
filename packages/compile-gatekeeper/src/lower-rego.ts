/**
 * IR expression → Rego term. Every lowered term is total: it evaluates to a value for
 * every input (absent is Rego `null`), never to undefined, because each operator is a
 * call of a prelude function (prelude.ts) that ends in an `else` fallback. Three modes:
 *
 * - value: the IR value itself;
 * - tracked: a pair `[value, path]`, where `path` is the location of the value inside
 *   the reviewed object (an array of keys/indexes) or `null` when it is not from the
 *   object; used for `each`, so a violation can name its element with a JSON Pointer
 *   exactly as the native engine does;
 * - list: an array of tracked pairs, the elements of a list-valued expression.
 *
 * Terms are always atomic (a call, literal, variable, array or comprehension), so a
 * term can be substituted for a `let` name without parentheses.
 */
import { type Expr, unhandled } from '@kpc/ir';
import type { PreludeName } from './prelude.ts';
import { translateRegex } from './regex.ts';
import { escapeFormat, regoString } from './rego-string.ts';

/** How a name is bound while lowering. */
export interface Binding {
  readonly value: string;
  readonly tracked: string;
  readonly list: string;
}

export type Env = ReadonlyMap<string, Binding>;

/** Collects prelude functions the lowered terms call, and hands out fresh variable names. */
export class LoweringContext {
  readonly used = new Set<PreludeName>();
  private counter = 0;

  constructor(readonly paramDefaults: ReadonlyMap<string, string>) {}

  fresh(prefix: string): string {
    this.counter++;
    return `${prefix}${this.counter}`;
  }

  call(name: PreludeName, ...args: string[]): string {
    this.used.add(name);
    return `${name}(${args.join(', ')})`;
  }
}

/** A binding for a plain (untracked) value held in a Rego variable. */
export function valueBinding(ctx: LoweringContext, value: string): Binding {
  const tracked = `[${value}, null]`;
  return { value, tracked, list: ctx.call('kpc_t_items', tracked) };
}

/** A binding for a tracked pair held in a Rego variable. */
export function trackedBinding(ctx: LoweringContext, tracked: string): Binding {
  return { value: `${tracked}[0]`, tracked, list: ctx.call('kpc_t_items', tracked) };
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
      ctx.used.add('kpc_params');
      return `object.get(kpc_params, ${regoString(e.name)}, ${d})`;
    }
    case 'get':
      return ctx.call('kpc_get', v(e.object), regoString(e.key));
    case 'index':
      return ctx.call('kpc_index', v(e.object), v(e.key));
    case 'coalesce':
      return ctx.call('kpc_coalesce', v(e.left), v(e.right));
    case 'compare':
      return ctx.call(`kpc_${e.op}` as PreludeName, v(e.left), v(e.right));
    case 'logical':
      return ctx.call(e.op === 'and' ? 'kpc_and' : 'kpc_or', `[${e.operands.map(v).join(', ')}]`);
    case 'not':
      return ctx.call('kpc_not', v(e.operand));
    case 'truthy':
      return ctx.call(`kpc_truthy_${e.as}` as PreludeName, v(e.operand));
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
      inner.set(e.variable, valueBinding(ctx, x));
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
      return ctx.call('kpc_list_includes', v(e.list), v(e.value));
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
  };
}

/**
 * A message: literal parts go into a `sprintf` format string (with `%` doubled), every
 * other part is turned into its JavaScript string form by `kpc_str` and printed with `%s`.
 */
export function lowerConcat(parts: readonly Expr[], env: Env, ctx: LoweringContext): string {
  let format = '';
  const args: string[] = [];
  for (const p of parts) {
    if (p.kind === 'literal' && typeof p.value === 'string') format += escapeFormat(p.value);
    else {
      format += '%s';
      args.push(ctx.call('kpc_str', lowerValue(p, env, ctx)));
    }
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
    case 'get':
      return ctx.call('kpc_t_get', t(e.object), regoString(e.key));
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
      inner.set(e.variable, trackedBinding(ctx, x));
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
        const field = (f: string) =>
          ctx.call('kpc_t_items', ctx.call('kpc_t_get', spec, regoString(f)));
        return ctx.call(
          'kpc_flatten',
          `[${field('containers')}, ${field('initContainers')}, ${field('ephemeralContainers')}]`,
        );
      }
      break;
    default:
      break;
  }
  return ctx.call('kpc_t_items', lowerTracked(e, env, ctx));
}
