/**
 * What `kpc lint` does with one input file, in one place: the main thread runs it when it
 * lints alone, each worker thread runs it on the files handed to it (lint-workers.ts), and
 * both hand the report the same parts.
 */
import { relative, resolve } from 'node:path';
import {
  createCrdSchemaRegistry,
  type Finding,
  type KindSchemaRegistry,
  type LintOptions,
  type LoadedDocument,
  type LoadResult,
  lint,
  lintImageVerifications,
  loadInputs,
  type ReportObject,
  type ReportPart,
  validateDocument,
} from '@kpc/core';
import { createApiChecker, DEFAULT_KUBERNETES_VERSION } from '@kpc/core/internal';
import { type Diagnostic, type ObjectSet, objectSetBuilder } from '@kpc/ir';
import type { CliIO } from '../io.ts';
import type { Project } from '../project.ts';

/** Both finding lists in one, ordered by file, line and column (stable: rules first). */
function mergeFindings(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  const files = new Map<string, number>();
  for (const f of [...a, ...b])
    if (!files.has(f.location.file)) files.set(f.location.file, files.size);
  return [...a, ...b].sort(
    (x, y) =>
      files.get(x.location.file)! - files.get(y.location.file)! ||
      x.location.line - y.location.line ||
      x.location.column - y.location.column,
  );
}

export interface LoadedCrds {
  readonly registry?: KindSchemaRegistry;
  readonly diagnostics: readonly Diagnostic[];
  readonly unreadable: number;
}

/**
 * The config's `crds` (files or directories, relative to the config file) as a schema
 * registry for custom kinds. Problems in them are input errors (exit 2): a CRD that does
 * not load would silently leave its kind unchecked.
 */
export async function loadCrds(io: CliIO, project: Project): Promise<LoadedCrds> {
  const paths = project.config.crds ?? [];
  if (paths.length === 0) return { diagnostics: [], unreadable: 0 };
  const loaded = await loadInputs(
    paths.map((p) => relative(io.cwd, resolve(project.baseDir, p)) || '.'),
  );
  const { registry, diagnostics } = createCrdSchemaRegistry(loaded.documents);
  return {
    registry,
    diagnostics: [...loaded.diagnostics, ...diagnostics],
    unreadable: loaded.unreadableInputs,
  };
}

/** The lint options of a run: schema validation with the config's CRDs, exceptions, time. */
export function lintOptionsOf(
  project: Project,
  crds: LoadedCrds,
  kubernetesVersion: string | undefined,
  now: number,
): LintOptions {
  const registry = crds.registry;
  const api = createApiChecker({
    kubernetesVersion:
      kubernetesVersion ?? project.config.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
    ...(registry ? { isCustomKind: (a, k) => registry.lookup(a, k) !== undefined } : {}),
  });
  return {
    validate: (doc: LoadedDocument) =>
      validateDocument(doc, {
        ...(registry ? { crds: registry } : {}),
        api,
        podSpecLocations: project.podSpecLocations,
      }),
    api,
    excludedNamespaces: project.config.excludedNamespaces ?? [],
    exceptions: project.exceptions,
    podSpecLocations: project.podSpecLocations,
    now,
  };
}

/** One input file linted: its report part and what the run's totals need from it. */
export interface FileResult {
  /** The part for the report (with `sourceLine` when source lines were asked for). */
  readonly part: ReportPart;
  /** Ids of the exceptions that matched something in this file. */
  readonly matchedExceptions: readonly string[];
  readonly unreadableInputs: number;
  /** Files this result names (its documents' and its diagnostics'). */
  readonly files: readonly string[];
  readonly documents: number;
}

/**
 * Lints one loaded input file: rules and schema through `lint`, the offline part of image
 * verification (docs/image-verification.md: digest findings, and an info per selected image
 * that its signature is checked only in the cluster), and the objects the report lists.
 */
