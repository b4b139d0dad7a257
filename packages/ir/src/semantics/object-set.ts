/**
 * The object set a referential rule reads ("the cluster"; docs/ir.md, "Cross-object rules"):
 * lint's loaded documents, audit's dump, an admission engine's cache. The IR `lookup` node and
 * the native `list`/`get` of a rule's context both read it through `ObjectSet.list`, so the
 * engine and the interpreter can only differ in what the rule computes.
 */
import { normalizeManifest } from './normalize.ts';

/** The objects of one set, listed by apiVersion and kind (and namespace, name when given). */
export interface ObjectSet {
  /**
   * The objects of exactly `apiVersion` and `kind`, filtered by `metadata.namespace` and
   * `metadata.name` when given, ordered by (namespace, name) in UTF-16 code-unit order (an
   * object without a namespace sorts first). Elements are normalised manifests; frozen.
   */
  list(apiVersion: string, kind: string, namespace?: string, name?: string): readonly unknown[];
}

const isMap = (v: unknown): v is Readonly<Record<string, unknown>> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const order = (a: string | undefined, b: string | undefined): number => {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
};

interface Entry {
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly value: unknown;
}

/**
 * An object set over `objects` (manifests as loaded, in any order). Each object is
 * normalised (explicit `null`s dropped, as rules see their subject) and frozen; documents
 * that are not maps or have no string apiVersion and kind are not part of the set. Two
 * objects with the same apiVersion, kind, namespace and name are both kept, in input order
 * (lint reports duplicates elsewhere; a lookup by name then sees the first). Never throws.
 */
export function objectSet(objects: Iterable<unknown>): ObjectSet {
  const builder = objectSetBuilder();
  for (const raw of objects) builder.add(raw);
  return builder.build();
}

/** Builds an {@link objectSet} object by object: each is normalised as it is added, so the
 * caller need not hold the objects as loaded (a set read from a long input). */
export interface ObjectSetBuilder {
  add(raw: unknown): void;
  /** The set of the objects added, in their order; the builder is not used after. */
  build(): ObjectSet;
}

export function objectSetBuilder(): ObjectSetBuilder {
  const byKind = new Map<string, Entry[]>();
  return {
    add(raw: unknown): void {
      if (!isMap(raw)) return;
      const apiVersion = text(raw.apiVersion);
      const kind = text(raw.kind);
      if (apiVersion === undefined || kind === undefined) return;
      const value = normalizeManifest(raw, { freeze: true }).value;
      const meta = isMap(raw.metadata) ? raw.metadata : {};
      const key = `${apiVersion}\u0000${kind}`;
      let entries = byKind.get(key);
      if (entries === undefined) {
        entries = [];
        byKind.set(key, entries);
      }
      entries.push({ namespace: text(meta.namespace), name: text(meta.name), value });
    },
    build: () => indexedSet(byKind),
  };
}

function indexedSet(byKind: Map<string, Entry[]>): ObjectSet {
  // Array.prototype.sort is stable: duplicates keep their input order.
  for (const entries of byKind.values())
    entries.sort((a, b) => order(a.namespace, b.namespace) || order(a.name, b.name));
  // Answers are frozen, so each is computed once: a rule that lists a namespace's objects
  // once per subject (service-selects-pods, require-pdb) reads an index, not the whole kind.
  const answers = new Map<string, readonly unknown[]>();
  const NONE: readonly unknown[] = Object.freeze([]);
  const select = (
    entries: readonly Entry[],
    namespace: string | undefined,
    name: string | undefined,
  ): readonly unknown[] => {
    const out: unknown[] = [];
    for (const e of entries) {
      if (namespace !== undefined && e.namespace !== namespace) continue;
      if (name !== undefined && e.name !== name) continue;
      out.push(e.value);
      // "Given a name, the list has at most one element."
      if (name !== undefined) break;
    }
    return Object.freeze(out);
  };
  // Per kind, the entries of each namespace (and of none), in set order.
  const byNamespace = new Map<string, Map<string | undefined, Entry[]>>();
  const namespaceEntries = (key: string, namespace: string | undefined): readonly Entry[] => {
    let groups = byNamespace.get(key);
    if (groups === undefined) {
      groups = new Map();
      for (const e of byKind.get(key) ?? []) {
        const g = groups.get(e.namespace);
        if (g === undefined) groups.set(e.namespace, [e]);
        else g.push(e);
      }
      byNamespace.set(key, groups);
    }
    return groups.get(namespace) ?? [];
  };
  return Object.freeze({
    list(apiVersion: string, kind: string, namespace?: string, name?: string): readonly unknown[] {
      const key = `${apiVersion}\u0000${kind}`;
      if (!byKind.has(key)) return NONE;
      // A name alone is looked up across namespaces: not worth an index of its own.
      if (namespace === undefined && name !== undefined)
        return select(byKind.get(key)!, undefined, name);
      const answerKey = JSON.stringify([key, namespace ?? null, name ?? null]);
      let answer = answers.get(answerKey);
      if (answer === undefined) {
        const entries =
          namespace === undefined ? byKind.get(key)! : namespaceEntries(key, namespace);
        answer = select(entries, undefined, name);
        answers.set(answerKey, answer);
      }
      return answer;
    },
  });
}

/** What a referential rule evaluated without an object set says (engine and interpreter alike). */
export function needsObjectSetMessage(apiVersion: string, kind: string): string {
  return `the rule reads ${apiVersion} ${kind} objects and needs the whole object set, but none was given`;
}

/** The empty object set (an admission request with nothing cached, a test). */
export const EMPTY_OBJECT_SET: ObjectSet = objectSet([]);
