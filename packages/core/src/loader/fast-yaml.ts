/**
 * A fast path for the plain block-style YAML that kubectl, Helm and Kustomize print: block
 * maps and sequences, single-line plain and quoted scalars, literal block scalars, one-line
 * flow collections and comments. It yields each document's value and the source range of
 * every node in one linear pass, several times faster than composing a `yaml` AST.
 *
 * It resolves plain scalars with the very tag objects of the `yaml` package's YAML 1.1
 * schema (configured as in parse-manifest-text.ts), so values are identical. Anything else
 * (anchors, aliases, tags, directives, folded or multi-line scalars, complex keys, merge
 * keys, duplicate keys, tabs, errors, too deep or too many documents) makes it give up:
 * it returns `undefined` and the caller parses the input with `yaml`, which produces the
 * precise diagnostics. Iterative over lines; recursion only per nesting level, bounded by
 * `maxDepth`.
 */
import type { DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';
import { Document, isScalar } from 'yaml';

/**
 * Source offsets of every map and list of a stream, found by the parsed object itself (the
 * fast path never shares objects: it gives up on aliases). Compact on purpose, since every
 * loaded document keeps its table until its findings are located: one `Int32Array` for the
 * whole stream, and per collection only the index of its record in it.
 * - a map: `[start, end, ks, ke, vs, ve, …]`, one quadruple per entry in `Object.keys`
 *   order: the key's range and the value's (`vs = -1` for an empty value);
 * - a list: `[start, end, s, e, …]`, the range of each item.
 * A collection's own range starts at its first character (`[`, `{`, `-` or its first key).
 */
export interface PosTable {
  readonly offsets: Int32Array;
  readonly records: Map<object, number>;
}

export interface FastDocument {
  /** Index of the document in the stream, counting empty ones as `yaml` does. */
  readonly index: number;
  /** Offset where the document's content starts. */
  readonly start: number;
  /** `null` for an empty document. */
  readonly value: unknown;
  /** Where the root collection starts (`start` for an empty document). */
  readonly rootStart: number;
  /** Offsets of the stream's collections (shared by all documents of the stream). */
  readonly table: PosTable;
}

/** Whether JavaScript orders `key` before other keys (an array index such as `"80"`). */
function isIndexKey(key: string): boolean {
  const c = key.charCodeAt(0);
  if (!(c >= 48 && c <= 57)) return false;
  return String(Number(key) >>> 0) === key && key !== '4294967295';
}

/** Reorders a map's entry quadruples from parse order into `Object.keys` order. */
function reorder(obj: object, keys: string[], offs: number[]): number[] {
  const out = [offs[0] as number, offs[1] as number];
  for (const k of Object.keys(obj)) {
    const i = 2 + 4 * keys.indexOf(k);
    out.push(
      offs[i] as number,
      offs[i + 1] as number,
      offs[i + 2] as number,
      offs[i + 3] as number,
    );
  }
  return out;
}

/**
 * YAML whitespace is space and tab only: JavaScript's trim() would also strip NBSP, BOM and
 * other Unicode spaces, which YAML (and go-yaml) keep as content.
 */
const YAML_TRAILING_SPACE = /[ \t]+$/;
/**
 * The end of `text[s, e)` without its trailing spaces. The fast path refuses any text with
 * a tab, so spaces are the only YAML white space it meets; an index scan, not a regular
 * expression on a slice, since it runs for every key and scalar.
 */
function trimmedEnd(text: string, s: number, e: number): number {
  while (e > s && text.charCodeAt(e - 1) === 32) e--;
  return e;
}
const YAML_EDGE_SPACE = /^[ \t]+|[ \t]+$/g;

class Bail extends Error {}
const bail = (): never => {
  if (process.env.KPC_FAST_YAML_DEBUG) console.error(new Error('fast-yaml bail').stack);
  throw new Bail();
};

type ScalarTag = {
  default?: boolean | 'key';
  test?: RegExp;
  resolve: (s: string, onError: (m: string) => void, o: unknown) => unknown;
};

/** Builds the plain-scalar resolver from the `yaml` schema the slow path uses. */
export function createScalarResolver(
  options: ParseOptions & DocumentOptions & SchemaOptions,
): (source: string, atKey: boolean) => unknown {
  const doc = new Document(null, options);
  const tags = (doc.schema.tags as unknown as ScalarTag[]).filter((t) => t.test && t.default);
  const keyCache = new Map<string, unknown>();
  const valueCache = new Map<string, unknown>();
  return (source, atKey) => {
    // Most scalars (names, images, paths) start with a character no implicit tag accepts:
    // they are strings, without a cache lookup or a regular expression.
    const c = source.charCodeAt(0);
    if (c < 128 && !MAY_BE_TYPED[c]) return source;
    const cache = atKey ? keyCache : valueCache;
    const key = source;
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit;
    let value: unknown = source;
    const tag = tags.find(
      (t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(source),
    );
    if (tag) {
      let failed = false;
      const res = tag.resolve(
        source,
        () => {
          failed = true;
        },
        doc.options,
      );
      if (failed) bail();
      value = isScalar(res) ? res.value : res;
    }
    if (typeof value === 'bigint' || (value !== null && typeof value === 'object')) bail();
    // A null key is an error for the API server; the full parser reports it.
    if (atKey && value === null) bail();
    if (cache.size < 10_000) cache.set(key, value);
    return value;
  };
}

/**
 * First characters with which a plain scalar may match an implicit tag of the YAML 1.1
 * schema above (null `~`/`null`, booleans `y`/`yes`/`on`/`off`/`true`/`no`…, numbers
 * `0-9 + - .`, the merge key `<`). Any other first character below 128 means a string;
 * `fast-yaml.test.ts` checks this against the tags' own patterns.
 */
export const MAY_BE_TYPED_FIRST = '~NnYyTtOoFf0123456789+-.<';
const MAY_BE_TYPED = new Uint8Array(128);
for (const ch of MAY_BE_TYPED_FIRST) MAY_BE_TYPED[ch.charCodeAt(0)] = 1;

const INDICATORS = new Set(['&', '*', '!', '|', '>', '%', '@', '`', '?', '[', ']', '{', '}', ',']);
const INDICATOR_CODES = new Uint8Array(128);
for (const ch of INDICATORS) INDICATOR_CODES[ch.charCodeAt(0)] = 1;
/** Whether the character code `c` is one of INDICATORS. */
const isIndicator = (c: number): boolean => c < 128 && INDICATOR_CODES[c] === 1;

/**
 * Parses a whole stream, or returns `undefined` when any part of it is outside the fast
 * subset (the caller then uses the `yaml` package for the whole input).
 */
export function fastParseStream(
  text: string,
  resolve: (source: string, atKey: boolean) => unknown,
  limits: { maxDepth: number; maxDocuments: number },
): FastDocument[] | undefined {
  try {
    return new FastParser(text, resolve, limits.maxDepth).stream(limits.maxDocuments);
  } catch (e) {
    if (e instanceof Bail || e instanceof RangeError) return undefined;
    throw e;
  }
}

class FastParser {
  /** Start offset of every line, and of the end. */
  readonly ls: number[] = [];
  readonly records = new Map<object, number>();
  /**
   * Range of the node the last `blockNode`/`blockMap`/`blockSeq`/`valueAfter` call read
   * (`-1` for an empty value), and for `valueAfter` the end offset of the value (`-1`: none).
   * Fields rather than returned tuples: no allocation per node.
   */
  ns = 0;
  ne = 0;
  vend = -1;
  offsets = new Int32Array(1024);
  used = 0;

  /** Stores a collection's record (see PosTable). */
  record(node: object, offs: readonly number[]): void {
    if (this.used + offs.length > this.offsets.length) {
      const grown = new Int32Array(Math.max(this.offsets.length * 2, this.used + offs.length));
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.records.set(node, this.used);
    for (let i = 0; i < offs.length; i++) this.offsets[this.used++] = offs[i] as number;
  }
  line = 0;
  /**
   * Per line, computed once (the parser asks about each line several times): the column of
   * its first non-space character, -1 for a blank or comment line; and whether it is a
   * `---` or `...` marker.
   */
  readonly indents: Int32Array;
  readonly markers: Uint8Array;
  constructor(
    readonly text: string,
    readonly resolve: (source: string, atKey: boolean) => unknown,
    readonly maxDepth: number,
  ) {
    if (text.includes('\t') || text.includes('\r')) bail();
    let i = 0;
    while (i <= text.length) {
      this.ls.push(i);
      const n = text.indexOf('\n', i);
      if (n === -1) break;
      i = n + 1;
    }
    const lines = this.ls.length;
    this.indents = new Int32Array(lines);
    this.markers = new Uint8Array(lines);
    for (let l = 0; l < lines; l++) {
      const s = this.ls[l] as number;
      const e = this.lineEnd(l);
      let j = s;
      while (j < e && text.charCodeAt(j) === 32) j++;
      this.indents[l] = j === e || text.charCodeAt(j) === 35 /* # */ ? -1 : j - s;
      if (text.startsWith('---', s) || text.startsWith('...', s)) {
        const c = text.charCodeAt(s + 3);
        if (Number.isNaN(c) || c === 10 || c === 32) this.markers[l] = 1;
      }
    }
  }

  lineEnd(l: number): number {
    const next = this.ls[l + 1];
    return next === undefined ? this.text.length : next - 1;
  }

  /** Column of the first non-space character of line l, or -1 for a blank or comment line. */
  indentOf(l: number): number {
    return this.indents[l] as number;
  }

  isMarker(l: number): boolean {
    return this.markers[l] === 1;
  }

  stream(maxDocuments: number): FastDocument[] {
    const docs = this.documents(maxDocuments);
    const table: PosTable = { offsets: this.offsets.slice(0, this.used), records: this.records };
    return docs.map((d) => ({ ...d, table }));
  }

  documents(maxDocuments: number): Array<Omit<FastDocument, 'table'>> {
    const lines = this.ls.length;
    // Split at `---` lines; text before the first one is a document only if it has content.
    const segments: Array<{ from: number; to: number; explicit: boolean; start: number }> = [];
    let from = 0;
    let explicit = false;
    let start = 0;
    for (let l = 0; l < lines; l++) {
      if (!this.isMarker(l)) continue;
      const s = this.ls[l] ?? 0;
      if (this.text.startsWith('...', s)) bail();
      const rest = this.text.slice(s + 3, this.lineEnd(l)).replace(YAML_EDGE_SPACE, '');
      if (rest !== '' && !rest.startsWith('#')) bail();
      segments.push({ from, to: l, explicit, start });
      from = l + 1;
      explicit = true;
      start = s;
    }
    segments.push({ from, to: lines, explicit, start });
    const docs: Array<Omit<FastDocument, 'table'>> = [];
    let index = 0;
    for (const seg of segments) {
      let first = seg.from;
      while (first < seg.to && this.indentOf(first) === -1) first++;
      const hasContent = first < seg.to;
      if (!seg.explicit && !hasContent) continue;
      if (docs.length >= maxDocuments) bail();
      if (!hasContent) {
        docs.push({
          index: index++,
          start: seg.start,
          value: null,
          rootStart: seg.start,
        });
        continue;
      }
      if (this.indentOf(first) !== 0) bail();
      this.line = first;
      const value = this.blockNode(0, 0, 1);
      const rs = this.ns;
      if (this.nextContent(this.line) < seg.to) bail(); // content left over: an error
      docs.push({
        index: index++,
        start: this.ls[first] ?? 0,
        value,
        rootStart: rs,
      });
    }
    return docs;
  }

  /** Next content line index at or after `l` (skipping blanks/comments), stopping at markers. */
  nextContent(l: number): number {
    const lines = this.ls.length;
    while (l < lines && !this.isMarker(l) && this.indentOf(l) === -1) l++;
    return l;
  }

  /**
   * A block node starting at column `col` of line `this.line` (the line's content may start
   * mid-line for a compact map in a sequence item).
   */
  blockNode(col: number, minIndent: number, depth: number): unknown {
    if (depth > this.maxDepth) bail();
    const l = this.line;
    const s = (this.ls[l] ?? 0) + col;
    const c = this.text.charCodeAt(s);
    if (c === 45 /* - */ && this.isSeqIndicator(s)) return this.blockSeq(col, depth);
    if (this.keyEnd(s, this.lineEnd(l)) !== -1) return this.blockMap(col, depth);
    void minIndent;
    return bail();
  }

  isSeqIndicator(s: number): boolean {
    const n = this.text.charCodeAt(s + 1);
    return Number.isNaN(n) || n === 32 || n === 10;
  }

  /** Offset of the `:` ending a plain or quoted key starting at `s`, or -1. */
  keyEnd(s: number, e: number): number {
    const t = this.text;
    const c = t.charCodeAt(s);
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const close = this.quotedEnd(s, e);
      if (close === -1) return -1;
      if (t.charCodeAt(close) === 58 && (close + 1 === e || t.charCodeAt(close + 1) === 32))
        return close;
      return -1;
    }
    for (let i = s; i < e; i++) {
      const ch = t.charCodeAt(i);
      if (ch === 58 /* : */ && (i + 1 === e || t.charCodeAt(i + 1) === 32)) return i;
      if (ch === 35 /* # */ && t.charCodeAt(i - 1) === 32) return -1;
    }
    return -1;
  }

  /** Offset just after the closing quote of a one-line quoted scalar at `s`, or -1. */
  quotedEnd(s: number, e: number): number {
    const t = this.text;
    const q = t.charCodeAt(s);
    for (let i = s + 1; i < e; i++) {
      const ch = t.charCodeAt(i);
      if (q === 34 && ch === 92 /* \ */) {
        i++;
        continue;
      }
      if (ch === q) {
        if (q === 39 && t.charCodeAt(i + 1) === 39) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return -1;
  }

  quotedValue(s: number, end: number): string {
    const raw = this.text.slice(s, end);
    if (raw.charCodeAt(0) === 39) return raw.slice(1, -1).replace(/''/g, "'");
    if (!raw.includes('\\')) return raw.slice(1, -1);
    try {
      const v: unknown = JSON.parse(raw);
      if (typeof v === 'string') return v;
    } catch {
      // YAML-only escapes (\x, \e, \N…): leave them to `yaml`.
    }
    return bail();
  }

  /**
   * Key text at [s, colon): resolved and stringified as `yaml` toJS does; `end` is `colon`
   * for a quoted key and the end without trailing spaces for a plain one.
   */
  keyString(s: number, colon: number, end: number): string {
    const t = this.text;
    const c = t.charCodeAt(s);
    if (c === 34 || c === 39) return this.quotedValue(s, colon);
    const raw = t.slice(s, end);
    if (
      raw === '' ||
      raw === '<<' ||
      INDICATORS.has(raw[0] ?? '') ||
      raw.startsWith('- ') ||
      raw === '-'
    )
      bail();
    const v = this.resolve(raw, true);
    if (v === null) bail();
    return String(v);
  }

  blockMap(col: number, depth: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    const keys: string[] = [];
    let indexKeys = false;
    const t = this.text;
    const start = (this.ls[this.line] ?? 0) + col;
    const offs = [start, start];
    let end = start;
    let first = true;
    for (;;) {
      if (!first) this.line = this.nextContent(this.line);
      const l = this.line;
      if (l >= this.ls.length || this.isMarker(l)) break;
      const indent = first ? col : this.indentOf(l);
      if (!first && indent < col) break;
      if (indent !== col) bail();
      first = false;
      const ls = this.ls[l] ?? 0;
      const le = this.lineEnd(l);
      const ks = ls + indent;
      if (t.charCodeAt(ks) === 45 && this.isSeqIndicator(ks)) {
        break; // a sequence at the same indent ends this map (handled by the caller)
      }
      const colon = this.keyEnd(ks, le);
      if (colon === -1 || colon - ks > 1024) bail(); // yaml refuses implicit keys over 1024 chars
      const keyEndOffset =
        t.charCodeAt(ks) === 34 || t.charCodeAt(ks) === 39 ? colon : trimmedEnd(t, ks, colon);
      const key = this.keyString(ks, colon, keyEndOffset);
      if (key === '__proto__' || Object.hasOwn(obj, key)) bail();
      const value = this.valueAfter(colon + 1, le, indent, depth, true);
      const vs = this.ns;
      const ve = this.ne;
      const valueEnd = this.vend;
      obj[key] = value;
      keys.push(key);
      if (!indexKeys && isIndexKey(key)) indexKeys = true;
      offs.push(ks, keyEndOffset, vs, ve);
      end = valueEnd !== -1 ? valueEnd : keyEndOffset + 1;
    }
    offs[1] = end;
    this.record(obj, indexKeys ? reorder(obj, keys, offs) : offs);
    this.ns = start;
    this.ne = end;
    return obj;
  }

  blockSeq(col: number, depth: number): unknown[] {
    const arr: unknown[] = [];
    const start = (this.ls[this.line] ?? 0) + col;
    const offs = [start, start];
    let end = start;
    let first = true;
    for (;;) {
      if (!first) this.line = this.nextContent(this.line);
      const l = this.line;
      if (l >= this.ls.length || this.isMarker(l)) break;
      const indent = first ? col : this.indentOf(l);
      if (!first && indent < col) break;
      if (indent !== col) bail();
      first = false;
      const ls = this.ls[l] ?? 0;
      const s = ls + indent;
      if (!(this.text.charCodeAt(s) === 45 && this.isSeqIndicator(s))) break;
      const value = this.valueAfter(s + 1, this.lineEnd(l), indent, depth, false);
      const vs = this.ns;
      const ve = this.ne;
      const valueEnd = this.vend;
      if (vs === -1) bail(); // `- ` with nothing: leave empty items to `yaml`
      arr.push(value);
      offs.push(vs, ve);
      end = valueEnd !== -1 ? valueEnd : s + 1;
    }
    offs[1] = end;
    this.record(arr, offs);
    this.ns = start;
    this.ne = end;
    return arr;
  }

  /**
   * The value after a `key:` or `- ` indicator at offset `from` on line `this.line`. For a
   * map value, a block sequence may sit at the same indent as the key (`inMap`). Advances
   * `this.line` past the value. Returns the value; its range is left in `ns`/`ne` (`-1` for
   * an empty value) and the end offset of the value in `vend`.
   */
  valueAfter(from: number, le: number, indent: number, depth: number, inMap: boolean): unknown {
    const t = this.text;
    let s = from;
    while (s < le && t.charCodeAt(s) === 32) s++;
    const l = this.line;
    if (s === le || t.charCodeAt(s) === 35) {
      // Empty here: a nested block on the following lines, or null.
      const next = this.nextContent(l + 1);
      if (next < this.ls.length && !this.isMarker(next)) {
        const ni = this.indentOf(next);
        const ns = (this.ls[next] ?? 0) + ni;
        const isSeq = t.charCodeAt(ns) === 45 && this.isSeqIndicator(ns);
        if (ni > indent || (inMap && ni === indent && isSeq)) {
          this.line = next;
          const v = this.blockNode(ni, indent + 1, depth + 1);
          this.vend = this.ne;
          return v;
        }
      }
      this.line = l + 1;
      this.ns = -1;
      this.ne = -1;
      this.vend = -1;
      return null;
    }
    const c = t.charCodeAt(s);
    if (c === 45 && this.isSeqIndicator(s)) bail(); // `- - x`, `key: - x`
    if (!inMap && this.keyEnd(s, le) !== -1 && c !== 123 && c !== 91) {
      // `- key: value` starts a compact map whose column is the key's.
      const ls = this.ls[l] ?? 0;
      const v = this.blockMap(s - ls, depth + 1);
      this.vend = this.ne;
      return v;
    }
    if (c === 124 /* | */) return this.literalBlock(s, le, indent);
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const r = new FlowParser(this, s, le, depth + 1).parse();
      this.endOfLine(r.end, le);
      this.line = l + 1;
      this.ns = r.s;
      this.ne = r.e;
      this.vend = r.e;
      return r.value;
    }
    if (c === 34 || c === 39) {
      const end = this.quotedEnd(s, le);
      if (end === -1) bail();
      this.endOfLine(end, le);
      this.line = l + 1;
      this.ns = s;
      this.ne = end;
      this.vend = end;
      return this.quotedValue(s, end);
    }
    if (isIndicator(c)) bail();
    // A plain scalar: up to ` #` or the end of the line; must not continue on the next line.
    let e = s;
    while (e < le && !(t.charCodeAt(e) === 35 && t.charCodeAt(e - 1) === 32)) e++;
    const raw = t.slice(s, trimmedEnd(t, s, e));
    if (raw.includes(': ') || raw.endsWith(':')) bail();
    const next = this.nextContent(l + 1);
    if (next < this.ls.length && !this.isMarker(next) && this.indentOf(next) > indent) {
      // A more indented line after a plain scalar is a multi-line scalar (or an error).
      bail();
    }
    this.line = l + 1;
    const end = s + raw.length;
    this.ns = s;
    this.ne = end;
    this.vend = end;
    return this.resolve(raw, false);
  }

  endOfLine(from: number, le: number): void {
    const rest = this.text.slice(from, le).replace(YAML_EDGE_SPACE, '');
    if (rest !== '' && !rest.startsWith('#')) bail();
  }

  /** `|`, `|-` or `|+` literal block scalars with auto-detected indentation. */
  literalBlock(s: number, le: number, indent: number): string {
    const t = this.text;
    const header = t
      .slice(s, le)
      .replace(/[ \t]+#.*$/, '')
      .replace(YAML_TRAILING_SPACE, '');
    if (header !== '|' && header !== '|-' && header !== '|+') bail();
    const chomp = header[1] ?? '';
    const lines: string[] = [];
    let l = this.line + 1;
    let blockIndent = -1;
    let lastContent = this.line;
    while (l < this.ls.length) {
      const ls = this.ls[l] ?? 0;
      const le2 = this.lineEnd(l);
      const raw = t.slice(ls, le2);
      if (raw.replace(YAML_EDGE_SPACE, '') === '') {
        lines.push('');
        l++;
        continue;
      }
      let i = 0;
      while (raw.charCodeAt(i) === 32) i++;
      if (blockIndent === -1) {
        if (i <= indent) break;
        blockIndent = i;
      }
      if (i < blockIndent) break;
      // A leading blank line more indented than the content is an error in YAML.
      lines.push(raw.slice(blockIndent));
      lastContent = l;
      l++;
    }
    if (blockIndent === -1) bail();
    const content = lines.slice(0, lastContent - this.line);
    const trailing = lines.length - content.length;
    // Leading empty lines (which may be more indented than the content): leave them to yaml.
    if (content[0] === '') bail();
    let value = content.join('\n');
    if (chomp === '-') value = value.replace(/\n+$/, '');
    else if (chomp === '+') value = `${value}\n${'\n'.repeat(trailing)}`;
    else value = `${value.replace(/\n+$/, '')}\n`;
    this.line = lastContent + 1;
    // Like `yaml`, the scalar's range runs to the start of the first line after the block,
    // trailing blank lines included.
    const end = Math.min(this.ls[l] ?? t.length, t.length);
    this.ns = s;
    this.ne = end;
    this.vend = end;
    return value;
  }
}

/** One-line flow collections: `{a: 1, b: [x, "y"]}`. */
class FlowParser {
  i: number;
  /** Range of the node the last `node`/`scalar` call read. */
  s = 0;
  e = 0;
  constructor(
    readonly p: FastParser,
    start: number,
    readonly le: number,
    readonly depth: number,
  ) {
    this.i = start;
  }

  ws(): void {
    const t = this.p.text;
    while (this.i < this.le && t.charCodeAt(this.i) === 32) this.i++;
  }

  parse(): { value: unknown; s: number; e: number; end: number } {
    const value = this.node(this.depth);
    return { value, s: this.s, e: this.e, end: this.i };
  }

  node(depth: number): unknown {
    if (depth > this.p.maxDepth) bail();
    this.ws();
    const c = this.p.text.charCodeAt(this.i);
    if (c === 123) return this.map(depth);
    if (c === 91) return this.seq(depth);
    return this.scalar(false);
  }

  scalar(atKey: boolean): unknown {
    this.ws();
    const t = this.p.text;
    const s = this.i;
    const c = t.charCodeAt(s);
    if (c === 34 || c === 39) {
      const end = this.p.quotedEnd(s, this.le);
      if (end === -1) bail();
      this.i = end;
      this.s = s;
      this.e = end;
      return this.p.quotedValue(s, end);
    }
    if (Number.isNaN(c) || isIndicator(c) || c === 35 || (c === 45 && t.charCodeAt(s + 1) === 32))
      bail();
    let e = s;
    while (e < this.le) {
      const ch = t.charCodeAt(e);
      if (ch === 44 || ch === 93 || ch === 125 || ch === 91 || ch === 123) break;
      if (ch === 58) {
        const n = t.charCodeAt(e + 1);
        if (n === 32 || n === 44 || n === 93 || n === 125) break;
      }
      if (ch === 35 && t.charCodeAt(e - 1) === 32) bail();
      e++;
    }
    while (e > s && t.charCodeAt(e - 1) === 32) e--;
    if (e === s) bail();
    this.i = e;
    this.s = s;
    this.e = e;
    return this.p.resolve(t.slice(s, e), atKey);
  }

  map(depth: number): unknown {
    const t = this.p.text;
    const s = this.i;
    this.i++;
    const obj: Record<string, unknown> = {};
    const keys: string[] = [];
    let indexKeys = false;
    const offs = [s, s];
    this.ws();
    if (t.charCodeAt(this.i) === 125) {
      this.i++;
      offs[1] = this.i;
      this.p.record(obj, offs);
      this.s = s;
      this.e = this.i;
      return obj;
    }
    for (;;) {
      this.ws();
      const kv = this.scalar(true);
      if (kv === null) bail();
      const ks = this.s;
      const ke = this.e;
      const key = String(kv);
      if (key === '__proto__' || key === '<<' || Object.hasOwn(obj, key)) bail();
      this.ws();
      if (t.charCodeAt(this.i) !== 58) bail();
      this.i++;
      this.ws();
      const c = t.charCodeAt(this.i);
      if (c === 44 || c === 125) bail(); // `{a: }`: empty values are left to yaml
      const value = this.node(depth + 1);
      obj[key] = value;
      keys.push(key);
      if (!indexKeys && isIndexKey(key)) indexKeys = true;
      offs.push(ks, ke, this.s, this.e);
      this.ws();
      const d = t.charCodeAt(this.i);
      this.i++;
      if (d === 125) break;
      if (d !== 44) bail();
      this.ws();
      if (t.charCodeAt(this.i) === 125) bail(); // trailing comma
    }
    offs[1] = this.i;
    this.p.record(obj, indexKeys ? reorder(obj, keys, offs) : offs);
    this.s = s;
    this.e = this.i;
    return obj;
  }

  seq(depth: number): unknown {
    const t = this.p.text;
    const s = this.i;
    this.i++;
    const arr: unknown[] = [];
    const offs = [s, s];
    this.ws();
    if (t.charCodeAt(this.i) === 93) {
      this.i++;
      offs[1] = this.i;
      this.p.record(arr, offs);
      this.s = s;
      this.e = this.i;
      return arr;
    }
    for (;;) {
      const value = this.node(depth + 1);
      this.ws();
      if (t.charCodeAt(this.i) === 58) bail(); // `[a: b]` single-pair maps
      arr.push(value);
      offs.push(this.s, this.e);
      const d = t.charCodeAt(this.i);
      this.i++;
      if (d === 93) break;
      if (d !== 44) bail();
      this.ws();
      if (t.charCodeAt(this.i) === 93) bail();
    }
    offs[1] = this.i;
    this.p.record(arr, offs);
    this.s = s;
    this.e = this.i;
    return arr;
  }
}

function isCollection(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

/**
 * Same rules as locateInAst, on the fast path's position table: a scalar at its value, a
 * map entry whose value is a collection or empty at its key, a list item at its start, a
 * missing field at its nearest existing ancestor.
 */
export function locateInTable(doc: FastDocument, tokens: readonly string[]): [number, number] {
  const { offsets, records } = doc.table;
  let node: unknown = doc.value;
  // The root is a collection (the fast path gives up on anything else) or empty.
  let range: [number, number] = isCollection(node)
    ? [doc.rootStart, doc.rootStart]
    : [doc.start, doc.start];
  for (const token of tokens) {
    if (!isCollection(node)) break;
    const base = records.get(node);
    if (base === undefined) break;
    if (Array.isArray(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) break;
      const i = Number(token);
      if (i >= node.length) break;
      const item: unknown = node[i];
      const s = offsets[base + 2 + 2 * i] as number;
      range = isCollection(item) ? [s, s] : [s, offsets[base + 3 + 2 * i] as number];
      node = item;
    } else {
      if (!Object.hasOwn(node, token)) break;
      // The entry's rank in `Object.keys` order (for…in gives the same order on these plain
      // objects, without building the key array).
      let i = 0;
      for (const k in node) {
        if (k === token) break;
        i++;
      }
      const value: unknown = (node as Record<string, unknown>)[token];
      const at = base + 2 + 4 * i;
      const vs = offsets[at + 2] as number;
      range =
        vs === -1 || isCollection(value)
          ? [offsets[at] as number, offsets[at + 1] as number]
          : [vs, offsets[at + 3] as number];
      node = value;
    }
  }
  return range;
}
