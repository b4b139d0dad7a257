/**
 * Manifest normalisation before rules run: an explicit `null` in a map is dropped, as the
 * Kubernetes API server does when it decodes an object (a nil pointer is "unset"). So
 * `privileged: null` and a missing `privileged` mean the same thing to every rule and
 * every backend (docs/ir.md, "absent").
 */
import { toPointer } from '../diagnostics/json-pointer.ts';

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * Returns a deep copy without null-valued map entries, and a map from every object/array
 * in the copy to its JSON Pointer (used to point a finding at the element a rule returned).
 * Never mutates its input.
 */
export function normalizeManifest(value: unknown): {
  value: unknown;
  pointers: WeakMap<object, string>;
} {
  const pointers = new WeakMap<object, string>();
  const walk = (v: unknown, path: (string | number)[]): unknown => {
    if (Array.isArray(v)) {
      const out = v.map((item, i) => walk(item, [...path, i]));
      pointers.set(out, toPointer(path));
      return out;
    }
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      // Keys are inserted in ascending code-unit order so that `Object.keys` in a rule
      // gives the order the IR defines (docs/ir.md, "Map key order"), whatever the
      // document's own order.
      const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [k, item] of entries) {
        if (item === null || item === undefined) continue;
        out[k] = walk(item, [...path, k]);
      }
      pointers.set(out, toPointer(path));
      return out;
    }
    return v;
  };
  return { value: walk(value, []), pointers };
}
