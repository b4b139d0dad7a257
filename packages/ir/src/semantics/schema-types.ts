/**
 * Static types from the Kubernetes schema (docs/ir.md, "Static types from the schema"): what
 * a backend may assume about the values a rule reads, for objects the engine can receive.
 * The API server decodes built-in kinds into typed structs, so a field the schema types as
 * boolean is a boolean or absent at admission and in background audit. A static type never
 * excludes absence: every type here means "absent (or null), or a value of this shape".
 *
 * The data is injected (`SchemaTypeData`: the shape of `@kpc/core`'s generated structure
 * map), so that this module stays pure and the backends do not depend on the engine. With no
 * data, or for a path the schema does not type, the answer is `unknown`: a backend then keeps
 * every guard (fail closed).
 */
import type { GroupVersionKind, RuleTarget } from '../rule-ir.ts';
import { POD_SPEC_LOCATIONS, type PodSpecLocation } from './targets.ts';

/**
 * The structure map: `apiVersion/kind` → the kind's type id, and type id → field → type
 * reference (`<id>`, `[]<ref>`, `{}<ref>`, `string`, `boolean`, `number` or `*`). `@kpc/core`'s
 * `k8sStructure()` fits.
 */
export interface SchemaTypeData {
  readonly kinds: Readonly<Record<string, { readonly type: string }>>;
  readonly types: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * A static type. `object` lists the schema types the value may have (one per kind when a
 * rule reads several kinds); the value is a map of one of them. `unknown`: nothing is known.
 */
export type SchemaType =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'string' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'number' }
  | { readonly kind: 'list'; readonly element: SchemaType }
  | { readonly kind: 'map'; readonly value: SchemaType }
  | { readonly kind: 'object'; readonly types: readonly string[] };

/** A step from a value to a part of it: a `get` key, a list element or a map value. */
export type SchemaStep = { readonly key: string } | 'element' | 'value';

/** The static types of a rule's roots (`spec` for pod-spec rules only). */
export interface SchemaRootTypes {
  readonly object: SchemaType;
  readonly metadata: SchemaType;
  readonly spec?: SchemaType;
}

export const UNKNOWN_TYPE: SchemaType = Object.freeze({ kind: 'unknown' });

const SCALARS: Readonly<Record<string, SchemaType>> = Object.freeze({
  string: Object.freeze({ kind: 'string' }),
  boolean: Object.freeze({ kind: 'boolean' }),
  number: Object.freeze({ kind: 'number' }),
});

/** The static type of a structure-map type reference. */
export function schemaTypeOfRef(ref: string): SchemaType {
  if (ref.startsWith('[]'))
    return Object.freeze({ kind: 'list', element: schemaTypeOfRef(ref.slice(2)) });
  if (ref.startsWith('{}'))
    return Object.freeze({ kind: 'map', value: schemaTypeOfRef(ref.slice(2)) });
  const scalar = Object.hasOwn(SCALARS, ref) ? SCALARS[ref] : undefined;
  if (scalar !== undefined) return scalar;
  return ref.includes('/') ? Object.freeze({ kind: 'object', types: [ref] }) : UNKNOWN_TYPE;
}

/**
 * What is known of a value that has type `a` or type `b` (the union): the same type, objects
 * of either schema type, or lists and maps of the union of their elements; else `unknown`.
 */
export function joinSchemaTypes(a: SchemaType, b: SchemaType): SchemaType {
  if (a.kind === 'object' && b.kind === 'object') {
    const types = [...new Set([...a.types, ...b.types])].sort();
    return types.length === a.types.length ? a : Object.freeze({ kind: 'object', types });
  }
  if (a.kind === 'list' && b.kind === 'list') {
    const element = joinSchemaTypes(a.element, b.element);
    return element === a.element ? a : Object.freeze({ kind: 'list', element });
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const value = joinSchemaTypes(a.value, b.value);
    return value === a.value ? a : Object.freeze({ kind: 'map', value });
  }
  return a.kind === b.kind && a.kind !== 'unknown' ? a : UNKNOWN_TYPE;
}

/**
 * The static type of the part of a value of type `parent` that `step` reaches: an object's
 * field (`unknown` when any of its schema types lacks it), a map's value by key or as a map
 * value, a list's element. Every other step is `unknown` (IR `get` on a list reads absent).
 */
