/**
 * Parses the text of one input (YAML stream or JSON) into Kubernetes objects that keep
 * their source positions. Bad input becomes located diagnostics with LOAD_* codes; this
 * module never throws, never recurses on unchecked depth, and never returns a stack trace.
 */

import {
  type Diagnostic,
  type DiagnosticCode,
  diagnostic,
  fromPointer,
  GOYAML_EXTRA_LINE_BREAK,
  GOYAML_FORBIDDEN_CHAR,
  resolveGoYamlPlain,
  type SourceLocation,
} from '@kpc/ir';
import {
  Composer,
  type CST,
  type Document,
  type DocumentOptions,
  isCollection,
  isNode,
  isScalar,
  type ParseOptions,
  Parser,
  parseDocument,
  type ScalarTag,
  type SchemaOptions,
  type Tags,
  visit,
  type YAMLError,
} from 'yaml';
import { byteOffsetToTextOffset, decodeInput } from './decode-input.ts';
import { createScalarResolver, fastParseStream, locateInTable } from './fast-yaml.ts';
import { templateActionOffset } from './go-template.ts';
import { resolveLimits } from './limits.ts';
import { LineIndex } from './line-index.ts';
import { locateInAst } from './locate-node.ts';
import { findTooDeepInJson, jsDepthExceeds, scanCst } from './nesting-depth.ts';
import type { LoadedDocument, LoaderLimits, LoadResult } from './types.ts';

/** Tags of the YAML 1.1 schema that Kubernetes' decoder (go-yaml v2) does not apply implicitly. */
const DROPPED_TAGS = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
  'tag:yaml.org,2002:set',
]);

const NUMBER_TAGS = new Set(['tag:yaml.org,2002:int', 'tag:yaml.org,2002:float']);

/**
 * Plain scalars starting with a digit, sign or `.`, read as go-yaml v2 reads them
 * (@kpc/ir, yaml/goyaml-scalar.ts): `0o17` is 15, `1_000` is 1000, `1:30`, `e3` and `1e400` stay
 * strings, `.inf` and `.nan` are errors (sigs.k8s.io/yaml cannot convert them to JSON).
 */
const GOYAML_NUMBER_TAG: ScalarTag = {
  tag: 'tag:yaml.org,2002:kpc-goyaml-number',
  default: true,
  test: /^[-+.0-9]/,
  resolve(source: string, onError: (message: string) => void) {
    const r = resolveGoYamlPlain(source);
    if (r.ok) return r.value;
    onError(r.reason);
    return source;
  },
};

/** Most diagnostics reported for one YAML document, so a garbage file cannot flood output. */
const MAX_ERRORS_PER_DOCUMENT = 5;

/**
 * YAML options chosen to read manifests as the Kubernetes API server does: YAML 1.1 scalars
 * (`yes`/`on` are booleans, `0755` is octal), merge keys, but no timestamps or sexagesimal
 * numbers (sigs.k8s.io/yaml keeps those as strings and integers in base 10).
 */
export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  merge: true,
  prettyErrors: false,
  uniqueKeys: true,
  keepSourceTokens: false,
  // The package's warnings (e.g. a list or map used as a key) went to stderr through
  // process.emitWarning; kpc reports problems as diagnostics only.
  logLevel: 'error',
  customTags: (tags: Tags): Tags => [
    GOYAML_NUMBER_TAG,
    ...tags
      .filter((t) => typeof t === 'string' || (!DROPPED_TAGS.has(t.tag) && t.format !== 'TIME'))
      .map((t) =>
        // go-yaml's number rules replace YAML 1.1's (see GOYAML_NUMBER_TAG); the YAML 1.1
        // number tags stay for explicit `!!int` / `!!float` only.
        typeof t !== 'string' && NUMBER_TAGS.has(t.tag) ? { ...t, default: false } : t,
      ),
  ],
};

type ParsedDoc = Document.Parsed;

/** Where a context's lines come from: the file's line index, or a piece's (a stream read in pieces). */
interface SourceLines {
  location(file: string, start: number, end?: number): SourceLocation;
  line(line: number): string | undefined;
}

/**
 * Per-file shared state for building documents and diagnostics. A chunk of a stream
 * ({@link YamlStreamReader}) has a context of its own that shares the file's documents,
 * diagnostics and bad characters: `text` is the chunk, `base` its offset in the file, and
 * its `lines` locate offsets of the file, so every offset a parser gives for the chunk is
 * located in the whole file.
 */
class FileContext {
  readonly diagnostics: Diagnostic[];
  readonly documents: LoadedDocument[];
  /**
   * Offsets in the whole file of characters go-yaml refuses or reads as line breaks
   * (findBadCharacters), the first {@link MAX_BAD_CHARACTERS}.
   */
  readonly badChars: number[];
  readonly badCharsReported: Set<number>;
  /** Whether LOAD_TOO_MANY_DOCUMENTS was reported: nothing more of the file is read. */
  readonly limit: { reached: boolean };
  /**
   * Objects of the file added so far (`documents` holds only those not yet handed out:
   * {@link parseManifestParts} empties it after each chunk).
   */
  readonly added: { count: number };
  /** Offset of `text` in the file's text. */
  readonly base: number;
  /** Index of the first document of `text` in the file. */
  readonly documentBase: number;
  #lines: SourceLines | undefined;
  constructor(
    readonly file: string,
    readonly text: string,
    readonly limits: LoaderLimits,
    chunkOf?: { ctx: FileContext; base: number; documentBase: number; lines: SourceLines },
  ) {
    const parent = chunkOf?.ctx;
    this.diagnostics = parent?.diagnostics ?? [];
    this.documents = parent?.documents ?? [];
    this.badChars = parent?.badChars ?? [];
    this.badCharsReported = parent?.badCharsReported ?? new Set<number>();
    this.limit = parent?.limit ?? { reached: false };
    this.added = parent?.added ?? { count: 0 };
    this.base = chunkOf?.base ?? 0;
    this.documentBase = chunkOf?.documentBase ?? 0;
    this.#lines = chunkOf?.lines;
  }
  get lines(): SourceLines {
    this.#lines ??= new LineIndex(this.text);
    return this.#lines;
  }
  /** Location of offsets in `text` (not the file: the context adds `base`). */
  at(start: number, end?: number): SourceLocation {
    return this.lines.location(
      this.file,
      this.base + start,
      end === undefined ? undefined : this.base + end,
    );
  }
  /** Reports LOAD_TOO_MANY_DOCUMENTS once per file, at `start` (an offset in `text`). */
  tooMany(start: number, what: 'documents' | 'objects'): void {
    if (this.limit.reached) return;
    this.limit.reached = true;
    this.report(
      'LOAD_TOO_MANY_DOCUMENTS',
      `The input has more than ${this.limits.maxDocuments} ${what}; the rest is not read.`,
      start,
      { hint: 'Split the input, or raise maxDocuments (docs/loader.md).' },
    );
  }
  report(
    code: DiagnosticCode,
    message: string,
    start: number,
    extra: { hint?: string; pointer?: string; end?: number; severity?: 'error' | 'info' } = {},
  ): void {
    this.diagnostics.push(this.diagnostic(code, message, start, extra));
  }
  /** The diagnostic {@link report} adds, without adding it. */
  diagnostic(
    code: DiagnosticCode,
    message: string,
    start: number,
    extra: { hint?: string; pointer?: string; end?: number; severity?: 'error' | 'info' } = {},
  ): Diagnostic {
    return diagnostic({
      code,
      severity: extra.severity ?? 'error',
      message,
      ...(extra.hint ? { hint: extra.hint } : {}),
      location: this.at(start, extra.end),
      ...(extra.pointer !== undefined ? { pointer: extra.pointer } : {}),
    });
  }
}

