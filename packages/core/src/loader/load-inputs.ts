/** Reads files, directories and stdin into Kubernetes documents. Never throws. */
import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { type Diagnostic, diagnostic } from '@kpc/ir';
import { resolveLimits } from './limits.ts';
import {
  type LoadPart,
  type ParseManifestOptions,
  parseManifestParts,
} from './parse-manifest-text.ts';
import {
  type ReadableFile,
  type ReadStreamOptions,
  readManifestStream,
  readStdinStream,
} from './read-manifest-stream.ts';
import type { LoadedDocument, LoaderLimits, LoadResult } from './types.ts';

/** Options of {@link loadInputs}. */
export interface LoadInputsOptions {
  /** Limits; unset ones take the defaults of docs/loader.md. */
  readonly limits?: Partial<LoaderLimits>;
  /** Reads stdin for the input `-`, whole. Default: {@link stdinChunks}. */
  readonly stdin?: () => Promise<Uint8Array>;
  /**
   * Stdin for the input `-` as chunks as they come, read incrementally through a temporary
   * file (docs/loader.md); used when `stdin` is not given. Default: `process.stdin`.
   */
  readonly stdinChunks?: () => AsyncIterable<Uint8Array>;
  /** Documents per part of a long YAML stream ({@link loadInputParts}); default 200. */
  readonly chunkDocuments?: number;
}

/** The file name used in locations for stdin. */
export const STDIN_FILE = '<stdin>';

const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;
const JSON_FILE = /\.json$/i;
const SKIPPED_DIRECTORIES = new Set(['node_modules']);
/**
 * Files that are never Kubernetes manifests, skipped in directory walks (a file named
 * explicitly is always read): package and tool configuration, Helm chart metadata and values.
 */
const SKIPPED_FILES =
  /^(package(-lock)?\.json|npm-shrinkwrap\.json|[jt]sconfig(\..*)?\.json|biome\.jsonc?|renovate\.json|composer\.json|deno\.jsonc?|Chart\.ya?ml|values(\..*)?\.ya?ml|docker-compose(\..*)?\.ya?ml|compose\.ya?ml|pnpm-(lock|workspace)\.yaml|\.[^/]*)$/;

/**
 * Loads every input: a file (any extension), a directory (recursively, only `.yaml`, `.yml`
 * and `.json`, in sorted order, skipping `node_modules`, hidden entries and well-known
 * non-manifest files such as `package.json`, `tsconfig.json`, `Chart.yaml` and
 * `values.yaml`), or `-` for stdin.
 * Inputs are read one after another so the output order is deterministic. Problems are
 * diagnostics; `unreadableInputs` counts inputs that could not be read or decoded at all.
 */
export async function loadInputs(
  inputs: readonly string[],
  options: LoadInputsOptions = {},
): Promise<LoadResult> {
  const documents: LoadedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  let unreadableInputs = 0;
  for await (const r of loadInputsByFile(inputs, options)) {
    documents.push(...r.documents);
    diagnostics.push(...r.diagnostics);
    unreadableInputs += r.unreadableInputs;
  }
  return { documents, diagnostics, unreadableInputs };
}

/**
 * {@link loadInputs} one file at a time: yields one result per file read (stdin is one
 * file) and one per input that could not be read, in the same order and with the same
 * documents and diagnostics as `loadInputs`. A caller that drops each result before asking
 * for the next holds only one file's documents at a time. Never throws.
 */
export async function* loadInputsByFile(
  inputs: readonly string[],
  options: LoadInputsOptions = {},
): AsyncGenerator<LoadResult, void, undefined> {
  let documents: LoadedDocument[] = [];
  for await (const part of loadInputParts(inputs, options)) {
    for (const d of part.documents) documents.push(d);
    if (!part.last) continue;
    yield { documents, diagnostics: part.diagnostics, unreadableInputs: part.unreadableInputs };
    documents = [];
  }
}

/**
 * {@link loadInputsByFile} in parts ({@link parseManifestParts}): a long YAML stream comes as
 * one part per chunk of documents, the file's diagnostics with its last part. `kpc lint`
 * lints and reports each part before reading the next, so a single large file is held one
 * chunk of objects at a time.
 */
