/**
 * The rule context's `list` and `get`: a rule's native view of the other objects of its object
 * set ("the cluster"; docs/ir.md, "Cross-object rules"). They read the same `ObjectSet` the IR
 * interpreter's `lookup` reads, with the same filters, so the native engine and the IR agree
 * by construction; the frontend lowers a call to one `lookup` node.
 */
import {
  KIND_API_VERSIONS,
  needsObjectSetMessage,
  type ObjectSet,
  readsDeclaration,
} from '@kpc/ir';
import type { KindTypes } from '../k8s/types.ts';

type KindName = keyof KindTypes;

/** Options of `list`: the apiVersion (required for kinds kpc does not know) and filters. */
export interface ListOptions {
  /** The apiVersion as written in manifests; default the built-in kind's (`KIND_API_VERSIONS`). */
  readonly apiVersion?: string;
  /** Only objects of this namespace. Given but not a string (e.g. an absent field): no object. */
  readonly namespace?: string | undefined;
  /** Only the object of this name. Given but not a string: no object. */
  readonly name?: string | undefined;
}

/** Options of `get`: `list`'s, with the name required. */
export interface GetOptions extends ListOptions {
  readonly name: string | undefined;
}

/** What a rule's functions get besides its subject: the other objects of the set. */
export interface ObjectLookups {
  /**
   * The objects of `kind` in the object set, filtered by namespace and name when the option
   * is written, ordered by (namespace, name). Frozen: rules cannot change them.
   */
  readonly list: <K extends KindName>(kind: K, options?: ListOptions) => readonly KindTypes[K][];
  /** The object of `kind` with this name (and namespace), or undefined. */
  readonly get: <K extends KindName>(kind: K, options: GetOptions) => KindTypes[K] | undefined;
}

/**
 * Thrown by `list`/`get` when the rule runs without an object set: the rule needs one. It is
 * how the engine learns that a rule is undecided (`kpc lint` of one file throws it once per
 * object and referential rule) and is always caught there, so it carries no stack: capturing
 * one cost 0.3 s of a 10,000-document stream with every catalog rule (--cpu-prof).
 */
export class NeedsObjectSetError extends Error {
  constructor(
    readonly apiVersion: string,
    readonly resourceKind: string,
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(needsObjectSetMessage(apiVersion, resourceKind));
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.name = 'NeedsObjectSetError';
  }
}

/**
 * Thrown by `list`/`get` of a kind the rule does not declare in `reads`: the rule fails
 * (RULE_UNDECLARED_READ), whatever the object set, so that an undeclared read can never be
 * judged against a part of the set (lint streams and threads rules that declare no reads).
 */
export class UndeclaredReadError extends Error {
  constructor(
    readonly resourceKind: string,
    /** The kinds the rule declares. */
    readonly declared: readonly string[],
  ) {
    super(`the rule reads ${resourceKind} objects but does not declare them in \`reads\``);
    this.name = 'UndeclaredReadError';
  }

  /** The declaration that allows the read: `reads: ['NetworkPolicy', …]`. */
  get fix(): string {
    return readsDeclaration([...this.declared, this.resourceKind]);
  }
}

/**
 * `list`/`get` over `objects`, for a rule that declares `declared` (its `reads`). A kind not
 * declared throws `UndeclaredReadError` (and is passed to `onUndeclared`, so that a rule that
 * catches the error still fails); without a set a declared read throws `NeedsObjectSetError`.
 * `objects` may be a function that returns the set: it is called when the rule first reads a
 * declared kind (lint builds the set only for a rule that reads it), and its answer kept.
 */
export function objectLookups(
  objects: ObjectSet | undefined | (() => ObjectSet | undefined),
  declared: readonly string[],
  onUndeclared?: (error: UndeclaredReadError) => void,
): ObjectLookups {
  let set: ObjectSet | undefined;
  let pending = typeof objects === 'function' ? objects : undefined;
  if (pending === undefined) set = objects as ObjectSet | undefined;
  const list = (kind: string, options: ListOptions = {}): readonly unknown[] => {
    if (!declared.includes(kind)) {
      const error = new UndeclaredReadError(kind, declared);
      onUndeclared?.(error);
      throw error;
    }
    const apiVersion =
      options.apiVersion ??
      (Object.hasOwn(KIND_API_VERSIONS, kind) ? KIND_API_VERSIONS[kind] : undefined);
    if (apiVersion === undefined)
      throw new Error(`list('${kind}'): ${kind} is not a built-in kind; pass { apiVersion }`);
    if (pending !== undefined) {
      set = pending();
      pending = undefined;
    }
    if (set === undefined) throw new NeedsObjectSetError(apiVersion, kind);
    // A filter that is written but not a string selects nothing, as the IR's lookup does.
    if ('namespace' in options && typeof options.namespace !== 'string') return [];
    if ('name' in options && typeof options.name !== 'string') return [];
    return set.list(apiVersion, kind, options.namespace, options.name);
  };
  return Object.freeze({
    list: list as ObjectLookups['list'],
    get: ((kind: string, options: GetOptions) => list(kind, options)[0]) as ObjectLookups['get'],
  });
}