/** Options of {@link parseManifestText}. */
export interface ParseManifestOptions {
  /**
   * Try the fast path for plain block YAML first (default true). Off, every input goes
   * through the `yaml` package; results are the same either way (tested).
   */
  readonly fastPath?: boolean;
  /**
   * Documents per chunk when a YAML stream is split at `---` before parsing (default
   * {@link CHUNK_DOCUMENTS}; `Infinity`: never split). Results are the same either way
   * (tested); only time and the parser's working memory change.
   */
  readonly chunkDocuments?: number;
}

/**
 * Parses one input's text or bytes. JSON is detected by a `.json` file name, or for stdin by
 * a leading `{`. Empty documents are skipped; a file with no object at all gets an info
 * diagnostic (LOAD_EMPTY). `kind: List` and `*List` kinds with an `items` array become one
 * document per item. Never throws. The documents and diagnostics of
 * {@link parseManifestParts}, in one result.
 */
export function parseManifestText(
  input: string | Uint8Array,
  file: string,
  limits?: Partial<LoaderLimits>,
  options: ParseManifestOptions = {},
): LoadResult {
  const documents: LoadedDocument[] = [];
  for (const part of parseManifestParts(input, file, limits, options)) {
    for (const d of part.documents) documents.push(d);
    if (part.last) return { ...part, documents };
  }
  throw new Error('unreachable: parseManifestParts always ends with its last part');
}

/** One part of a file's parse: some of its documents; the last part also has its diagnostics. */
export interface LoadPart extends LoadResult {
  /**
   * The file's last part. Only it carries the file's diagnostics (all of them, in order: a
   * file-level check such as the unrendered-template one can replace earlier ones) and its
   * `unreadableInputs`; the parts before it have documents only.
   */
  readonly last: boolean;
}

/**
 * {@link parseManifestText} in parts: a YAML stream split into chunks (splitYamlStream)
 * yields each chunk's documents as soon as it is parsed, so that a caller which lints and
 * reports them before asking for the next holds one chunk's objects at a time, not the
 * file's. Concatenated, the parts are exactly `parseManifestText`'s result.
 */
export function* parseManifestParts(
  input: string | Uint8Array,
  file: string,
  limits?: Partial<LoaderLimits>,
  options: ParseManifestOptions = {},
): Generator<LoadPart, void, undefined> {
  const lim = resolveLimits(limits);
  const last = (r: LoadResult): LoadPart => ({ ...r, last: true });
  let text: string;
  if (typeof input === 'string') {
    if (Buffer.byteLength(input, 'utf8') > lim.maxFileBytes) return yield last(tooLarge(file, lim));
    if (input.includes('\u0000')) {
      const ctx = new FileContext(file, input, lim);
      ctx.report(
        'LOAD_BINARY',
        'The input contains NUL bytes: it looks binary, not YAML or JSON.',
        input.indexOf('\u0000'),
        {
          hint: 'Pass only YAML or JSON manifests.',
        },
      );
      return yield last({ documents: [], diagnostics: ctx.diagnostics, unreadableInputs: 1 });
    }
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    if (input.byteLength > lim.maxFileBytes) return yield last(tooLarge(file, lim));
    const decoded = decodeInput(input);
    if (!decoded.ok) {
      const prefix = byteOffsetToTextOffset(input, decoded.byteOffset);
      const prefixText = new TextDecoder('utf-8').decode(input.subarray(0, decoded.byteOffset));
      const at = new LineIndex(prefixText).location(file, prefix);
      return yield undecodable(decoded.reason, decoded.byteOffset, at);
    }
    text = decoded.text;
  }
  const ctx = new FileContext(file, text, lim);
  const trimmed = text.trimStart();
  const isJson =
    /\.json$/i.test(file) ||
    (file === '<stdin>' && trimmed.startsWith('{') && looksLikeJson(trimmed));
  if (isJson) {
    const unreadable = parseJson(ctx);
    return yield yamlEnd(ctx, unreadable, undefined);
  }
  // The whole text is one read: the stream's chunks share the file's line index.
  const reader = new YamlStreamReader(ctx, options, ctx.lines);
  const parts = new PartHolder(ctx);
  for (const _ of reader.push(text)) yield* parts.next();
  const unreadable = yield* parts.drain(reader.end());
  yield parts.last(unreadable, reader.template);
}

/**
 * {@link parseManifestParts} of a YAML stream given as text in consecutive pieces of any size
 * (the reads of a file, decoded: a piece may end inside a line), with the same parts,
 * documents, locations and diagnostics as the text given whole (tested). Each chunk of the
 * stream is held only until its documents are handed out. The input must already have
 * passed the checks of the whole input (NUL bytes, UTF-8: `readManifestStream`); a leading
 * BOM must already be dropped. `maxFileBytes` bounds the text held at once: a chunk that
 * cannot be cut below it (one document, or the rest of the stream after an unclosed quoted
 * scalar) is a located LOAD_TOO_LARGE and the rest of the input is not read. Never throws.
 */
