/**
 * IR → CEL expression lowering. Every IR value becomes a CEL value of type `dyn`, with
 * `null` standing for "absent" (a missing field and an explicit null are the same in kpc,
 * as in the API server's decoding). Every field access, index, comparison and function call
 * is guarded by the type it needs, so evaluating the output never raises a CEL error on any
 * JSON input: an error can never be what decides a verdict (Kyverno treats a CEL error in a
 * ClusterPolicy as a failure and in a ValidatingPolicy as an error result).
 *
 * Constructs that cannot be lowered exactly are refused up front by `checkCelCapabilities`;
 * `lowerExpr` assumes the check passed.
 */
import {
  type CallNode,
  type ComprehensionNode,
  childSchemaType,
  type Expr,
  type ExprVisitor,
  FALSE_SPELLINGS,
  FLAG_HELPERS,
  FLAG_SEPARATOR,
  ir,
  joinSchemaTypes,
  kindSchemaType,
  type LiteralNode,
  labelSelectorMatchesExpr,
  parseApiVersion,
  type SchemaType,
  type SchemaTypeData,
  TRUE_SPELLINGS,
  visit,
} from '@kpc/ir';
import { hasTopLevel } from './format.ts';
import { celImageMatches, celImageReference } from './image-reference.ts';
import { celNumber, celString, isSafeVariableName, isSelectableField } from './literal.ts';
import { translateRegex } from './regex.ts';
import { shareRepeatedCall } from './shared-calls.ts';

/** What the lowering knows statically about a CEL value. `dyn` may be anything, or null. */
export type CelKind = 'map' | 'list' | 'string' | 'bool' | 'number' | 'null' | 'dyn';

/**
 * What cel-go's checker may know about a value beyond its kind. The engines type variables
 * by inference (a parameter holding `["a", "b"]` is a `list(string)`) and fold type
 * conversions of constants when a program is built, so guarded code must not see either:
 * `constant` text is a literal (a conversion such as `double("x")` in an unreachable branch
 * would fail when the API server builds the program); `typedList` text may be a list whose
 * elements cel-go types statically (e.g. `list(string)`), so its elements are not `dyn`.
 */
export interface CelTyping {
  readonly constant?: boolean;
  readonly typedList?: boolean;
}

/**
 * What the Kubernetes schema says of a value (docs/ir.md, "Static types from the schema"):
 * absent (CEL `null` or a missing key), or a value of this static type. Unlike the kind it
 * never excludes null, so a typed value still needs its null check, but no type guard.
 */
export interface CelSchemaTyping {
  readonly schema?: SchemaType;
}

/** A lowered expression: CEL text and its static kind. `simple` text may be repeated freely. */
export interface CelExpr extends CelTyping, CelSchemaTyping {
  readonly text: string;
  readonly kind: CelKind;
  readonly simple: boolean;
  /**
   * For a plain comparison `(l == r)` or `(l != r)`: its operands and operator, so that its
   * negation is the other operator.
   */
  readonly equality?: readonly [string, '==' | '!=', string];
  /**
   * For a path read `b.?k1.?k2.orValue(null)`: the plain selection `b.k1.k2`, which is the
   * same value wherever the read is known not to be null (every step then exists).
   */
  readonly plain?: string;
  /** For `a && b && …` (or `||`) of plain comparisons: the comparisons, so that `!` can distribute. */
  readonly comparisons?: { readonly op: '&&' | '||'; readonly parts: readonly CelExpr[] };
}

/** A name in scope: the CEL text it lowers to and its static kind. */
export interface CelBinding extends CelTyping, CelSchemaTyping {
  readonly text: string;
  readonly kind: CelKind;
}

/**
 * The resource (plural) name the cluster serves a kind under, for Kyverno's
 * `resource.List(apiVersion, resource, namespace)`; see docs/backends/kyverno.md.
 */
export type ResourceNameOf = (apiVersion: string, kind: string) => string;

/** The environment of a lowering: roots and `let`/comprehension names, and parameter texts. */
export interface CelScope {
  readonly names: ReadonlyMap<string, CelBinding>;
  /** CEL text of each parameter (e.g. `variables.paramAllowed`), with its kind. */
  readonly params: ReadonlyMap<string, CelBinding>;
  /**
   * Present when the engine has Kyverno's resource library: `lookup` lowers to
   * `resource.List`. Absent (VAP, ClusterPolicy): the capability check refuses lookups.
   */
  readonly resources?: ResourceNameOf;
  /** The structure map the static types of `schema` refer to; absent: nothing is typed. */
  readonly types?: SchemaTypeData;
}

/** Fresh-name source for bindings; one per rule so names are deterministic. */
export class NameSource {
  private next = 0;
  fresh(): string {
    return `kpc${this.next++}`;
  }
}

function paren(text: string): string {
  return `(${text})`;
}

function expr(
  text: string,
  kind: CelKind,
  simple = false,
  typing: CelTyping & CelSchemaTyping = {},
): CelExpr {
  return { text, kind, simple, ...typing };
}