export function childSchemaType(
  data: SchemaTypeData | undefined,
  parent: SchemaType,
  step: SchemaStep,
): SchemaType {
  if (data === undefined) return UNKNOWN_TYPE;
  if (step === 'element') return parent.kind === 'list' ? parent.element : UNKNOWN_TYPE;
  if (parent.kind === 'map') return parent.value;
  if (step === 'value' || parent.kind !== 'object') return UNKNOWN_TYPE;
  let out: SchemaType | undefined;
  for (const id of parent.types) {
    const fields = Object.hasOwn(data.types, id) ? data.types[id] : undefined;
    const ref =
      fields !== undefined && Object.hasOwn(fields, step.key) ? fields[step.key] : undefined;
    if (ref === undefined) return UNKNOWN_TYPE;
    const t = schemaTypeOfRef(ref);
    out = out === undefined ? t : joinSchemaTypes(out, t);
    if (out.kind === 'unknown') return out;
  }
  return out ?? UNKNOWN_TYPE;
}

/** The type reached from `type` by the `get` keys of `path`. */
export function schemaTypeAtPath(
  data: SchemaTypeData | undefined,
  type: SchemaType,
  path: readonly string[],
): SchemaType {
  let t = type;
  for (const key of path) t = childSchemaType(data, t, { key });
  return t;
}

/**
 * The static type of objects of a kind: its schema type when the structure map has the kind
 * (every version of its group when `version` is `*`), else `unknown` (custom kinds: their
 * CRD schema is not known to the backends).
 */
export function kindSchemaType(
  data: SchemaTypeData | undefined,
  gvk: GroupVersionKind,
): SchemaType {
  if (data === undefined) return UNKNOWN_TYPE;
  const prefix = gvk.group === '' ? '' : `${gvk.group}/`;
  const ids: string[] = [];
  if (gvk.version === '*') {
    for (const [key, entry] of Object.entries(data.kinds)) {
      const slash = key.lastIndexOf('/');
      const apiVersion = key.slice(0, slash);
      if (key.slice(slash + 1) !== gvk.kind) continue;
      const inGroup =
        gvk.group === ''
          ? !apiVersion.includes('/')
          : apiVersion.startsWith(prefix) && !apiVersion.slice(prefix.length).includes('/');
      if (inGroup) ids.push(entry.type);
    }
  } else {
    const key = `${prefix}${gvk.version}/${gvk.kind}`;
    const entry = Object.hasOwn(data.kinds, key) ? data.kinds[key] : undefined;
    if (entry !== undefined) ids.push(entry.type);
  }
  if (ids.length === 0) return UNKNOWN_TYPE;
  return Object.freeze({ kind: 'object', types: [...new Set(ids)].sort() });
}

/**
 * The static types of a rule's roots, as `bindTarget` binds them: for a pod-spec rule the
 * union over `locations` (default the built-in table) of each kind's object, pod spec and pod
 * metadata; for a resource rule the union over its kinds of the object and its metadata. A
 * kind the structure map does not have (a custom kind, a `*` kind) makes the root `unknown`.
 * The roots are never absent (a missing pod spec is bound as `{}`); their parts may be.
 */
export function ruleRootSchemaTypes(
  data: SchemaTypeData | undefined,
  target: RuleTarget,
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
): SchemaRootTypes {
  const union = (types: readonly SchemaType[]): SchemaType =>
    types.length === 0 ? UNKNOWN_TYPE : types.reduce(joinSchemaTypes);
  if (target.kind === 'podSpec') {
    const objects = locations.map((l) => kindSchemaType(data, l.gvk));
    return {
      object: union(objects),
      spec: union(locations.map((l, i) => schemaTypeAtPath(data, objects[i]!, l.specPath))),
      metadata: union(locations.map((l, i) => schemaTypeAtPath(data, objects[i]!, l.metadataPath))),
    };
  }
  const objects = target.resources.map((r) => kindSchemaType(data, r));
  const object = union(objects);
  return {
    object,
    metadata: union(objects.map((o) => schemaTypeAtPath(data, o, ['metadata']))),
  };
}

/**
 * Whether `value` has static type `type`: absent (`undefined`/`null`), or a value of that
 * shape (an object's fields checked by their own types, unknown fields allowed). The meaning
 * every backend relies on; the soundness tests check it on schema-valid manifests.
 */
export function hasSchemaType(
  data: SchemaTypeData | undefined,
  value: unknown,
  type: SchemaType,
): boolean {
  if (value === undefined || value === null) return true;
  switch (type.kind) {
    case 'unknown':
      return true;
    case 'string':
    case 'boolean':
    case 'number':
      return typeof value === type.kind;
    case 'list':
      return Array.isArray(value) && value.every((v) => hasSchemaType(data, v, type.element));
    case 'map':
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) return false;
      return Object.entries(value).every(([key, v]) =>
        hasSchemaType(data, v, childSchemaType(data, type, { key })),
      );
  }
}