export async function* loadInputParts(
  inputs: readonly string[],
  options: LoadInputsOptions = {},
): AsyncGenerator<LoadPart, void, undefined> {
  const limits = resolveLimits(options.limits);
  const parse =
    options.chunkDocuments !== undefined ? { chunkDocuments: options.chunkDocuments } : {};
  for await (const entry of listInputs(inputs))
    if ('file' in entry) yield* loadManifestFileParts(entry.file, limits, parse);
    else if (entry.stdin)
      yield* options.stdin
        ? await loadStdinParts(options.stdin, limits, parse)
        : readStdinStream(
            (options.stdinChunks ?? (() => process.stdin))(),
            STDIN_FILE,
            limits,
            parse,
            (e) => ({ ...stdinFailed(e), last: true }),
          );
    else yield { ...entry.unreadable, last: true };
}

/**
 * One entry of {@link listInputs}: a manifest file to read, stdin (the input `-`), or an
 * input that cannot be read (its result, with the located diagnostic).
 */
export type InputEntry =
  | { readonly file: string }
  | { readonly stdin: true }
  | { readonly stdin?: undefined; readonly unreadable: LoadResult };

/**
 * What {@link loadInputsByFile} reads, in its order, without reading it: directories are
 * walked (sorted, with the same skips), top-level inputs that do not exist or cannot be read
 * are unreadable entries. A file reached twice (named twice, named and inside a named
 * directory, or through a symlink) is listed once, at its first place: its objects are one
 * set, not two. `kpc lint` hands the files to worker threads from this list.
 */
export async function* listInputs(
  inputs: readonly string[],
): AsyncGenerator<InputEntry, void, undefined> {
  const listed = new Set<string>();
  for (const input of inputs) {
    if (input === '-') {
      yield { stdin: true };
      continue;
    }
    const files: string[] = [];
    const missing = await collectFiles(input, files, new Set(), true);
    if (missing) {
      yield { unreadable: unreadable(input, missing.code, missing.message, missing.hint) };
      continue;
    }
    for (const file of files) {
      // The native call, synchronously: one thread-pool round trip per file cost more than
      // the call itself (65 ms against 6 ms for the 500 files of the benchmark corpus).
      let real: string;
      try {
        real = realpathSync.native(file);
      } catch {
        real = resolve(file);
      }
      if (listed.has(real)) continue;
      listed.add(real);
      yield { file };
    }
  }
}

/**
 * Reads and parses one manifest file: a YAML file incrementally, a JSON file whole (a JSON
 * file over `maxFileBytes` is not read). Never throws.
 */
export async function loadManifestFile(file: string, limits: LoaderLimits): Promise<LoadResult> {
  const documents: LoadedDocument[] = [];
  for await (const part of loadManifestFileParts(file, limits)) {
    for (const d of part.documents) documents.push(d);
    if (part.last) return { ...part, documents };
  }
  throw new Error('unreachable: a file always ends with its last part');
}

/** {@link loadManifestFile} in parts ({@link parseManifestParts}). Never throws. */
export async function* loadManifestFileParts(
  file: string,
  limits: LoaderLimits,
  options: ReadStreamOptions = {},
): AsyncGenerator<LoadPart, void, undefined> {
  // A YAML file that is a regular file is read incrementally; JSON, pipes and devices whole.
  // A regular file is read synchronously: its reads never wait on another process, and each
  // asynchronous call is a round trip through libuv's thread pool (the open, stat, reads and
  // close of both passes over the 500 benchmark files: 377–429 ms async, 23–27 ms sync).
  // The kind is asked before any open: opening a FIFO would block until a writer comes, and
  // a FIFO opened and closed again loses what its writer wrote.
  if (!JSON_FILE.test(file) && isRegularFile(file)) {
    let fd: number | undefined;
    try {
      fd = openSync(file, 'r');
    } catch {
      // The whole-file read below reports the failure as it always did.
    }
    if (fd !== undefined)
      try {
        yield* readManifestStream(syncFile(fd), file, limits, options);
        return;
      } finally {
        closeQuietly(fd);
      }
  }
  let bytes: Uint8Array;
  try {
    const info = await stat(file);
    bytes =
      info.size > limits.maxFileBytes
        ? new Uint8Array(limits.maxFileBytes + 1)
        : await readFile(file);
  } catch (e) {
    yield {
      ...unreadable(
        file,
        'LOAD_READ_FAILED',
        `Could not read the file: ${errorText(e)}.`,
        'Check the path and its permissions.',
      ),
      last: true,
    };
    return;
  }
  yield* parseManifestParts(bytes, file, limits, options);
}

function isRegularFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A file descriptor read with `readSync` behind the promise interface the stream reader takes. */
function syncFile(fd: number): ReadableFile {
  return {
    read: async (buffer, offset, length, position) => ({
      bytesRead: readSync(fd, buffer, offset, length, position),
    }),
  };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Nothing was written through it: a failed close loses nothing.
  }
}

/** Stdin's parts; reading it is the only step that can fail. */
async function loadStdinParts(
  read: () => Promise<Uint8Array>,
  limits: LoaderLimits,
  options: ParseManifestOptions,
): Promise<Iterable<LoadPart>> {
  try {
    return parseManifestParts(await read(), STDIN_FILE, limits, options);
  } catch (e) {
    return [{ ...stdinFailed(e), last: true }];
  }
}

function stdinFailed(e: unknown): LoadResult {
  return unreadable(
    STDIN_FILE,
    'LOAD_READ_FAILED',
    `Could not read stdin: ${errorText(e)}.`,
    'Pipe YAML or JSON into kpc.',
  );
}

/** The result of an input that could not be read at all. */
function unreadable(
  file: string,
  code: 'LOAD_NOT_FOUND' | 'LOAD_READ_FAILED',
  message: string,
  hint: string,
): LoadResult {
  return {
    documents: [],
    diagnostics: [
      diagnostic({
        code,
        severity: 'error',
        message,
        hint,
        location: { file, line: 1, column: 1 },
      }),
    ],
    unreadableInputs: 1,
  };
}

interface Problem {
  code: 'LOAD_NOT_FOUND' | 'LOAD_READ_FAILED';
  message: string;
  hint: string;
}

/** Appends the manifest files under `path` in sorted order; returns a problem for a bad top-level input. */
async function collectFiles(
  path: string,
  out: string[],
  seen: Set<string>,
  topLevel: boolean,
): Promise<Problem | undefined> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return {
        code: 'LOAD_NOT_FOUND',
        message: 'No such file or directory.',
        hint: 'Check the path.',
      };
    return {
      code: 'LOAD_READ_FAILED',
      message: `Could not read: ${errorText(e)}.`,
      hint: 'Check the path and its permissions.',
    };
  }
  if (!info.isDirectory()) {
    if (topLevel || (MANIFEST_EXTENSION.test(path) && !SKIPPED_FILES.test(basename(path))))
      out.push(path);
    return undefined;
  }
  let real: string;
  try {
    real = await realpath(path);
    if (seen.has(real)) return undefined; // a symlink loop
    seen.add(real);
    const entries = (await readdir(path)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of entries) {
      // Hidden entries (.git, .github, .vscode…) and node_modules hold no manifests to lint.
      if (SKIPPED_DIRECTORIES.has(name) || name.startsWith('.')) continue;
      const problem = await collectFiles(join(path, name), out, seen, false);
      // A dangling symlink inside a directory is not an input the user named; skip it.
      if (problem?.code === 'LOAD_READ_FAILED') out.push(join(path, name));
    }
  } catch (e) {
    return {
      code: 'LOAD_READ_FAILED',
      message: `Could not read the directory: ${errorText(e)}.`,
      hint: 'Check its permissions.',
    };
  }
  return undefined;
}

function errorText(e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  if (typeof code === 'string') return code;
  return e instanceof Error ? e.message : String(e);
}