/** The typing a binding or expression carries on (constness, typed lists, schema type). */
function typingOf(e: CelTyping & CelSchemaTyping): CelTyping & CelSchemaTyping {
  const t: { constant?: boolean; typedList?: boolean; schema?: SchemaType } = {};
  if (e.constant) t.constant = true;
  if (e.typedList) t.typedList = true;
  if (e.schema !== undefined) t.schema = e.schema;
  return t;
}

/** `{ schema: t }` when `t` says something, else nothing (an unknown type is not carried). */
export function schemaOf(t: SchemaType | undefined): CelSchemaTyping {
  return t === undefined || t.kind === 'unknown' ? {} : { schema: t };
}

/** True when a value of schema type `t` is null or a map: `.?key` on it is always safe. */
function isMapLike(t: SchemaType | undefined): boolean {
  return t?.kind === 'object' || t?.kind === 'map';
}

/** A list text whose elements cel-go may type statically, as a list of `dyn`. */
export function dynList(e: CelExpr): string {
  return e.typedList ? `dyn(${e.text})` : e.text;
}

const NUM = (t: string): string => `(type(${t}) == int || type(${t}) == double)`;

/** Lowers one IR expression. Assumes `checkCelCapabilities` found nothing to refuse. */
export function lowerExpr(node: Expr, scope: CelScope, names: NameSource): CelExpr {
  const lower = (n: Expr, s: CelScope = scope): CelExpr => lowerExpr(n, s, names);

  /** The schema type one step below `t` (undefined when not known). */
  const below = (
    t: SchemaType | undefined,
    step: Parameters<typeof childSchemaType>[2],
  ): SchemaType | undefined => {
    if (t === undefined) return undefined;
    const c = childSchemaType(scope.types, t, step);
    return c.kind === 'unknown' ? undefined : c;
  };
  /** A list of elements of type `t`, when `t` is known. */
  const listOfType = (t: SchemaType | undefined): CelSchemaTyping =>
    t === undefined ? {} : { schema: { kind: 'list', element: t } };
  /** The union of two known schema types (undefined when either is not known). */
  const join = (a: SchemaType | undefined, b: SchemaType | undefined): CelSchemaTyping =>
    a === undefined || b === undefined ? {} : schemaOf(joinSchemaTypes(a, b));

  /** Runs `body` with a repeatable text for `value`, binding it to a fresh variable if needed. */
  // Guards like `type(x) == string ? x.startsWith(…)` must type-check for every static type
  // (cel-go and cel-js check the whole expression, unreachable branches included), so a
  // scalar of known type is handed to guarded code as `dyn`, and so is a list whose elements
  // may be statically typed. A constant that a guarded conversion cannot convert goes through
  // a list index, which the engines do not fold: `dyn("x")` is folded to the constant and
  // `double(dyn("x"))`, even in a branch never taken, fails when the program is built.
  const guardable = (e: CelExpr): string =>
    e.constant && !isConvertibleNumber(e)
      ? `[dyn(${e.text})][0]`
      : SCALAR_KINDS.has(e.kind) || e.typedList
        ? `dyn(${unparen(e.text)})`
        : e.text;

  /** `t` (the text `bind` gave for `e`) where `e` is known not to be null: its plain read. */
  const known = (e: CelExpr, t: string): string =>
    e.plain !== undefined && e.simple && t === e.text ? e.plain : t;

  const bind = (value: CelExpr, body: (text: string) => CelExpr): CelExpr => {
    if (value.simple) return body(guardable(value));
    const v = names.fresh();
    const inner = body(v);
    return expr(`[${guardable(value)}].map(${v}, ${inner.text})[0]`, inner.kind, false, {
      ...schemaOf(inner.schema),
    });
  };

  /**
   * `bind` for a string argument of the string functions: a simple string text is used as it
   * is (no `dyn(…)`: no guard needs it, and the functions accept a string).
   */
  const bindString = (value: CelExpr, body: (text: string) => CelExpr): CelExpr =>
    value.kind === 'string' && value.simple && !value.constant
      ? body(value.text)
      : bind(value, body);

  const asBool = (e: CelExpr): string =>
    e.kind === 'bool' ? e.text : paren(`${guardable(e)} == true`);

  const listOf = (e: CelExpr): CelExpr => {
    if (e.kind === 'list') return e;
    if (e.kind !== 'dyn') return expr('[]', 'list', true);
    const typed = e.schema?.kind === 'list' ? { schema: e.schema } : {};
    return bind(e, (t) =>
      expr(paren(`type(${t}) == list ? ${known(e, t)} : []`), 'list', false, typed),
    );
  };

  const withScope = (name: string, binding: CelBinding): CelScope => {
    const m = new Map(scope.names);
    m.set(name, binding);
    return { ...scope, names: m };
  };

  const varName = (irName: string): string => (isSafeVariableName(irName) ? irName : names.fresh());

  const selector = (key: string): string =>
    isSelectableField(key) ? `.?${key}` : `[?${celString(key)}]`;

  /**
   * `base.k1.….kn` with a type guard on the base and every intermediate value, except where
   * the schema types the value as an object or a map: then it is null or a map, and `.?k` on
   * null yields none in cel-go and cel-js (a string key on a list is what would be an error).
   */
  const path = (base: CelExpr, keys: readonly string[]): CelExpr =>
    bind(base, (b) => {
      const guards: string[] = [];
      let t = base.schema;
      if (base.kind !== 'map' && !isMapLike(t)) guards.push(`type(${b}) == map`);
      let sel = b;
      keys.forEach((k, i) => {
        sel += selector(k);
        t = below(t, { key: k });
        if (i < keys.length - 1 && !isMapLike(t)) guards.push(`type(${sel}.orValue({})) == map`);
      });
      // `m[?k]` on a dyn value types its element by the default, `null` (null_type): the
      // default is declared dyn so that the value compares with other types.
      const result = `${sel}.orValue(${sel.endsWith(']') ? 'dyn(null)' : 'null'})`;
      const typed = schemaOf(t);
      // Without guards the text is a plain optional chain: cheap and safe to repeat.
      if (guards.length === 0) {
        const plain =
          b + keys.map((k) => (isSelectableField(k) ? `.${k}` : `[${celString(k)}]`)).join('');
        return { ...expr(result, 'dyn', true, typed), plain };
      }
      return expr(paren(`${guards.join(' && ')} ? ${result} : null`), 'dyn', false, typed);
    });

  const eq = (a: CelExpr, b: CelExpr, aNode: Expr, bNode: Expr): CelExpr => {
    const la = aNode.kind === 'literal' || aNode.kind === 'absent';
    const lb = bNode.kind === 'literal' || bNode.kind === 'absent';
    if (la && lb) return expr(String(literalEquals(aNode, bNode)), 'bool', true);
    if (la) return eq(b, a, bNode, aNode);
    if (lb) {
      if (bNode.kind === 'absent') return equality(guardable(a), 'null');
      const v = (bNode as LiteralNode).value;
      // A schema number is null or a number (int or double): CEL's equality across numeric
      // types compares the values, and null equals no number.
      if (typeof v === 'number' && a.schema?.kind === 'number' && a.kind === 'dyn')
        return equality(a.text, celDouble(v));
      if (typeof v === 'number')
        return bind(a, (t) => expr(paren(`${NUM(t)} && double(${t}) == ${celDouble(v)}`), 'bool'));
      // Heterogeneous equality: a string or bool never equals a value of another type.
      if (a.kind === 'dyn' || a.kind === typeof v || (a.kind === 'bool' && typeof v === 'boolean'))
        return equality(a.text, b.text);
      // A value of another static type never equals the literal (strict equality).
      return equality(guardable(a), b.text);
    }
    return bind(a, (x) =>
      bind(b, (y) =>
        expr(
          paren(
            `${NUM(x)} && ${NUM(y)} ? double(${x}) == double(${y}) : ` +
              `type(${x}) == type(${y}) && type(${x}) != map && type(${x}) != list && ${x} == ${y}`,
          ),
          'bool',
        ),
      ),
    );
  };

  const toStringPart = (n: Expr, e: CelExpr): string => {
    if (e.kind === 'string') return e.text;
    if (n.kind === 'literal') return celString(String(n.value));
    if (n.kind === 'absent') return celString('undefined');
    // A schema string is null or a string: String(undefined) is "undefined".
    if (e.schema?.kind === 'string' && e.kind === 'dyn')
      return bind(e, (t) => expr(paren(`${t} != null ? ${known(e, t)} : "undefined"`), 'string'))
        .text;
    return bind(e, (t) =>
      expr(
        paren(
          // An integral double (every number under kyverno test) prints through int():
          // cel-go prints doubles with %g, e.g. 1e+06 where JavaScript prints 1000000.
          `type(${t}) == string ? ${t} : type(${t}) == double && ${t} >= -9.0e15 && ${t} <= 9.0e15 && ` +
            `${t} == double(int(${t})) ? string(int(${t})) : ${NUM(t)} || type(${t}) == bool ? string(${t}) : ` +
            `type(${t}) == map ? "[object Object]" : "undefined"`,
        ),
        'string',
      ),
    ).text;
  };

  const visitor: ExprVisitor<CelExpr> = {
    literal: (n) => {
      const constant = { constant: true };
      if (typeof n.value === 'string') return expr(celString(n.value), 'string', true, constant);
      if (typeof n.value === 'number') return expr(celNumber(n.value), 'number', true, constant);
      return expr(String(n.value), 'bool', true, constant);
    },
    absent: () => expr('null', 'null', true, { constant: true }),
    list: (n) => expr(`[${n.items.map((i) => `dyn(${lower(i).text})`).join(', ')}]`, 'list'),
    ref: (n) => {
      const b = scope.names.get(n.name);
      if (b === undefined) throw new Error(`unbound name ${n.name}`);
      return expr(b.text, b.kind, true, typingOf(b));
    },
    param: (n) => {
      const b = scope.params.get(n.name);
      if (b === undefined) throw new Error(`unknown parameter ${n.name}`);
      return expr(b.text, b.kind, true, typingOf(b));
    },
    get: (n) => {
      const keys: string[] = [n.key];
      let base: Expr = n.object;
      while (base.kind === 'get') {
        keys.unshift(base.key);
        base = base.object;
      }
      return path(lower(base), keys);
    },
    index: (n) => {
      const o = lower(n.object);
      if (n.key.kind === 'literal' && typeof n.key.value === 'string')
        return path(o, [n.key.value]);
      const k = lower(n.key);
      return bind(o, (ot) =>
        bind(k, (kt) =>
          expr(
            paren(
              `type(${ot}) == map ? (type(${kt}) == string ? ${ot}[?${kt}].orValue(dyn(null)) : null) : ` +
                `type(${ot}) == list && ${NUM(kt)} && double(${kt}) >= 0.0 && ` +
                `double(${kt}) < double(size(${ot})) && double(${kt}) == double(int(${kt})) ? ` +
                `${ot}[int(${kt})] : null`,
            ),
            'dyn',
          ),
        ),
      );
    },
    coalesce: (n) => {
      const l = lower(n.left);
      const r = lower(n.right);
      // `x ?? d` of a schema-typed x and a d of x's own type: a value of that type, not null.
      const own =
        l.schema === undefined || l.kind !== 'dyn' ? undefined : SCHEMA_KINDS[l.schema.kind];
      if (own !== undefined && own === r.kind)
        return bind(l, (t) =>
          expr(paren(`${t} != null ? ${known(l, t)} : ${r.text}`), own, false, {
            ...join(l.schema, r.schema ?? l.schema),
            typedList: Boolean(r.typedList),
          }),
        );
      return bind(l, (t) => {
        const same = l.kind === r.kind;
        const rt = same ? r.text : `dyn(${r.text})`;
        const lt = same ? known(l, t) : `dyn(${known(l, t)})`;
        return expr(paren(`${t} != null ? ${lt} : ${rt}`), same ? l.kind : 'dyn', false, {
          typedList: Boolean(l.typedList || r.typedList),
          ...join(l.schema, r.schema),
        });
      });
    },
    compare: (n) => {
      // `imageDigest(i) == undefined` (or `!=`): the digest is there exactly when the string
      // has an '@' (splitImage), and absent when `i` is not a string.
      const digestOf = (x: Expr, y: Expr) =>
        x.kind === 'call' &&
        x.helper === 'imageDigest' &&
        x.args.length === 1 &&
        y.kind === 'absent'
          ? x.args[0]
          : undefined;
      const digestArg = digestOf(n.left, n.right) ?? digestOf(n.right, n.left);
      if (digestArg !== undefined && (n.op === 'eq' || n.op === 'ne')) {
        const i = lower(digestArg);
        const has = bindString(i, (t) =>
          expr(paren(`${ifString(i, t, '&&')}${t}.contains("@")`), 'bool'),
        );
        return n.op === 'ne' ? has : expr(`!${has.text}`, 'bool');
      }
      const a = lower(n.left);
      const b = lower(n.right);
      if (n.op === 'eq') return eq(a, b, n.left, n.right);
      if (n.op === 'ne') return negated(eq(a, b, n.left, n.right));
      const op = { lt: '<', le: '<=', gt: '>', ge: '>=' }[n.op];
      const numeric = isNumberLike(n.left) || isNumberLike(n.right);
      // Numbers on both sides (a number, or a schema number, which is null or a number):
      // only the nulls need a test.
      const known = (e: CelExpr, t: string): string[] | undefined =>
        e.kind === 'number'
          ? []
          : e.kind === 'dyn' && e.schema?.kind === 'number'
            ? [`${t} != null`]
            : undefined;
      return bind(a, (x) =>
        bind(b, (y) => {
          const kx = known(a, x);
          const ky = known(b, y);
          if (kx !== undefined && ky !== undefined)
            return expr(
              paren([...kx, ...ky, `double(${x}) ${op} double(${y})`].join(' && ')),
              'bool',
            );
          const nums = `${NUM(x)} && ${NUM(y)} && double(${x}) ${op} double(${y})`;
          const strs = `type(${x}) == string && type(${y}) == string && ${x} ${op} ${y}`;
          return expr(
            paren(
              numeric ? nums : `${NUM(x)} && ${NUM(y)} ? double(${x}) ${op} double(${y}) : ${strs}`,
            ),
            'bool',
          );
        }),
      );
    },
    logical: (n) => {
      if (n.operands.length === 0) return expr(n.op === 'and' ? 'true' : 'false', 'bool', true);
      const shared = shareRepeatedCall(n);
      if (shared !== undefined) return lower(shared);
      const lowered = n.operands.map((o) => lower(o));
      const op = n.op === 'and' ? '&&' : '||';
      // A comparison binds tighter than `&&` and `||`: its parentheses go.
      // An operand that binds tighter than `op` needs no parentheses of its own.
      const looser = op === '&&' ? [' ? ', ' : ', ' || '] : [' ? ', ' : '];
      const parts = lowered.map((e) => {
        const t = asBool(e);
        const u = unparen(t);
        return u !== t && !hasTopLevel(u, looser) ? u : t;
      });
      const all = lowered.every((e) => e.kind === 'bool' && e.equality !== undefined);
      return {
        ...expr(paren(parts.join(` ${op} `)), 'bool'),
        ...(all ? { comparisons: { op, parts: lowered } } : {}),
      };
    },
    not: (n) => {
      const operand = lower(n.operand);
      return operand.kind === 'bool' ? negated(operand) : expr(`!${asBool(operand)}`, 'bool');
    },
    truthy: (n) => {
      const x = lower(n.operand);
      switch (n.as) {
        case 'boolean':
          return expr(asBool(x), 'bool');
        case 'string':
          return x.kind === 'string'
            ? expr(paren(`${x.text} != ""`), 'bool')
            : bind(x, (t) => expr(paren(`type(${t}) == string && ${t} != ""`), 'bool'));
        case 'number':
          return bind(x, (t) => expr(paren(`${NUM(t)} && double(${t}) != 0.0`), 'bool'));
        case 'object':
          return expr(paren(`type(${guardable(x)}) == map`), 'bool');
        case 'list':
          return expr(paren(`type(${guardable(x)}) == list`), 'bool');
      }
    },
    cond: (n) => {
      const shared = shareRepeatedCall(n);
      if (shared !== undefined) return lower(shared);
      const t = lower(n.then);
      const o = lower(n.otherwise);
      const same = t.kind === o.kind && t.kind !== 'null';
      const tt = same ? t.text : `dyn(${t.text})`;
      const ot = same ? o.text : `dyn(${o.text})`;
      // The ternary binds loosest: its test needs no parentheses of its own.
      return expr(
        paren(`${unparen(asBool(lower(n.test)))} ? ${tt} : ${ot}`),
        same ? t.kind : 'dyn',
        false,
        {
          typedList: Boolean(t.typedList || o.typedList),
          ...join(t.schema, o.schema),
        },
      );
    },
    concat: (n) => {
      if (n.parts.length === 0) return expr('""', 'string', true);
      return expr(paren(n.parts.map((p) => toStringPart(p, lower(p))).join(' + ')), 'string');
    },
    listConcat: (n) => {
      if (n.lists.length === 0) return expr('[]', 'list', true);
      const parts = n.lists.map((l) => listOf(lower(l)));
      const schema = parts
        .map((p) => p.schema)
        .reduce<CelSchemaTyping>((acc, t, i) => (i === 0 ? schemaOf(t) : join(acc.schema, t)), {});
      return expr(paren(parts.map((p) => p.text).join(' + ')), 'list', false, {
        typedList: parts.some((p) => p.typedList),
        ...schema,
      });
    },
    comprehension: (n) => comprehension(n),
    listIncludes: (n) => {
      const l = listOf(lower(n.list));
      const v = lower(n.value);
      // A string or boolean literal equals exactly the elements of its own type and value:
      // CEL's `in` (heterogeneous equality; a map or list element never equals it).
      if (n.value.kind === 'literal' && typeof n.value.value !== 'number')
        return expr(paren(`${v.text} in ${dynList(l)}`), 'bool');
      // A `string[]` parameter holds strings only (no null): any value is in it exactly when
      // it is one of those strings, which is what `in` says for every CEL value.
      const strings = l.schema?.kind === 'list' && l.schema.element.kind === 'string';
      if (strings && (n.list.kind === 'param' || v.kind === 'string'))
        return expr(paren(`${guardable(v)} in ${dynList(l)}`), 'bool');
      return bind(v, (vt) => {
        const item = names.fresh();
        const test = eq(
          expr(item, 'dyn', true),
          expr(vt, v.kind, true),
          placeholder,
          n.value.kind === 'literal' || n.value.kind === 'absent' ? n.value : placeholder,
        );
        return expr(`${dynList(l)}.exists(${item}, ${test.text})`, 'bool');
      });
    },
    length: (n) =>
      bind(lower(n.operand), (t) =>
        expr(
          paren(`type(${t}) == list || type(${t}) == string ? dyn(size(${t})) : dyn(null)`),
          'dyn',
        ),
      ),
    stringTest: (n) => {
      const s = lower(n.subject);
      const a = lower(n.argument);
      const fn = n.op === 'includes' ? 'contains' : n.op;
      return bind(s, (st) =>
        bind(a, (at) => {
          const guards: string[] = [];
          if (s.kind !== 'string') guards.push(`type(${st}) == string`);
          if (a.kind !== 'string') guards.push(`type(${at}) == string`);
          return expr(paren([...guards, `${st}.${fn}(${at})`].join(' && ')), 'bool');
        }),
      );
    },
    regexTest: (n) => {
      const tr = translateRegex(n.pattern);
      if (!tr.ok) throw new Error(`regex refused: ${tr.reason}`);
      const s = lower(n.subject);
      return bind(s, (st) =>
        expr(paren(`${ifString(s, st, '&&')}${st}.matches(${celString(tr.pattern)})`), 'bool'),
      );
    },
    objectView: (n) => {
      const m = lower(n.object);
      const k = names.fresh();
      return bind(m, (mt) => {
        const body =
          n.op === 'keys' ? k : n.op === 'values' ? `${mt}[${k}]` : `[dyn(${k}), dyn(${mt}[${k}])]`;
        const typed =
          n.op === 'keys'
            ? listOfType({ kind: 'string' })
            : n.op === 'values'
              ? listOfType(below(m.schema, 'value'))
              : {};
        return expr(
          paren(`type(${mt}) == map ? ${mt}.map(${k}, ${body}) : []`),
          'list',
          false,
          typed,
        );
      });
    },
    call: (n) => {
      const [arg] = n.args;
      if (arg === undefined) throw new Error(`helper ${n.helper} needs one argument`);
      if (FLAG_HELPERS.includes(n.helper)) return flagCall(n, arg);
      if (n.helper === 'labelSelectorMatches') {
        const labels = n.args[1];
        if (labels === undefined)
          throw new Error('helper labelSelectorMatches needs two arguments');
        // No CEL primitive: the same semantics written with the IR's own nodes.
        return lower(labelSelectorMatchesExpr(arg, labels));
      }
      const fresh = () => names.fresh();
      const a = lower(arg);
      if (n.helper === 'imageReference')
        return bind(a, (i) => expr(paren(onString(a, i, celImageReference(i, fresh))), 'dyn'));
      if (n.helper === 'textAfter') {
        const sep = n.args[1];
        if (sep === undefined) throw new Error('helper textAfter needs two arguments');
        const b = lower(sep);
        return bind(a, (s) =>
          bind(b, (p) => {
            // split with a limit (Go's SplitN), not indexOf + size: cel-js counts indices
            // in UTF-16 code units but size() in code points.
            const value = `dyn(${p} == "" ? ${s} : ${s}.contains(${p}) ? ${s}.split(${p}, 2)[1] : "")`;
            const guards = [a, b].flatMap((e, i) =>
              e.kind === 'string' ? [] : [`type(${i === 0 ? s : p}) == string`],
            );
            return expr(
              paren(guards.length === 0 ? value : `${guards.join(' && ')} ? ${value} : dyn(null)`),
              'dyn',
            );
          }),
        );
      }
      if (n.helper === 'imageMatches') {
        const patterns = n.args[1];
        if (patterns === undefined) throw new Error('helper imageMatches needs two arguments');
        const l = dynList(listOf(lower(patterns)));
        return bind(a, (i) =>
          expr(paren(`${ifString(a, i, '&&')}${celImageMatches(i, l, fresh)}`), 'bool'),
        );
      }
      if (n.helper === 'allContainers')
        return lower(
          ir.listConcat([
            ir.get(arg, 'containers'),
            ir.get(arg, 'initContainers'),
            ir.get(arg, 'ephemeralContainers'),
          ]),
        );
      return bindString(a, (i) => {
        let body: string;
        if (n.helper === 'imageDigest') {
          body = `${i}.contains("@") ? dyn(${i}.substring(${i}.indexOf("@") + 1)) : dyn(null)`;
        } else if (n.helper === 'imageRegistry') {
          // Docker reference rules, as @kpc/ir splitImage: the digest after the first '@';
          // the first path component is a registry when it has '.' or ':' or is localhost.
          const r = names.fresh();
          const first = `${r}.substring(0, ${r}.indexOf("/"))`;
          const isReg = `${r}.indexOf("/") >= 0 && (${first}.contains(".") || ${first}.contains(":") || ${first} == "localhost")`;
          body = `[${i}.split("@")[0]].map(${r}, ${isReg} ? ${first} : "docker.io")[0]`;
        } else {
          // The tag: after the last ':' of the part before the first '@', when that ':' comes
          // after the first '/'. The same as splitImage's: a first component that is not a
          // registry has no ':', and a registry's port comes before its '/'. The leading
          // space keeps cel-go's lastIndexOf off an empty string (an error there) and moves
          // both indices alike.
          const t = names.fresh();
          body =
            `[" " + ${i}.split("@")[0]].map(${t}, ${t}.lastIndexOf(":") > ${t}.indexOf("/") ? ` +
            `dyn(${t}.substring(${t}.lastIndexOf(":") + 1)) : dyn(null))[0]`;
        }
        // The digest and tag bodies are `dyn` in both branches already.
        const typed = n.helper === 'imageRegistry' ? `dyn(${body})` : body;
        const value = onString(a, i, typed);
        return expr(value === typed ? value : paren(value), 'dyn');
      });
    },
    lookup: (n) => {
      const resourceOf = scope.resources;
      if (resourceOf === undefined)
        throw new Error('lookup needs the resource library (see checkCelCapabilities)');
      // Kyverno's resource.List returns the API server's list object (`items`); namespace ""
      // lists every namespace (and a cluster-scoped kind). The items are filtered again by
      // what each object says, so the result is the IR's for every filter value ("" too).
      const o = names.fresh();
      const meta = (k: string) => path(expr(o, 'dyn', true), ['metadata', k]).text;
      const listed = (ns: string) =>
        `dyn(resource.List(${celString(n.apiVersion)}, ${celString(resourceOf(n.apiVersion, n.resourceKind))}, ${ns}).?items.orValue([]))`;
      const build = (ns: string | undefined, name: string | undefined): string => {
        const conds: string[] = [];
        if (ns !== undefined) conds.push(`${meta('namespace')} == ${ns}`);
        if (name !== undefined) conds.push(`${meta('name')} == ${name}`);
        const all = listed(ns ?? '""');
        const found = conds.length === 0 ? all : `${all}.filter(${o}, ${conds.join(' && ')})`;
        if (name === undefined) return found;
        // Given a name, at most one object (the first).
        const l = names.fresh();
        return `[${found}].map(${l}, size(${l}) > 0 ? [${l}[0]] : [])[0]`;
      };
      // A filter that is not a string selects nothing: the empty list.
      const filtered = (
        filter: Expr | undefined,
        body: (text: string | undefined) => string,
      ): string => {
        if (filter === undefined) return body(undefined);
        const f = lower(filter);
        if (f.kind === 'string' && f.simple) return body(f.text);
        return bind(f, (t) => expr(paren(`type(${t}) == string ? ${body(t)} : []`), 'list')).text;
      };
      // The API server's objects of the kind: typed as its schema says.
      const { group, version } = parseApiVersion(n.apiVersion);
      const objectType = kindSchemaType(scope.types, { group, version, kind: n.resourceKind });
      return expr(
        filtered(n.namespace, (ns) => filtered(n.name, (name) => build(ns, name))),
        'list',
        false,
        listOfType(objectType.kind === 'unknown' ? undefined : objectType),
      );
    },
    let: (n) => {
      const v = lower(n.value);
      if (v.simple)
        return lower(n.body, withScope(n.name, { text: v.text, kind: v.kind, ...typingOf(v) }));
      const name = varName(n.name);
      const body = lower(
        n.body,
        withScope(n.name, {
          text: name,
          kind: v.kind,
          typedList: Boolean(v.typedList),
          ...schemaOf(v.schema),
        }),
      );
      return expr(`[${v.text}].map(${name}, ${body.text})[0]`, body.kind, false, {
        ...schemaOf(body.schema),
      });
    },
  };

  /**
   * The flag helpers, in the steps of semantics/flags.ts: join the string entries of
   * `command ++ args` with U+0000, merge `name value` pairs of a value flag into
   * `name=value`, cut at the first bare `--`, split again and read the flag's entries.
   */
  function flagCall(n: CallNode, container: Expr): CelExpr {
    const name = n.args[1];
    if (name?.kind !== 'literal' || typeof name.value !== 'string')
      throw new Error(`${n.helper} needs a literal flag name`);
    const f = name.value;
    const boolean = n.helper === 'booleanFlag';
    const S = FLAG_SEPARATOR;
    const str = celString;
    const argv = listOf(
      lower(ir.listConcat([ir.get(container, 'command'), ir.get(container, 'args')])),
    );
    const x = names.fresh();
    const j = names.fresh();
    const e = names.fresh();
    const joined = `${str(S)} + ${dynList(argv)}.filter(${x}, type(${x}) == string).join(${str(S)})`;
    const merged = boolean ? j : `${j}.split(${str(`${S}${f}${S}`)}).join(${str(`${S}${f}=`)})`;
    const own = `${e}.startsWith(${str(`${f}=`)})`;
    const entries =
      `${merged}.split(${str(`${S}--${S}`)})[0].split(${str(S)})` +
      (boolean
        ? `.filter(${e}, ${e} == ${str(f)} || ${own}).map(${e}, ${e} == ${str(f)} ? "true" : ${e}.substring(${f.length + 1}))`
        : `.filter(${e}, ${own}).map(${e}, ${e}.substring(${f.length + 1}))`);
    const values = `[${joined}].map(${j}, ${entries})[0]`;
    if (n.helper === 'flagValues') return expr(values, 'list', false, { typedList: true });
    const vs = names.fresh();
    const last = `${vs}[size(${vs}) - 1]`;
    const spellings = (xs: readonly string[]) => `[${xs.map((v) => str(v)).join(', ')}]`;
    const value = boolean
      ? `${last} in ${spellings(TRUE_SPELLINGS)} ? dyn(true) : ${last} in ${spellings(FALSE_SPELLINGS)} ? dyn(false) : dyn(null)`
      : `dyn(${last})`;
    return expr(`[${values}].map(${vs}, size(${vs}) > 0 ? (${value}) : dyn(null))[0]`, 'dyn');
  }

  function comprehension(n: ComprehensionNode): CelExpr {
    // The iteration variable is `dyn`: over a list cel-go types statically, iterate `dyn(…)`.
    const list = listOf(lower(n.list));
    const l = dynList(list);
    const v = varName(n.variable);
    const element = below(list.schema, 'element');
    const body = lower(
      n.body,
      withScope(n.variable, { text: v, kind: 'dyn', ...schemaOf(element) }),
    );
    switch (n.op) {
      case 'every':
        return expr(`${l}.all(${v}, ${asBool(body)})`, 'bool');
      case 'some':
        return expr(`${l}.exists(${v}, ${asBool(body)})`, 'bool');
      case 'filter':
        return expr(`${l}.filter(${v}, ${asBool(body)})`, 'list', false, schemaOf(list.schema));
      case 'map':
        // The elements have the body's static type, which may be a scalar type.
        return expr(`${l}.map(${v}, ${body.text})`, 'list', false, {
          typedList: true,
          ...listOfType(schemaOf(body.schema).schema),
        });
      case 'flatMap':
        throw new Error('flatMap is lowered only as a rule `each` (see checkCelCapabilities)');
    }
  }

  return visit(node, visitor);
}

