/**
 * Manifest normalisation before rules run: an explicit `null` in a map is dropped, as the
 * Kubernetes API server does when it decodes an object (a nil pointer is "unset"). So
 * `privileged: null` and a missing `privileged` mean the same thing to every rule and
 * every backend (docs/ir.md, "absent").
 */
import { escapePointerToken } from '../diagnostics/json-pointer.ts';

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** Options of {@link normalizeManifest}. */
export interface NormalizeOptions {
  /**
   * Freeze every object and array of the copy as it is built (lint shares one copy with
   * every rule, so that a rule that tries to modify it throws). Default false.
   */
  readonly freeze?: boolean;
}

/**
 * Where an object of the copy sits: its parent object and its key or index there. Pointers
 * are only built for the few elements a finding is about, not for every node.
 */
class Link {
  constructor(
    readonly parent: object | undefined,
    readonly key: string | number,
  ) {}
}

/**
 * The pointer map of a normalised copy. A `WeakMap` for its callers (`get`, `has`), but the
 * pointer strings are built on demand from parent links and then cached.
 */
class LazyPointers extends WeakMap<object, string> {
  readonly #links = new Map<object, Link>();

  link(child: object, parent: object | undefined, key: string | number): void {
    this.#links.set(child, new Link(parent, key));
  }

  override get(o: object): string | undefined {
    const cached = super.get(o);
    if (cached !== undefined) return cached;
    const link = this.#links.get(o);
    if (link === undefined) return undefined;
    const pointer =
      link.parent === undefined
        ? ''
        : `${this.get(link.parent) ?? ''}/${typeof link.key === 'number' ? link.key : escapePointerToken(link.key)}`;
    super.set(o, pointer);
    return pointer;
  }

  override has(o: object): boolean {
    return super.has(o) || this.#links.has(o);
  }
}

/** Whether `keys` is in ascending code-unit order (the usual case: no sort needed). */
function sorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++)
    if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}

/**
 * Returns a deep copy without null-valued map entries, and a map from every object/array
 * in the copy to its JSON Pointer (used to point a finding at the element a rule returned).
 * Map keys are inserted in ascending code-unit order (docs/ir.md, "Map key order").
 * Never mutates its input. Pointers are computed lazily, when asked for.
 */
export function normalizeManifest(
  value: unknown,
  options: NormalizeOptions = {},
): {
  value: unknown;
  pointers: WeakMap<object, string>;
} {
  const pointers = new LazyPointers();
  const freeze = options.freeze === true;
  const walk = (v: unknown, parent: object | undefined, key: string | number): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      const out: unknown[] = new Array(v.length);
      pointers.link(out, parent, key);
      for (let i = 0; i < v.length; i++) {
        const item = v[i];
        out[i] = item !== null && typeof item === 'object' ? walk(item, out, i) : item;
      }
      if (freeze) Object.freeze(out);
      return out;
    }
    const out: Record<string, unknown> = {};
    pointers.link(out, parent, key);
    // Keys are inserted in ascending code-unit order so that `Object.keys` in a rule gives
    // the order the IR defines (docs/ir.md, "Map key order"), whatever the document's own
    // order. (Integer-like keys are ordered first by JavaScript itself, as before.)
    const keys = Object.keys(v);
    if (!sorted(keys)) keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const src = v as Record<string, unknown>;
    for (const k of keys) {
      const item = src[k];
      if (item === null || item === undefined) continue;
      out[k] = typeof item === 'object' ? walk(item, out, k) : item;
    }
    if (freeze) Object.freeze(out);
    return out;
  };
  return { value: walk(value, undefined, ''), pointers };
}
