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
 * The pointer map of a normalised copy. A `WeakMap` for its callers (`get`, `has`), but a
 * pointer is found only when asked for, by a search of the copy from its root, and then
 * cached: rules ask for the few elements a finding is about, so no per-node bookkeeping is
 * kept while copying (it was most of the copy's cost in lint profiles).
 */
class LazyPointers extends WeakMap<object, string> {
  #root: unknown;
  #searches = 0;
  #indexed = false;

  setRoot(root: unknown): void {
    this.#root = root;
  }

  override get(o: object): string | undefined {
    const cached = super.get(o);
    if (cached !== undefined || this.#indexed) return cached;
    // Past a few searches (a large object with many findings), index every node once, so
    // that the cost stays linear in the size of the object.
    if (++this.#searches > SEARCHES_BEFORE_INDEX) {
      this.#index(this.#root, '');
      this.#indexed = true;
      return super.get(o);
    }
    const tokens: (string | number)[] = [];
    if (!find(this.#root, o, tokens)) return undefined;
    let pointer = '';
    for (const t of tokens) pointer += `/${typeof t === 'number' ? t : escapePointerToken(t)}`;
    super.set(o, pointer);
    return pointer;
  }

  override has(o: object): boolean {
    return this.get(o) !== undefined;
  }

  #index(node: unknown, pointer: string): void {
    if (node === null || typeof node !== 'object') return;
    super.set(node, pointer);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) this.#index(node[i], `${pointer}/${i}`);
      return;
    }
    const map = node as Record<string, unknown>;
    for (const k in map) this.#index(map[k], `${pointer}/${escapePointerToken(k)}`);
  }
}

/** Searches of one copy for an element before its pointers are indexed all at once. */
const SEARCHES_BEFORE_INDEX = 16;

/**
 * Whether `target` is `node` or inside it; if so `path` holds the keys and indices to it. The
 * copy is a tree (every object and array is new and appears once), so the path is unique.
 */
function find(node: unknown, target: object, path: (string | number)[]): boolean {
  if (node === target) return true;
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item: unknown = node[i];
      if (item === null || typeof item !== 'object') continue;
      path.push(i);
      if (find(item, target, path)) return true;
      path.pop();
    }
    return false;
  }
  const map = node as Record<string, unknown>;
  for (const k in map) {
    const item = map[k];
    if (item === null || typeof item !== 'object') continue;
    path.push(k);
    if (find(item, target, path)) return true;
    path.pop();
  }
  return false;
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
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      const out: unknown[] = new Array(v.length);
      for (let i = 0; i < v.length; i++) {
        const item = v[i];
        out[i] = item !== null && typeof item === 'object' ? walk(item) : item;
      }
      if (freeze) Object.freeze(out);
      return out;
    }
    const out: Record<string, unknown> = {};
    // Keys are inserted in ascending code-unit order so that `Object.keys` in a rule gives
    // the order the IR defines (docs/ir.md, "Map key order"), whatever the document's own
    // order. (Integer-like keys are ordered first by JavaScript itself, as before.)
    const keys = Object.keys(v);
    if (!sorted(keys)) keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const src = v as Record<string, unknown>;
    for (const k of keys) {
      const item = src[k];
      if (item === null || item === undefined) continue;
      out[k] = typeof item === 'object' ? walk(item) : item;
    }
    if (freeze) Object.freeze(out);
    return out;
  };
  const copy = walk(value);
  pointers.setRoot(copy);
  return { value: copy, pointers };
}