const SCALAR_KINDS = new Set<CelKind>(['string', 'number', 'bool', 'null']);

/** `(l == r)` (or `!=`), with its operands, so that its negation is the other operator. */
function equality(l: string, r: string, op: '==' | '!=' = '=='): CelExpr {
  return { ...expr(paren(`${l} ${op} ${r}`), 'bool'), equality: [l, op, r] };
}

/**
 * `!e` for a boolean `e`: a plain comparison with the other operator (CEL's `!=` is exactly
 * the negation of `==`), else `!e`.
 */
export function negated(e: CelExpr): CelExpr {
  // De Morgan over plain comparisons (CEL's && and || are commutative, errors included).
  if (e.comparisons !== undefined) {
    const op = e.comparisons.op === '&&' ? '||' : '&&';
    const parts = e.comparisons.parts.map((p) => negated(p));
    return {
      ...expr(paren(parts.map((p) => unparen(p.text)).join(` ${op} `)), 'bool'),
      comparisons: { op, parts },
    };
  }
  if (e.equality === undefined) return expr(`!${e.text}`, 'bool');
  const [l, op, r] = e.equality;
  return equality(l, r, op === '==' ? '!=' : '==');
}

/** `type(t) == string <op> ` unless `e` is known to be a string (then nothing). */
function ifString(e: CelExpr, t: string, op: '&&'): string {
  return e.kind === 'string' ? '' : `type(${t}) == string ${op} `;
}