export async function* parseManifestStream(
  reads: AsyncIterable<string>,
  file: string,
  limits?: Partial<LoaderLimits>,
  options: ParseManifestOptions = {},
): AsyncGenerator<LoadPart, void, undefined> {
  const ctx = new FileContext(file, '', resolveLimits(limits));
  const reader = new YamlStreamReader(ctx, options, undefined);
  const parts = new PartHolder(ctx);
  for await (const text of reads) {
    for (const _ of reader.push(text)) yield* parts.next();
    if (reader.closed) break;
  }
  const unreadable = yield* parts.drain(reader.end());
  yield parts.last(unreadable, reader.template);
}

/**
 * The parts of a YAML stream: each chunk's documents are handed out when the next chunk
 * has documents, so that the last chunk's come with the file's diagnostics and a file of
 * one chunk is one part.
 */
class PartHolder {
  #held: LoadedDocument[] = [];
  constructor(readonly ctx: FileContext) {}
  /** After a chunk: the documents of the chunk before, if this one has documents. */
  *next(): Generator<LoadPart, void, undefined> {
    if (this.ctx.documents.length === 0) return;
    if (this.#held.length > 0)
      yield { documents: this.#held, diagnostics: [], unreadableInputs: 0, last: false };
    this.#held = this.ctx.documents.splice(0);
  }
  /** Runs the reader's end, handing out parts; returns its result. */
  *drain(steps: Generator<void, number, undefined>): Generator<LoadPart, number, undefined> {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      yield* this.next();
    }
  }
  /** The file's last part, after the file-level checks (templates, LOAD_EMPTY). */
  last(unreadable: number, template: SourceLocation | undefined): LoadPart {
    this.ctx.documents.unshift(...this.#held);
    this.#held = [];
    return yamlEnd(this.ctx, unreadable, template);
  }
}

/**
 * The file's last part: the unrendered-template check (a YAML file with `template`, the
 * location of its first Go template action), LOAD_EMPTY, and every diagnostic of the file.
 */
function yamlEnd(
  ctx: FileContext,
  unreadableIn: number,
  template: SourceLocation | undefined,
): LoadPart {
  let unreadable = unreadableIn;
  if (template && replaceTemplateErrors(ctx, template)) unreadable = 0;
  if (
    unreadable === 0 &&
    ctx.added.count === 0 &&
    !ctx.diagnostics.some((d) => d.severity === 'error')
  )
    ctx.report('LOAD_EMPTY', 'The input contains no Kubernetes object.', 0, { severity: 'info' });
  return {
    documents: ctx.documents.splice(0),
    diagnostics: ctx.diagnostics,
    unreadableInputs: unreadable,
    last: true,
  };
}

/** Codes of the errors an unrendered template causes (replaced by one LOAD_TEMPLATE). */
const TEMPLATE_NOISE: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'LOAD_YAML_SYNTAX',
  'LOAD_YAML_TAB',
  'LOAD_DUPLICATE_KEY',
  'LOAD_NOT_AN_OBJECT',
  'LOAD_MISSING_API_VERSION',
  'LOAD_MISSING_KIND',
  'LOAD_UNSUPPORTED_VALUE',
]);

/**
 * A file with YAML errors and Go template actions (`{{ .Values.x }}`) is an unrendered Helm
 * chart template: its errors are replaced by one LOAD_TEMPLATE at the first action. A file
 * that parses is linted as it is, templates or not: `{{ … }}` inside strings is common in
 * valid manifests (Argo Workflows parameters, Prometheus alert texts). Documents of the file
 * that did parse are kept. Returns whether it replaced anything.
 */
function replaceTemplateErrors(ctx: FileContext, at: SourceLocation): boolean {
  if (!ctx.diagnostics.some((d) => d.severity === 'error' && TEMPLATE_NOISE.has(d.code)))
    return false;
  const kept = ctx.diagnostics.filter((d) => !TEMPLATE_NOISE.has(d.code));
  ctx.diagnostics.length = 0;
  ctx.diagnostics.push(...kept);
  ctx.diagnostics.push(
    diagnostic({
      code: 'LOAD_TEMPLATE',
      severity: 'error',
      message:
        'This file is an unrendered Helm/Go template (`{{ … }}`), not a manifest yet: its YAML was not checked.',
      hint: 'Lint the rendered output: `helm template <release> <chart> | kpc lint` (or `kustomize build … | kpc lint`).',
      location: at,
    }),
  );
  return true;
}

/**
 * The result of an input that is not text (`binary`: a NUL byte) or not UTF-8 at
 * `byteOffset`, located at `at`, the end of the text before it.
 */
