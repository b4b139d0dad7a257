import type { Type } from 'ts-morph';

/** What a TypeScript type can be at run time, coarsely, as far as the IR cares. */
export type ValueKind =
  | 'boolean'
  | 'string'
  | 'number'
  | 'object'
  | 'list'
  | 'undefined'
  | 'null'
  | 'any'
  | 'unknown'
  | 'function'
  | 'other';

/** The set of run-time kinds a value of `type` may have (unions are flattened). */
export function kindsOf(type: Type): Set<ValueKind> {
  const out = new Set<ValueKind>();
  collect(type, out, 0);
  return out;
}

function collect(type: Type, out: Set<ValueKind>, depth: number): void {
  if (depth > 20) {
    out.add('other');
    return;
  }
  if (type.isAny()) out.add('any');
  else if (type.isUnknown()) out.add('unknown');
  else if (type.isUnion()) for (const t of type.getUnionTypes()) collect(t, out, depth + 1);
  else if (type.isUndefined()) out.add('undefined');
  else if (type.isNull()) out.add('null');
  else if (type.isBoolean() || type.isBooleanLiteral()) out.add('boolean');
  else if (type.isString() || type.isStringLiteral() || type.isTemplateLiteral()) out.add('string');
  else if (type.isNumber() || type.isNumberLiteral()) out.add('number');
  else if (type.isEnumLiteral() || type.isEnum()) out.add('other');
  else if (type.isArray() || type.isReadonlyArray() || type.isTuple()) out.add('list');
  else if (type.getCallSignatures().length > 0) out.add('function');
  else if (type.isIntersection()) {
    // Branded primitives (`string & {…}`) count as their primitive; otherwise an object.
    const parts = new Set<ValueKind>();
    for (const t of type.getIntersectionTypes()) collect(t, parts, depth + 1);
    const primitive = [...parts].find((k) => k === 'string' || k === 'number' || k === 'boolean');
    out.add(primitive ?? (parts.has('list') ? 'list' : 'object'));
  } else if (type.isObject()) out.add('object');
  else out.add('other');
}

/** The kinds without `undefined` and `null` (both are "absent" in kpc). */
export function presentKinds(kinds: Set<ValueKind>): Set<ValueKind> {
  const out = new Set(kinds);
  out.delete('undefined');
  out.delete('null');
  return out;
}

/** True when every kind is one of `allowed`. */
export function onlyKinds(kinds: Set<ValueKind>, ...allowed: ValueKind[]): boolean {
  for (const k of kinds) if (!allowed.includes(k)) return false;
  return true;
}

/** Human-readable rendering of a kind set for diagnostics. */
export function describeKinds(kinds: Set<ValueKind>): string {
  return [...kinds].sort().join(' | ');
}