export function lintLoadedFile(
  loaded: LoadResult,
  project: Project,
  options: LintOptions,
  keepLines: boolean,
): FileResult {
  const files = new Set<string>();
  for (const d of loaded.diagnostics) if (d.location) files.add(d.location.file);
  // A file's last part without documents still says what its earlier parts left undecided.
  const undecided =
    options.partialSetParts?.final === true && options.partialSetParts.undecided.size > 0;
  if (loaded.documents.length === 0 && !undecided)
    return {
      part: {
        findings: [],
        objects: [],
        inputDiagnostics: loaded.diagnostics,
        lintDiagnostics: [],
      },
      matchedExceptions: [],
      unreadableInputs: loaded.unreadableInputs,
      files: [...files],
      documents: 0,
    };
  const linted = lint(loaded.documents, project.rules, options);
  const signed = lintImageVerifications(
    loaded.documents,
    project.config.imageVerification ?? [],
    options,
  );
  const result =
    signed.findings.length + signed.diagnostics.length === 0
      ? linted
      : {
          ...linted,
          findings: mergeFindings(linted.findings, signed.findings),
          diagnostics: [...linted.diagnostics, ...signed.diagnostics],
        };
  const firstDoc = new Map<string, LoadedDocument>();
  const objects: ReportObject[] = [];
  loaded.documents.forEach((d, i) => {
    if (!firstDoc.has(d.file)) firstDoc.set(d.file, d);
    files.add(d.file);
    const uid = (d.object.metadata as { uid?: unknown } | undefined)?.uid;
    objects.push({
      file: d.file,
      resource: {
        apiVersion: d.apiVersion,
        kind: d.kind,
        ...(d.namespace !== undefined ? { namespace: d.namespace } : {}),
        ...(d.name !== undefined ? { name: d.name } : {}),
      },
      rules: result.rulesRun[i] ?? [],
      ...(typeof uid === 'string' ? { uid } : {}),
    });
  });
  return {
    part: {
      findings: result.findings,
      objects,
      inputDiagnostics: loaded.diagnostics,
      lintDiagnostics: result.diagnostics,
      // Any document of a file reads its lines (they share the file's text), while the
      // part is written: nothing of the file is kept after it.
      ...(keepLines
        ? { sourceLine: (file: string, line: number) => firstDoc.get(file)?.sourceLine(line) }
        : {}),
    },
    matchedExceptions: [...result.matchedExceptions],
    unreadableInputs: loaded.unreadableInputs,
    files: [...files],
    documents: loaded.documents.length,
  };
}

/**
 * The source lines the text reporter's code frames read for a part's findings (two above
 * each finding's line, the line, one below), so a part can cross a thread without its file.
 */
export function frameLines(part: ReportPart): Record<string, Record<number, string>> {
  const out: Record<string, Record<number, string>> = {};
  const read = part.sourceLine;
  if (!read) return out;
  for (const f of part.findings) {
    const lines = out[f.location.file] ?? {};
    out[f.location.file] = lines;
    for (let n = Math.max(1, f.location.line - 2); n <= f.location.line + 1; n++) {
      if (n in lines) continue;
      const text = read(f.location.file, n);
      if (text !== undefined) lines[n] = text;
    }
  }
  return out;
}

/**
 * The object set of referential rules, read from `parts` (one pass over the inputs): the
 * objects of `kinds` (what the selected rules declare in `reads`: `list` and `get` answer
 * nothing else), each normalised as it is read, so only the set is held, not the documents.
 * The main thread's first pass and each worker's use it alike, so both build the same set.
 */
export async function readObjectSet(
  parts: AsyncIterable<LoadResult> | Iterable<LoadResult>,
  kinds: ReadonlySet<string>,
): Promise<ObjectSet> {
  const set = objectSetBuilder();
  for await (const loaded of parts)
    for (const d of loaded.documents) if (kinds.has(d.kind)) set.add(d.object);
  return set.build();
}
