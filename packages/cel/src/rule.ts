/**
 * A whole rule lowered to CEL: the variables and the validation that a Kyverno policy (or
 * a ValidatingAdmissionPolicy) carries. The caller supplies how the pod spec and the pods'
 * metadata are found (it depends on the policy kind); everything else is shared.
 */
import {
  childSchemaType,
  type GroupVersionKind,
  ir,
  joinSchemaTypes,
  kindSchemaType,
  type PodSpecLocation,
  type RuleIR,
  ruleRootSchemaTypes,
  type SchemaType,
  type SchemaTypeData,
} from '@kpc/ir';
import { type CelUnsupported, checkCelCapabilities, eachSegments } from './capabilities.ts';
import { celNumber, celString, isSelectableField } from './literal.ts';
import {
  type CelBinding,
  type CelScope,
  closesAtEnd,
  dynList,
  lowerExpr,
  NameSource,
  negated,
  type ResourceNameOf,
  schemaOf,
  unparen,
} from './lower.ts';

/** One named CEL variable (`variables.<name>`), in evaluation order. */
export interface CelVariable {
  readonly name: string;
  readonly expression: string;
}

/** Where the rule's roots come from, as CEL texts that evaluate to maps (never null). */
export interface CelRoots {
  /** The pod spec (podSpec targets only). */
  readonly spec?: string;
  /** The pods' metadata (the template's) or the object's metadata. */
  readonly metadata: string;
  /** The whole object; `object` in Kyverno and Kubernetes. */
  readonly object: string;
}

/** A rule lowered to CEL. */
export interface CelRule {
  /**
   * Variables in dependency order: parameters, then `offending`. With one list of elements
   * (no `each`, or one list segment) `offending` is the list of offending elements and the
   * messageExpression maps each to its message. Otherwise `offending` is a list of lists
   * (one list per `each` segment or flatMap item, in the native engine's order) and
   * `messages` has the same shape, one message per offending element.
   */
  readonly variables: readonly CelVariable[];
  /** True when no element offends; type-checks as `bool`. */
  readonly validation: string;
  /** One string naming every offending element. */
  readonly messageExpression: string;
}

/** What the engine offers beyond the shared CEL environment. */
export interface CelLoweringOptions {
  /** Kyverno's resource library: lookups lower to `resource.List` (ValidatingPolicy only). */
  readonly resources?: ResourceNameOf;
  /**
   * The structure map (`CompileRuleInput.schemaTypes`): the roots and what is read from them
   * are typed by the Kubernetes schema, and guards the schema makes impossible are omitted
   * (docs/ir.md, "Static types from the schema"). Absent: every guard stays.
   */
  readonly schemaTypes?: SchemaTypeData;
  /** The pod spec table the roots of a pod-spec rule are typed over (default: built-in). */
  readonly podSpecLocations?: readonly PodSpecLocation[];
}

export type LowerRuleResult =
  | { readonly ok: true; readonly rule: CelRule }
  | { readonly ok: false; readonly unsupported: readonly CelUnsupported[] };