export function undecodable(
  reason: 'binary' | 'utf8',
  byteOffset: number,
  at: SourceLocation,
): LoadPart {
  const d =
    reason === 'binary'
      ? diagnostic({
          code: 'LOAD_BINARY',
          severity: 'error',
          message: 'The input contains NUL bytes: it looks binary, not YAML or JSON.',
          hint: 'Pass only YAML or JSON manifests.',
          location: at,
        })
      : diagnostic({
          code: 'LOAD_INVALID_UTF8',
          severity: 'error',
          message: `The input is not valid UTF-8 (byte offset ${byteOffset}).`,
          hint: 'Save the file as UTF-8.',
          location: at,
        });
  return { documents: [], diagnostics: [d], unreadableInputs: 1, last: true };
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function tooLarge(file: string, lim: LoaderLimits): LoadResult {
  return {
    documents: [],
    diagnostics: [
      diagnostic({
        code: 'LOAD_TOO_LARGE',
        severity: 'error',
        message: `The input is larger than the limit of ${lim.maxFileBytes} bytes.`,
        hint: 'Split the file, or raise maxFileBytes (docs/loader.md).',
        location: { file, line: 1, column: 1 },
      }),
    ],
    unreadableInputs: 1,
  };
}

/** JSON: exact JSON semantics from JSON.parse, positions and duplicate keys from the YAML AST. */
function parseJson(ctx: FileContext): number {
  const { text, limits } = ctx;
  const deep = findTooDeepInJson(text, limits.maxDepth);
  if (deep !== undefined) {
    ctx.report('LOAD_TOO_DEEP', `Nesting is deeper than the limit of ${limits.maxDepth}.`, deep, {
      hint: 'Kubernetes objects are never this deep; check how the file was generated.',
    });
    return 1;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    const offset = m ? Number(m[1]) : text.length;
    const reason = (msg.split(/, "|\.\.\.| in JSON| is not valid JSON|\n/)[0] ?? msg).trim();
    const truncated = offset >= text.trimEnd().length;
    ctx.report('LOAD_JSON_SYNTAX', `Invalid JSON: ${reason}.`, offset, {
      hint: truncated ? 'The JSON ends early: is the file truncated?' : 'Fix the JSON syntax.',
    });
    return 1;
  }
  // Tabs are insignificant whitespace in valid JSON (they cannot occur inside strings), but
  // YAML refuses them as indentation; replacing them keeps every offset unchanged.
  const ast = parseDocument(text.replace(/\t/g, ' '), { ...YAML_OPTIONS, version: '1.2' });
  let errors = 0;
  for (const err of ast.errors) {
    if (err.code !== 'DUPLICATE_KEY') continue;
    if (errors++ >= MAX_ERRORS_PER_DOCUMENT) break;
    ctx.report('LOAD_DUPLICATE_KEY', 'Duplicate key in a JSON object.', err.pos[0], {
      end: err.pos[1],
      hint: 'The API server rejects duplicate fields; keep one.',
    });
  }
  if (errors > 0) return 0;
  const usable = ast.errors.length === 0 ? ast : undefined;
  addObject(ctx, value, 0, astLocator(usable, 0));
  return 0;
}

function codeOfYamlError(err: YAMLError): DiagnosticCode {
  if (err.code === 'TAB_AS_INDENT') return 'LOAD_YAML_TAB';
  if (err.code === 'DUPLICATE_KEY') return 'LOAD_DUPLICATE_KEY';
  if (err.code === 'RESOURCE_EXHAUSTION') return 'LOAD_ALIAS_LIMIT';
  if (err.code === 'TAG_RESOLVE_FAILED') return 'LOAD_UNSUPPORTED_VALUE';
  return 'LOAD_YAML_SYNTAX';
}

function hintOf(code: DiagnosticCode): string {
  switch (code) {
    case 'LOAD_YAML_TAB':
      return 'Indent YAML with spaces, not tabs.';
    case 'LOAD_DUPLICATE_KEY':
      return 'The API server rejects duplicate fields; keep one.';
    case 'LOAD_ALIAS_LIMIT':
      return 'Expand the aliases, or raise maxAliasCount (docs/loader.md).';
    case 'LOAD_UNSUPPORTED_VALUE':
      return 'Quote the value if it is meant as a string; the API server cannot read it as it is.';
    default:
      return 'Fix the YAML syntax; `yamllint` shows the context.';
  }
}

function reportYamlErrors(ctx: FileContext, errors: readonly YAMLError[]): void {
  let n = 0;
  for (const err of errors) {
    if (n++ >= MAX_ERRORS_PER_DOCUMENT) break;
    const code = codeOfYamlError(err);
    const message = err.message.split('\n')[0] ?? err.message;
    ctx.report(code, message, err.pos[0], { end: err.pos[1], hint: hintOf(code) });
  }
}

/** The fast path's scalar resolver, shared by all inputs (its cache is bounded). */
let fastResolver: ((source: string, atKey: boolean) => unknown) | undefined;

/**
 * Documents per chunk when a stream is split before parsing ({@link YamlStreamReader}).
 * Large enough that a split costs nothing measurable, small enough that one malformed
 * document sends only its chunk, not the whole stream, to the slow precise parser. 100
 * rather than 200: the 10,000-document bad-input stream peaked at 122 MiB instead of 138,
 * and the 100,000-document one (a malformed document every 1,000) took about 15% less CPU
 * (docs/benchmarks.md, "Thirteenth session").
 */
export const CHUNK_DOCUMENTS = 100;

/**
 * Characters after which a chunk ends at its next marker even before `chunkDocuments`
 * documents, so that a chunk of large documents stays small (1 Mi UTF-16 units).
 */
const CHUNK_CHARS = 1 << 20;

/** Bad characters recorded per file (findBadCharacters); later ones are not looked for. */
const MAX_BAD_CHARACTERS = 1000;

/**
 * A YAML stream given in consecutive texts of any size, cut at document markers
 * ({@link isCutMarker}) into chunks of `chunkDocuments` documents (or of about
 * {@link CHUNK_CHARS}) that are parsed one after another (each by the fast path when it
 * can, else by the `yaml` package), with the file's offsets, lines, document indices,
 * limits and diagnostics. Only complete lines are cut, scanned for bad characters and
 * looked at for markers; the text after the last cut is held until the next one. Exact by
 * construction where the whole text could differ from its chunks:
 * - a chunk's text ends with the next chunk's `---` and the character after it, so its last
 *   document ends at a marker, as in the whole stream;
 * - when that marker does not start a document for the parser (an unclosed quoted scalar
 *   runs on past it), the rest of the stream is parsed as one chunk, as the whole stream is;
 * - the checks of the whole text are done per chunk with the file's counters: bad
 *   characters (the first {@link MAX_BAD_CHARACTERS} of the file; the first not reported by
 *   a document is reported at the end), the first Go template action, the document count.
 * `push` and `end` yield after each chunk whose documents are complete.
 */
class YamlStreamReader {
  readonly #ctx: FileContext;
  readonly #tryFast: boolean;
  readonly #every: number;
  /** The file's line index when the text is given whole (chunks then share it). */
  readonly #wholeLines: SourceLines | undefined;
  /** Text from the start of the current chunk, not parsed yet. */
  #pending = '';
  /** File offset of `#pending`. */
  #base = 0;
  /** Lines before `#pending`. */
  #lineBase = 0;
  /** `#pending` up to here is scanned (a line start). */
  #scanned = 0;
  /** Markers in `#pending` that could be cuts, since its start. */
  #markers = 0;
  #documentBase = 0;
  /** The two lines before `#pending`, by line number (code frames of its first lines). */
  #before = new Map<number, string>();
  /** An unclosed quoted scalar runs on: the rest of the stream is one chunk. */
  #runsOn = false;
  /** File offset of the first directive line (`%…`): no cut after it ({@link isCutMarker}). */
  #directiveAt = Number.POSITIVE_INFINITY;
  /** The document limit was reached or the parser threw: chunks are scanned, not parsed. */
  #stopped = false;
  #threw = false;
  /** The text held exceeded maxFileBytes: nothing more is read. */
  closed = false;
  /** Location of the first Go template action of the file. */
  template: SourceLocation | undefined;
  /** Bad characters that no document of their chunk reported, with their diagnostic. */
  readonly #unreported: Array<{ at: number; diagnostic: Diagnostic }> = [];

  constructor(
    ctx: FileContext,
    options: ParseManifestOptions,
    wholeLines: SourceLines | undefined,
  ) {
    this.#ctx = ctx;
    this.#tryFast = options.fastPath !== false;
    const every = options.chunkDocuments ?? CHUNK_DOCUMENTS;
    this.#every = every >= 1 ? every : Number.POSITIVE_INFINITY;
    this.#wholeLines = wholeLines;
    if (this.#tryFast && fastResolver === undefined)
      fastResolver = createScalarResolver(YAML_OPTIONS);
  }

  /** Adds the next text of the stream; yields after each chunk parsed. */
  *push(text: string): Generator<void, void, undefined> {
    if (this.closed || text === '') return;
    this.#pending += text;
    yield* this.#scan(false);
  }

  /**
   * Ends the stream: parses what is left. Returns 1 when nothing could be parsed at all or
   * the input was refused in part (LOAD_TOO_LARGE).
   */
  *end(): Generator<void, number, undefined> {
    if (!this.closed) {
      yield* this.#scan(true);
      if (!this.closed) {
        this.#chunk(this.#pending.length, true);
        yield;
      }
    }
    const ctx = this.#ctx;
    // An input refused in part (LOAD_TOO_LARGE) counts as unreadable, as a file refused whole.
    if (this.closed) return 1;
    if (this.#threw) return ctx.added.count === 0 ? 1 : 0;
    // A character outside every document (in a comment between them) still fails the stream.
    const first = this.#unreported.find((u) => !ctx.badCharsReported.has(u.at));
    if (first) ctx.diagnostics.push(first.diagnostic);
    return 0;
  }

  /** Scans the new complete lines (all the text at the end) and cuts chunks at markers. */
  *#scan(atEnd: boolean): Generator<void, void, undefined> {
    const text = this.#pending;
    const complete = text.lastIndexOf('\n') + 1;
    const end = atEnd ? text.length : complete;
    if (end > this.#scanned) this.#findBadCharacters(text, this.#scanned, end);
    let from = 0;
    const split = Number.isFinite(this.#every);
    if (this.#directiveAt === Number.POSITIVE_INFINITY) {
      const at =
        this.#base === 0 && text.startsWith('%')
          ? 0
          : text.indexOf('\n%', Math.max(0, this.#scanned - 1)) + 1 || -1;
      if (at >= 0) this.#directiveAt = this.#base + at;
    }
    for (
      let i = text.indexOf('\n---', Math.max(0, this.#scanned - 1));
      i !== -1 && i + 1 < complete && split && !this.#runsOn;
      i = text.indexOf('\n---', i + 4)
    ) {
      const at = i + 1;
      if (this.#base + at > this.#directiveAt) break;
      if (!isCutMarker(text, at)) continue;
      if (++this.#markers < this.#every && at - from < CHUNK_CHARS) continue;
      if (!this.#chunk(at, false, from)) continue;
      from = at;
      this.#markers = 0;
      yield;
    }
    this.#advance(from);
    this.#scanned = Math.max(0, end - from);
    this.#checkSize();
  }

  /** Records the bad characters of `text` in [from, to), a run of complete lines (or the end). */
  #findBadCharacters(text: string, from: number, to: number): void {
    const found = this.#ctx.badChars;
    if (found.length >= MAX_BAD_CHARACTERS) return;
    const re = BAD_CHARACTER;
    re.lastIndex = from;
    for (let m = re.exec(text); m !== null && m.index < to; m = re.exec(text)) {
      found.push(this.#base + m.index);
      if (found.length >= MAX_BAD_CHARACTERS) break;
    }
  }

  /**
   * Parses the chunk [from, to) of `#pending` (with the next marker's first 4 characters
   * unless `last`). False when it is not a chunk: the marker at `to` does not start a
   * document for the parser, so the rest of the stream is one chunk.
   */
  #chunk(to: number, last: boolean, from = 0): boolean {
    const ctx = this.#ctx;
    const pending = this.#pending;
    const text = pending.slice(from, last ? to : to + 4);
    const base = this.#base + from;
    const piece = new FileContext(ctx.file, text, ctx.limits, {
      ctx,
      base,
      documentBase: this.#documentBase,
      lines: this.#wholeLines ?? this.#pieceLines(text, base, from, last ? undefined : to),
    });
    if (!this.#stopped) {
      const r = parseYamlChunk(piece, this.#tryFast, base + (to - from));
      if (r === 'runs-on') {
        this.#runsOn = true;
        return false;
      }
      this.#threw ||= r.threw;
      this.#stopped = r.stop;
      this.#documentBase += r.documents;
    }
    if (this.template === undefined) {
      // A Go template action cannot start in the next marker's 4 characters.
      const at = templateActionOffset(text);
      if (at !== undefined) this.template = piece.at(at);
    }
    const end = base + (to - from);
    for (const at of ctx.badChars)
      if (at >= base && at < end && !ctx.badCharsReported.has(at))
        this.#unreported.push({ at, diagnostic: badCharacterDiagnostic(piece, at) });
    this.#linesPassed(from, to);
    return true;
  }

  /** The lines of a chunk read in pieces: its own, the two before it and the next marker's. */
  #pieceLines(text: string, base: number, from: number, to: number | undefined): SourceLines {
    const index = new LineIndex(text, base, this.#lineBase);
    const before = this.#before;
    let after: [number, string] | undefined;
    if (to !== undefined) {
      const eol = this.#pending.indexOf('\n', to);
      const line = this.#pending.slice(to, eol === -1 ? undefined : eol).replace(/\r$/, '');
      after = [index.position(base + (to - from)).line, line];
    }
    return {
      location: (file, start, end) => index.location(file, start, end),
      line: (n) => (after && n === after[0] ? after[1] : (before.get(n) ?? index.line(n))),
    };
  }

  /** Counts the lines of `#pending` [from, to) as passed, keeping the last two. */
  #linesPassed(from: number, to: number): void {
    const pending = this.#pending;
    let breaks = 0;
    for (let i = pending.indexOf('\n', from); i !== -1 && i < to; i = pending.indexOf('\n', i + 1))
      breaks++;
    const last = this.#lineBase + breaks;
    const before = new Map<number, string>();
    let eol = to - 1; // the line break that ends line `last`
    for (let n = last; n >= last - 1 && n > this.#lineBase; n--) {
      const start = pending.lastIndexOf('\n', eol - 1) + 1;
      before.set(n, pending.slice(start, eol).replace(/\r$/, ''));
      eol = start - 1;
    }
    const kept = this.#before.get(last - 1);
    if (breaks < 2 && kept !== undefined) before.set(last - 1, kept);
    this.#before = before;
    this.#lineBase = last;
  }

  /** Drops `#pending` before `from` (parsed). */
  #advance(from: number): void {
    if (from === 0) return;
    this.#pending = this.#pending.slice(from);
    this.#base += from;
  }

  /** A chunk that cannot be cut below maxFileBytes: LOAD_TOO_LARGE, and nothing more is read. */
  #checkSize(): void {
    const limit = this.#ctx.limits.maxFileBytes;
    const pending = this.#pending;
    if (pending.length * 3 <= limit || Buffer.byteLength(pending, 'utf8') <= limit) return;
    this.closed = true;
    this.#pending = '';
    const ctx = this.#ctx;
    ctx.diagnostics.push(
      diagnostic({
        code: 'LOAD_TOO_LARGE',
        severity: 'error',
        message: this.#runsOn
          ? `The rest of the stream from here is larger than the limit of ${limit} bytes and cannot be read in parts (a quoted scalar is not closed before the next \`---\`); it is not read.`
          : `A document of the stream is larger than the limit of ${limit} bytes; it and the rest of the input are not read.`,
        hint: this.#runsOn
          ? 'Close the quoted scalar, or raise maxFileBytes (docs/loader.md).'
          : 'Split the document, or raise maxFileBytes (docs/loader.md).',
        location: { file: ctx.file, line: this.#lineBase + 1, column: 1 },
      }),
    );
  }
}

/**
 * Offsets at which a YAML stream can be cut into chunks of about `every` documents that
 * parse, one after another, exactly as the whole stream does ({@link isCutMarker}); the
 * cuts {@link YamlStreamReader} makes in a text given whole when no chunk reaches
 * {@link CHUNK_CHARS}.
 */
export function splitYamlStream(text: string, every: number): number[] {
  const cuts: number[] = [];
  if (!(every >= 1) || every === Number.POSITIVE_INFINITY) return cuts;
  const directive = text.startsWith('%') ? 0 : text.indexOf('\n%') + 1 || text.length;
  let markers = 0;
  for (
    let i = text.indexOf('\n---');
    i !== -1 && i + 1 <= directive;
    i = text.indexOf('\n---', i + 4)
  )
    if (isCutMarker(text, i + 1) && ++markers % every === 0) cuts.push(i + 1);
  return cuts;
}

/**
 * Whether the `---` at `at` (a line start after the first line) is a place to cut a stream:
 * a document start marker (`---` then a space, a tab, a line break or the end). Such a line
 * ends any document, block scalar, quoted scalar or flow collection before it, for the
 * `yaml` package as for go-yaml (a `---` inside a quoted scalar is an error there as well as
 * here). No marker after the stream's first directive line (`%YAML`, `%TAG`) is a cut: the
 * `yaml` package (YAML 1.1) keeps a directive for the documents after the one it was given
 * for, which a chunk parsed alone would not see.
 */
function isCutMarker(text: string, at: number): boolean {
  const next = text.charCodeAt(at + 3);
  // Space, tab, LF, CR or the end of the text (NaN).
  return next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d || Number.isNaN(next);
}

/**
 * One chunk of a stream (the whole stream when it is not split), which ends at `to` in the
 * file; when that is not the end, its text ends with the next chunk's `---`, whose document
 * is not this chunk's. `runs-on`: that marker does not start a document (nothing was added).
 */
function parseYamlChunk(
  ctx: FileContext,
  tryFast: boolean,
  to: number,
): { documents: number; stop: boolean; threw: boolean } | 'runs-on' {
  const { text, limits, base, documentBase } = ctx;
  const nextChunkAt = base + text.length > to ? to - base : undefined;
  // Fast path for plain block YAML (kubectl/Helm/Kustomize output); `undefined` means the
  // input needs the full parser, which also gives the precise diagnostics.
  const clean = !ctx.badChars.some((o) => o >= base && o < base + text.length);
  const fast =
    tryFast && fastResolver && clean
      ? fastParseStream(text, fastResolver, {
          maxDepth: limits.maxDepth,
          maxDocuments: limits.maxDocuments - documentBase + (nextChunkAt !== undefined ? 1 : 0),
        })
      : undefined;
  if (fast && (nextChunkAt === undefined || fast.pop()?.start === nextChunkAt)) {
    for (const d of fast) {
      if (d.value === null) continue;
      addObject(ctx, d.value, documentBase + d.index, (pointer) =>
        locateInTable(d, fromPointer(pointer)),
      );
    }
    return { documents: fast.length, stop: ctx.limit.reached, threw: false };
  }
  const composer = new Composer(YAML_OPTIONS);
  const pending: number[] = [];
  let cstIndex = -1;
  let skipDocEnd = false;
  let tooManyAt: number | undefined;
  let atNextChunk = false;

  const handle = (doc: ParsedDoc): void => {
    const index = pending.shift() ?? 0;
    handleDocument(ctx, doc, documentBase + index, hasAliasByIndex.get(index) ?? false);
  };
  const hasAliasByIndex = new Map<number, boolean>();

  // Tokens first: the chunk is added only if the next chunk's marker starts a document.
  let tokens: Iterable<CST.Token>;
  try {
    tokens = new Parser().parse(text);
    if (nextChunkAt !== undefined) {
      const all = [...tokens];
      if (!all.some((t) => t.type === 'document' && t.offset === nextChunkAt)) return 'runs-on';
      tokens = all;
    }
  } catch {
    tokens = new Parser().parse(text); // the loop below reports the failure
  }
  try {
    for (const token of tokens) {
      if (token.type === 'document' && token.offset === nextChunkAt) {
        // The next chunk's document: it ends the last one here, as in the whole stream.
        for (const doc of composer.next(token)) handle(doc);
        atNextChunk = true;
        break;
      }
      if (token.type === 'document') {
        cstIndex++;
        if (documentBase + cstIndex >= limits.maxDocuments || ctx.limit.reached) {
          // Reported after the documents before it, whose diagnostics come first.
          tooManyAt = token.offset;
          break;
        }
        const scan = scanCst(token, limits.maxDepth);
        if (scan.tooDeepAt !== undefined) {
          ctx.report(
            'LOAD_TOO_DEEP',
            `Nesting is deeper than the limit of ${limits.maxDepth}.`,
            scan.tooDeepAt,
            {
              hint: 'Kubernetes objects are never this deep; check how the file was generated.',
            },
          );
          skipDocEnd = true;
          continue;
        }
        skipDocEnd = false;
        hasAliasByIndex.set(cstIndex, scan.hasAlias);
        pending.push(cstIndex);
      } else if (token.type === 'doc-end' && skipDocEnd) {
        skipDocEnd = false;
        continue;
      }
      for (const doc of composer.next(token)) handle(doc);
    }
    // Forcing a document when none was composed carries stream-level errors into it.
    // A chunk whose first document is one too many has composed nothing to end.
    const nothingComposed = tooManyAt !== undefined && cstIndex === 0;
    if (!atNextChunk && !nothingComposed)
      for (const doc of composer.end(true, text.length)) handle(doc);
    if (tooManyAt !== undefined) ctx.tooMany(tooManyAt, 'documents');
  } catch (e) {
    // The yaml package reports problems as errors, not exceptions; this is a last guard.
    ctx.report(
      'LOAD_YAML_SYNTAX',
      `The YAML could not be parsed: ${e instanceof Error ? e.message : String(e)}`,
      0,
    );
    return { documents: cstIndex + 1, stop: true, threw: true };
  }
  return { documents: cstIndex + 1, stop: ctx.limit.reached, threw: false };
}

function handleDocument(ctx: FileContext, doc: ParsedDoc, index: number, hasAlias: boolean): void {
  if (ctx.limit.reached) return; // the rest of the file is not read
  if (reportBadCharacter(ctx, doc.range[0], doc.range[2])) return;
  if (doc.errors.length > 0) {
    reportYamlErrors(ctx, doc.errors);
    return;
  }
  if (doc.contents === null) return; // empty document: skipped silently
  if (reportUnsupportedKeys(ctx, doc)) return;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: ctx.limits.maxAliasCount });
  } catch (e) {
    // toJS throws for an alias bomb (ReferenceError "Excessive alias count …") and for an
    // alias whose anchor is not defined before it.
    const msg = e instanceof Error ? e.message : String(e);
    const bomb = /excessive alias/i.test(msg);
    const unresolved = firstUnresolvedAlias(doc);
    const start = !bomb && unresolved ? unresolved[0] : doc.range[0];
    ctx.report(
      bomb ? 'LOAD_ALIAS_LIMIT' : 'LOAD_YAML_SYNTAX',
      bomb
        ? `Too many alias expansions (limit ${ctx.limits.maxAliasCount}).`
        : unresolved
          ? `The alias \`*${unresolved[2]}\` has no anchor \`&${unresolved[2]}\` before it.`
          : msg,
      start,
      {
        end: !bomb && unresolved ? unresolved[1] : undefined,
        hint: hintOf(bomb ? 'LOAD_ALIAS_LIMIT' : 'LOAD_YAML_SYNTAX'),
      },
    );
    return;
  }
  if (hasAlias && jsDepthExceeds(value, ctx.limits.maxDepth)) {
    ctx.report(
      'LOAD_TOO_DEEP',
      `Nesting (through aliases) is deeper than the limit of ${ctx.limits.maxDepth}.`,
      doc.range[0],
      {
        hint: 'Kubernetes objects are never this deep; check how the file was generated.',
      },
    );
    return;
  }
  addObject(ctx, value, index, astLocator(doc, doc.range[0]));
}

/**
 * Characters go-yaml refuses ("control characters are not allowed") or reads as a line break
 * where YAML 1.2 does not (NEL, U+2028, U+2029, a lone CR): the API server rejects or
 * misreads the document, so kpc reports it instead of linting what it would read itself.
 * A match never spans a line break but a CR's look at the character after it.
 */
const BAD_CHARACTER = new RegExp(
  `${GOYAML_FORBIDDEN_CHAR.source}|${GOYAML_EXTRA_LINE_BREAK.source}`,
  'gu',
);

/**
 * Reports the first unreported bad character in [start, end) of `ctx.text`; true when there
 * was one.
 */
function reportBadCharacter(ctx: FileContext, start: number, end: number): boolean {
  const from = ctx.base + start;
  const to = ctx.base + end;
  const at = ctx.badChars.find((o) => o >= from && o < to && !ctx.badCharsReported.has(o));
  if (at === undefined) return ctx.badChars.some((o) => o >= from && o < to);
  for (const o of ctx.badChars) if (o >= from && o < to) ctx.badCharsReported.add(o);
  ctx.diagnostics.push(badCharacterDiagnostic(ctx, at));
  return true;
}

/** The LOAD_CONTROL_CHARACTER of the bad character at file offset `at`, inside `ctx.text`. */
function badCharacterDiagnostic(ctx: FileContext, at: number): Diagnostic {
  const cp = ctx.text.codePointAt(at - ctx.base) ?? 0;
  const name = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const lineBreak = cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
  return ctx.diagnostic(
    'LOAD_CONTROL_CHARACTER',
    lineBreak
      ? `The raw character ${name} is a line break for the API server's YAML reader (go-yaml), not for YAML 1.2: the document would be read differently or refused.`
      : `The raw control character ${name} is not allowed in YAML; the API server rejects the document.`,
    at - ctx.base,
    {
      end: at - ctx.base + (cp > 0xffff ? 2 : 1),
      hint: `Write it as an escape inside double quotes ("\\u${cp.toString(16).padStart(4, '0')}"), or remove it.`,
    },
  );
}

/**
 * Reports map keys the API server cannot convert to JSON: null keys (`~:`, `null:`, a
 * missing key) and map or list keys, which is what an unrendered template such as a plain
 * `{{x}}` is to YAML. True when there was one (the document is not linted).
 */
function reportUnsupportedKeys(ctx: FileContext, doc: ParsedDoc): boolean {
  let found: [number, string] | undefined;
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key as unknown;
      const start =
        (isNode(key) && key.range ? key.range[0] : undefined) ??
        (isNode(pair.value) && pair.value.range ? pair.value.range[0] : doc.range[0]);
      if (key === null || (isScalar(key) && key.value === null))
        found = [
          start,
          'A null map key cannot be converted to JSON; the API server rejects the document.',
        ];
      else if (isCollection(key))
        found = [
          start,
          'A map or a list used as a map key cannot be converted to JSON; the API server rejects the document. An unrendered template such as a plain `{{x}}` is read this way.',
        ];
      return found ? visit.BREAK : undefined;
    },
  });
  if (!found) return false;
  ctx.report('LOAD_UNSUPPORTED_VALUE', found[1], found[0], {
    hint: 'Render templates before linting (helm template, kustomize build), or quote the text.',
  });
  return true;
}

/** The range and name of the first alias without an anchor (depth is already bounded). */
function firstUnresolvedAlias(doc: ParsedDoc): [number, number, string] | undefined {
  let found: [number, number, string] | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) === undefined && node.range) {
        found = [node.range[0], node.range[1], node.source];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Locates pointers in a `yaml` AST; without one, everything is at the document start. */
function astLocator(
  ast: ParsedDoc | undefined,
  docStart: number,
): (pointer: string) => [number, number] {
  return (pointer) => (ast ? locateInAst(ast, fromPointer(pointer)) : [docStart, docStart]);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Checks a document's value and adds it (or its List items) as LoadedDocuments. */
function addObject(
  ctx: FileContext,
  value: unknown,
  index: number,
  locate: (pointer: string) => [number, number],
): void {
  if (value === null || value === undefined || ctx.limit.reached) return;
  if (!isObject(value)) {
    const [s, e] = locate('');
    ctx.report(
      'LOAD_NOT_AN_OBJECT',
      `The document is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a Kubernetes object.`,
      s,
      { end: e, pointer: '', hint: 'Each YAML document must be a map with apiVersion and kind.' },
    );
    return;
  }
  const kind = value.kind;
  if (
    typeof kind === 'string' &&
    (kind === 'List' || kind.endsWith('List')) &&
    Array.isArray(value.items)
  ) {
    const items = value.items;
    for (let i = 0; i < items.length; i++) {
      if (ctx.added.count >= ctx.limits.maxDocuments || ctx.limit.reached) {
        ctx.tooMany(locate(`/items/${i}`)[0], 'objects');
        return;
      }
      addOne(ctx, items[i], index, `/items/${i}`, locate);
    }
    return;
  }
  // After a List, objects count beyond the documents (the parsers count documents).
  if (ctx.added.count >= ctx.limits.maxDocuments || ctx.limit.reached) {
    ctx.tooMany(locate('')[0], 'objects');
    return;
  }
  addOne(ctx, value, index, '', locate);
}

function addOne(
  ctx: FileContext,
  value: unknown,
  index: number,
  basePointer: string,
  locate: (pointer: string) => [number, number],
): void {
  const at = (p: string) => {
    const [s, e] = locate(basePointer + p);
    return { s, e };
  };
  if (!isObject(value)) {
    const { s, e } = at('');
    ctx.report('LOAD_NOT_AN_OBJECT', 'The list item is not a Kubernetes object.', s, {
      end: e,
      pointer: basePointer,
      hint: 'Each item of a List must be a map with apiVersion and kind.',
    });
    return;
  }
  const checks: Array<['apiVersion' | 'kind', DiagnosticCode]> = [
    ['apiVersion', 'LOAD_MISSING_API_VERSION'],
    ['kind', 'LOAD_MISSING_KIND'],
  ];
  let ok = true;
  for (const [field, code] of checks) {
    const v = value[field];
    if (typeof v === 'string' && v !== '') continue;
    ok = false;
    const present = v !== undefined && v !== null;
    const { s, e } = at(present ? `/${field}` : '');
    ctx.report(
      code,
      present ? `\`${field}\` must be a non-empty string.` : `The object has no \`${field}\`.`,
      s,
      {
        end: present ? e : undefined,
        pointer: present ? `${basePointer}/${field}` : basePointer,
        hint:
          field === 'apiVersion'
            ? 'Add `apiVersion:` (for example `v1` or `apps/v1`).'
            : 'Add `kind:` (for example `Deployment`).',
      },
    );
  }
  if (!ok) return;
  ctx.documents.push(makeDocument(ctx, value, index, basePointer, locate));
  ctx.added.count++;
}

function makeDocument(
  ctx: FileContext,
  object: Record<string, unknown>,
  documentIndex: number,
  basePointer: string,
  locate: (pointer: string) => [number, number],
): LoadedDocument {
  const metadata = isObject(object.metadata) ? object.metadata : undefined;
  const name = typeof metadata?.name === 'string' ? metadata.name : undefined;
  const namespace = typeof metadata?.namespace === 'string' ? metadata.namespace : undefined;
  const file = ctx.file;
  return Object.freeze({
    file,
    documentIndex,
    basePointer,
    object,
    apiVersion: object.apiVersion as string,
    kind: object.kind as string,
    ...(name !== undefined ? { name } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    locate(pointer: string): SourceLocation {
      const [s, e] = locate(basePointer + pointer);
      return ctx.at(s, e);
    },
    sourceLine(line: number): string | undefined {
      return ctx.lines.line(line);
    },
  });
}
