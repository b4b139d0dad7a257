/**
 * The loader's public contract. Loaders return `{ documents, diagnostics }` and never throw.
 */
import type { Diagnostic, SourceLocation } from '@kpc/ir';

/** One Kubernetes object read from an input, with source positions for every node. */
export interface LoadedDocument {
  /** The file path as given (or `<stdin>`). */
  readonly file: string;
  /** 0-based index of the YAML document within the file. */
  readonly documentIndex: number;
  /**
   * For an item of a `kind: List` (or `*List`) document: the pointer of the item inside
   * the file's document, e.g. `/items/3`; `''` for a top-level object.
   */
  readonly basePointer: string;
  /** The object as plain JSON (nulls kept; the engine normalises them). */
  readonly object: Readonly<Record<string, unknown>>;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
  /**
   * Source location of the node at `pointer` (relative to `object`): the value's position,
   * or the nearest existing ancestor's when the pointer names a missing field.
   */
  locate(pointer: string): SourceLocation;
  /** The source text of the file's lines, for code frames (1-based line numbers). */
  sourceLine(line: number): string | undefined;
}

/** Documented limits; every one has a default (docs/loader.md). */
export interface LoaderLimits {
  /**
   * Most bytes of input held at once: a JSON input whole, a chunk of a YAML stream that cannot
   * be cut (one document). Default 64 MiB (docs/loader.md, "Limits").
   */
  readonly maxFileBytes: number;
  /** Most YAML documents per file. Default 100,000. */
  readonly maxDocuments: number;
  /** Most alias dereferences per document (billion-laughs guard). Default 100. */
  readonly maxAliasCount: number;
  /** Deepest nesting of maps and lists. Default 100. */
  readonly maxDepth: number;
}

export interface LoadResult {
  readonly documents: readonly LoadedDocument[];
  readonly diagnostics: readonly Diagnostic[];
  /** Number of inputs (files or stdin) that could not be read or parsed at all. */
  readonly unreadableInputs: number;
}