/** The CEL variable name of a rule parameter. */
export function paramVariableName(name: string): string {
  return `param${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** A CEL literal for a parameter value. */
export function celParamValue(value: string | readonly string[] | number | boolean): string {
  if (typeof value === 'string') return celString(value);
  if (typeof value === 'number') return celNumber(value);
  if (typeof value === 'boolean') return String(value);
  return `[${value.map(celString).join(', ')}]`;
}

/** The objects a root is read from: their kinds, typed by the structure map. */
export interface CelRootTyping {
  readonly types: SchemaTypeData;
  readonly kinds: readonly GroupVersionKind[];
}

/**
 * A CEL expression for the map at `path` under `root` (a map), or `{}` when any step is
 * missing, null or not a map: the native engine's "a workload without a pod spec gets an
 * empty one". With `typing`, when the schema of every kind types each step as an object (or
 * a map), a step is null or a map and only the value itself needs a null test.
 */
export function celMapAtPath(
  root: string,
  path: readonly string[],
  typing?: CelRootTyping,
): string {
  if (path.length === 0) return root;
  const selector = (key: string) => (isSelectableField(key) ? `.?${key}` : `[?${celString(key)}]`);
  if (typing !== undefined && typedMapPath(typing, path)) {
    const sel = optionalChain(root, path);
    const value = `${sel}.orValue(${sel.endsWith(']') ? 'dyn(null)' : 'null'})`;
    return `${value} != null ? ${value} : {}`;
  }
  const guards: string[] = [];
  let sel = root;
  for (const key of path) {
    sel += selector(key);
    guards.push(`type(${sel}.orValue({})) == map`);
  }
  return `${guards.join(' && ')} ? ${sel}.orValue({}) : {}`;
}

/** `root.?k1.?k2…` (`[?"k"]` for a key that is not a plain field name): an optional. */
export function optionalChain(root: string, path: readonly string[]): string {
  return `${root}${path.map((key) => (isSelectableField(key) ? `.?${key}` : `[?${celString(key)}]`)).join('')}`;
}

/** True when every step of `path` is an object or a map in the schema of every kind. */
export function typedMapPath(typing: CelRootTyping, path: readonly string[]): boolean {
  return typing.kinds.every((gvk) => {
    let t: SchemaType = kindSchemaType(typing.types, gvk);
    for (const key of path) {
      t = childSchemaType(typing.types, t, { key });
      if (t.kind !== 'object' && t.kind !== 'map') return false;
    }
    return true;
  });
}

/**
 * Lowers a rule. `params` are the values to bake in (defaults overridden by config).
 * Refuses, without emitting anything, when any construct cannot be lowered exactly.
 */
export function lowerRule(
  ruleIR: RuleIR,
  params: Readonly<Record<string, string | readonly string[] | number | boolean>>,
  roots: CelRoots,
  options: CelLoweringOptions = {},
): LowerRuleResult {
  const unsupported = checkCelCapabilities(ruleIR, { lookups: options.resources !== undefined });
  for (const name of Object.keys(ruleIR.params))
    if (!Object.hasOwn(params, name))
      unsupported.push({
        construct: `parameter ${name}`,
        reason: 'no value given for the parameter',
      });
  if (unsupported.length > 0) return { ok: false, unsupported };

  const names = new NameSource();
  const variables: CelVariable[] = [];
  const paramScope = new Map<string, CelBinding>();
  for (const name of Object.keys(ruleIR.params).sort()) {
    const spec = ruleIR.params[name]!;
    const vn = paramVariableName(name);
    variables.push({ name: vn, expression: celParamValue(params[name]!) });
    const kind =
      spec.type === 'string'
        ? 'string'
        : spec.type === 'string[]'
          ? 'list'
          : spec.type === 'integer'
            ? 'number'
            : 'bool';
    // A `string[]` variable is a `list(string)` to the engines (typed by inference).
    paramScope.set(name, {
      text: `variables.${vn}`,
      kind,
      typedList: kind === 'list',
      ...(kind === 'list' ? { schema: { kind: 'list', element: { kind: 'string' } } } : {}),
    });
  }
  const types = options.schemaTypes;
  const rootTypes = ruleRootSchemaTypes(types, ruleIR.target, options.podSpecLocations);
  // A root the schema types as an object is picked by one optional chain (admission.ts):
  // null when the object says null, so it is read as the schema says, null or a map.
  const root = (text: string, t: SchemaType | undefined): CelBinding => ({
    text,
    kind: t?.kind === 'object' || t?.kind === 'map' ? 'dyn' : 'map',
    ...schemaOf(t),
  });
  const rootNames = new Map<string, CelBinding>([
    ['object', { text: roots.object, kind: 'map', ...schemaOf(rootTypes.object) }],
    ['metadata', root(roots.metadata, rootTypes.metadata)],
  ]);
  if (roots.spec !== undefined) rootNames.set('spec', root(roots.spec, rootTypes.spec));
  const resources = {
    ...(options.resources ? { resources: options.resources } : {}),
    ...(types ? { types } : {}),
  };
  const scope: CelScope = { names: rootNames, params: paramScope, ...resources };
  const elementOf = (list: SchemaType | undefined): SchemaType | undefined =>
    list === undefined ? undefined : childSchemaType(types, list, 'element');
  const elementScope = (kind: 'map' | 'dyn', schema: SchemaType | undefined): CelScope => {
    const m = new Map(rootNames);
    m.set('element', { text: 'element', kind, ...schemaOf(schema) });
    return { names: m, params: paramScope, ...resources };
  };

  const defaultElement = roots.spec ?? roots.object;
  const elemKind =
    ruleIR.each === null
      ? (rootNames.get(roots.spec !== undefined ? 'spec' : 'object')!.kind as 'map' | 'dyn')
      : 'dyn';
  // The element's static type: the default element's, or what every \`each\` segment yields.
  let elemType: SchemaType | undefined =
    ruleIR.each === null
      ? roots.spec !== undefined
        ? rootTypes.spec
        : rootTypes.object
      : undefined;
  const segments = ruleIR.each === null ? [] : eachSegments(ruleIR.each);
  const segmentLists = segments.map((seg) => lowerExpr(seg.list, scope, names));
  const flatBodies = segments.map((seg, i) => {
    if (seg.kind === 'list') return undefined;
    const v = names.fresh();
    const m = new Map(rootNames);
    m.set(seg.variable, {
      text: v,
      kind: 'dyn',
      ...schemaOf(elementOf(segmentLists[i]!.schema)),
    });
    return { v, body: lowerExpr(seg.body, { names: m, params: paramScope, ...resources }, names) };
  });
  segments.forEach((seg, i) => {
    const list = seg.kind === 'list' ? segmentLists[i]!.schema : flatBodies[i]!.body.schema;
    const t = elementOf(list);
    const known = t !== undefined && t.kind !== 'unknown' ? t : undefined;
    if (i === 0) elemType = known;
    else if (elemType !== undefined)
      elemType = known === undefined ? undefined : joinSchemaTypes(elemType, known);
  });
  const check = lowerExpr(ruleIR.check, elementScope(elemKind, elemType), names);
  const notCheck =
    check.kind === 'bool' && (check.equality !== undefined || check.comparisons !== undefined)
      ? negated(check).text
      : negate(check.kind === 'bool' ? check.text : `(${check.text} == true)`);
  const body = unparen(notCheck);
  const groups: string[] = [];
  // One list of elements (no `each`, or one list segment): `offending` is that list.
  let flat: string | undefined;
  if (ruleIR.each === null) {
    flat = `[${defaultElement}].filter(element, ${body})`;
  } else {
    for (const [i, seg] of segments.entries()) {
      const list = segmentLists[i]!;
      const listText =
        list.kind === 'list'
          ? dynList(list)
          : `(type(${dynList(list)}) == list ? ${dynList(list)} : [])`;
      if (seg.kind === 'list') {
        if (segments.length === 1) flat = `${listText}.filter(element, ${body})`;
        groups.push(`[${listText}.filter(element, ${body})]`);
      } else {
        const { v, body: itemBody } = flatBodies[i]!;
        // The body lowers in the flatMap variable's scope; a non-list item contributes nothing.
        const bodyText =
          itemBody.kind === 'list'
            ? dynList(itemBody)
            : `(type(${dynList(itemBody)}) == list ? ${dynList(itemBody)} : [])`;
        groups.push(`${listText}.map(${v}, ${bodyText}.filter(element, ${body}))`);
      }
    }
  }

  // A message that is not a string is printed as JavaScript's String(v) would (the
  // interpreter's toText): lowering it as a one-part concat reuses that conversion.
  const messageIR = ruleIR.message.kind === 'concat' ? ruleIR.message : ir.concat([ruleIR.message]);
  const messageText = unparen(lowerExpr(messageIR, elementScope(elemKind, elemType), names).text);
  if (flat !== undefined) {
    variables.push({ name: 'offending', expression: flat });
    return {
      ok: true,
      rule: {
        variables,
        validation: 'size(variables.offending) == 0',
        messageExpression: `variables.offending.map(element, ${messageText}).join("; ")`,
      },
    };
  }
  variables.push({ name: 'offending', expression: groups.join(' + ') });
  variables.push({
    name: 'messages',
    expression: `variables.offending.map(g, g.map(element, ${messageText}))`,
  });
  return {
    ok: true,
    rule: {
      variables,
      validation: 'variables.offending.all(g, size(g) == 0)',
      messageExpression:
        'variables.messages.filter(g, size(g) > 0).map(g, g.join("; ")).join("; ")',
    },
  };
}

/** `!text`, dropping a double negation when `text` is one fully parenthesised `!(…)`. */
function negate(text: string): string {
  if (text.startsWith('!(') && text.endsWith(')') && closesAtEnd(text, 1)) return text.slice(1);
  return `!${text}`;
}