/** `value` when `e` (as text `t`) is a string, else absent; no test when it is known to be. */
function onString(e: CelExpr, t: string, value: string): string {
  return e.kind === 'string' ? value : `type(${t}) == string ? ${value} : dyn(null)`;
}

/** The CEL kind of a non-null value of a schema type, where there is one. */
const SCHEMA_KINDS: Readonly<Partial<Record<SchemaType['kind'], CelKind>>> = {
  string: 'string',
  boolean: 'bool',
  number: 'number',
  list: 'list',
};

/** A number constant that int(), double() and string() all convert (well within int64). */
function isConvertibleNumber(e: CelExpr): boolean {
  return e.kind === 'number' && Math.abs(Number(e.text)) <= 9.0e15;
}

// A non-literal stand-in node for `eq` when only the lowered text is known.
const placeholder: Expr = Object.freeze({ kind: 'ref', name: '' });

function isNumberLike(n: Expr): boolean {
  return (n.kind === 'literal' && typeof n.value === 'number') || n.kind === 'length';
}

function literalEquals(a: Expr, b: Expr): boolean {
  if (a.kind === 'absent' || b.kind === 'absent') return a.kind === b.kind;
  return (a as LiteralNode).value === (b as LiteralNode).value;
}

function celDouble(v: number): string {
  const s = celNumber(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/** `text` without one pair of parentheses around all of it (a whole argument needs none). */
export function unparen(text: string): string {
  return text.startsWith('(') && closesAtEnd(text, 0) ? text.slice(1, -1) : text;
}

/** True when the parenthesis opened at `open` closes at the last character (string literals skipped). */
export function closesAtEnd(text: string, open: number): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i === text.length - 1;
    }
  }
  return false;
}
