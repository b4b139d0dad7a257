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

/** Source ranges of one node and its children. */
export type PosNode =
  | { readonly t: 'scalar'; readonly s: number; readonly e: number }
  | {
      readonly t: 'map';
      readonly s: number;
      readonly e: number;
      readonly entries: Map<string, { ks: number; ke: number; v: PosNode | null }>;
    }
  | { readonly t: 'seq'; readonly s: number; readonly e: number; readonly items: PosNode[] };

export interface FastDocument {
  /** Index of the document in the stream, counting empty ones as `yaml` does. */
  readonly index: number;
  /** Offset where the document's content starts. */
  readonly start: number;
  /** `null` for an empty document. */
  readonly value: unknown;
  readonly pos: PosNode | null;
}

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
  const cache = new Map<string, unknown>();
  return (source, atKey) => {
    const key = atKey ? `k${source}` : `v${source}`;
    if (cache.has(key)) return cache.get(key);
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
    if (cache.size < 10_000) cache.set(key, value);
    return value;
  };
}

const INDICATORS = new Set(['&', '*', '!', '|', '>', '%', '@', '`', '?', '[', ']', '{', '}', ',']);

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
  line = 0;
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
  }

  lineEnd(l: number): number {
    const next = this.ls[l + 1];
    return next === undefined ? this.text.length : next - 1;
  }

  /** Column of the first non-space character of line l, or -1 for a blank or comment line. */
  indentOf(l: number): number {
    const s = this.ls[l] ?? 0;
    const e = this.lineEnd(l);
    let i = s;
    while (i < e && this.text.charCodeAt(i) === 32) i++;
    if (i === e || this.text.charCodeAt(i) === 35 /* # */) return -1;
    return i - s;
  }

  isMarker(l: number): boolean {
    const s = this.ls[l] ?? 0;
    const t = this.text;
    if (!t.startsWith('---', s) && !t.startsWith('...', s)) return false;
    const c = t.charCodeAt(s + 3);
    return Number.isNaN(c) || c === 10 || c === 32;
  }

  stream(maxDocuments: number): FastDocument[] {
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
      const rest = this.text.slice(s + 3, this.lineEnd(l)).trim();
      if (rest !== '' && !rest.startsWith('#')) bail();
      segments.push({ from, to: l, explicit, start });
      from = l + 1;
      explicit = true;
      start = s;
    }
    segments.push({ from, to: lines, explicit, start });
    const docs: FastDocument[] = [];
    let index = 0;
    for (const seg of segments) {
      let first = seg.from;
      while (first < seg.to && this.indentOf(first) === -1) first++;
      const hasContent = first < seg.to;
      if (!seg.explicit && !hasContent) continue;
      if (docs.length >= maxDocuments) bail();
      if (!hasContent) {
        docs.push({ index: index++, start: seg.start, value: null, pos: null });
        continue;
      }
      if (this.indentOf(first) !== 0) bail();
      this.line = first;
      const [value, pos] = this.blockNode(0, 0, 1);
      if (this.nextContent(this.line) < seg.to) bail(); // content left over: an error
      docs.push({ index: index++, start: this.ls[first] ?? 0, value, pos });
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
  blockNode(col: number, minIndent: number, depth: number): [unknown, PosNode] {
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

  /** Key text at [s, colon): resolved and stringified as `yaml` toJS does. */
  keyString(s: number, colon: number): string {
    const t = this.text;
    const c = t.charCodeAt(s);
    if (c === 34 || c === 39) return this.quotedValue(s, colon);
    const raw = t.slice(s, colon).trimEnd();
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

  blockMap(col: number, depth: number): [Record<string, unknown>, PosNode] {
    const obj: Record<string, unknown> = {};
    const entries = new Map<string, { ks: number; ke: number; v: PosNode | null }>();
    const t = this.text;
    const start = (this.ls[this.line] ?? 0) + col;
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
      const key = this.keyString(ks, colon);
      if (key === '__proto__' || Object.hasOwn(obj, key)) bail();
      const keyEndOffset =
        t.charCodeAt(ks) === 34 || t.charCodeAt(ks) === 39
          ? colon
          : ks + t.slice(ks, colon).trimEnd().length;
      const [value, pos, valueEnd] = this.valueAfter(colon + 1, le, indent, depth, true);
      obj[key] = value;
      entries.set(key, { ks, ke: keyEndOffset, v: pos });
      end = valueEnd ?? keyEndOffset + 1;
    }
    return [obj, { t: 'map', s: start, e: end, entries }];
  }

  blockSeq(col: number, depth: number): [unknown[], PosNode] {
    const arr: unknown[] = [];
    const items: PosNode[] = [];
    const start = (this.ls[this.line] ?? 0) + col;
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
      const [value, pos, valueEnd] = this.valueAfter(s + 1, this.lineEnd(l), indent, depth, false);
      if (pos === null) bail(); // `- ` with nothing: leave empty items to `yaml`
      arr.push(value);
      items.push(pos as PosNode);
      end = valueEnd ?? s + 1;
    }
    return [arr, { t: 'seq', s: start, e: end, items }];
  }

  /**
   * The value after a `key:` or `- ` indicator at offset `from` on line `this.line`. For a
   * map value, a block sequence may sit at the same indent as the key (`inMap`). Advances
   * `this.line` past the value. Returns value, position (null for an empty value) and the
   * end offset of the value.
   */
  valueAfter(
    from: number,
    le: number,
    indent: number,
    depth: number,
    inMap: boolean,
  ): [unknown, PosNode | null, number | undefined] {
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
          const [v, p] = this.blockNode(ni, indent + 1, depth + 1);
          return [v, p, p.e];
        }
      }
      this.line = l + 1;
      return [null, null, undefined];
    }
    const c = t.charCodeAt(s);
    if (c === 45 && this.isSeqIndicator(s)) bail(); // `- - x`, `key: - x`
    if (!inMap && this.keyEnd(s, le) !== -1 && c !== 123 && c !== 91) {
      // `- key: value` starts a compact map whose column is the key's.
      const ls = this.ls[l] ?? 0;
      const [v, p] = this.blockMap(s - ls, depth + 1);
      return [v, p, p.e];
    }
    if (c === 124 /* | */) return this.literalBlock(s, le, indent);
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const r = new FlowParser(this, s, le, depth + 1).parse();
      this.endOfLine(r.end, le);
      this.line = l + 1;
      return [r.value, r.pos, r.pos.e];
    }
    if (c === 34 || c === 39) {
      const end = this.quotedEnd(s, le);
      if (end === -1) bail();
      this.endOfLine(end, le);
      this.line = l + 1;
      return [this.quotedValue(s, end), { t: 'scalar', s, e: end }, end];
    }
    if (INDICATORS.has(String.fromCharCode(c))) bail();
    // A plain scalar: up to ` #` or the end of the line; must not continue on the next line.
    let e = s;
    while (e < le && !(t.charCodeAt(e) === 35 && t.charCodeAt(e - 1) === 32)) e++;
    const raw = t.slice(s, e).trimEnd();
    if (raw.includes(': ') || raw.endsWith(':')) bail();
    const next = this.nextContent(l + 1);
    if (next < this.ls.length && !this.isMarker(next) && this.indentOf(next) > indent) {
      // A more indented line after a plain scalar is a multi-line scalar (or an error).
      bail();
    }
    this.line = l + 1;
    const end = s + raw.length;
    return [this.resolve(raw, false), { t: 'scalar', s, e: end }, end];
  }

  endOfLine(from: number, le: number): void {
    const rest = this.text.slice(from, le).trim();
    if (rest !== '' && !rest.startsWith('#')) bail();
  }

  /** `|`, `|-` or `|+` literal block scalars with auto-detected indentation. */
  literalBlock(s: number, le: number, indent: number): [string, PosNode, number] {
    const t = this.text;
    const header = t
      .slice(s, le)
      .replace(/\s+#.*$/, '')
      .trimEnd();
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
      if (raw.trim() === '') {
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
    return [value, { t: 'scalar', s, e: end }, end];
  }
}

/** One-line flow collections: `{a: 1, b: [x, "y"]}`. */
class FlowParser {
  i: number;
  constructor(
    readonly p: FastParser,
    start: number,
    readonly le: number,
    readonly depth: number,
  ) {
    this.i = start;
  }

  get t(): string {
    return this.p.text;
  }

  ws(): void {
    while (this.i < this.le && this.t.charCodeAt(this.i) === 32) this.i++;
  }

  parse(): { value: unknown; pos: PosNode; end: number } {
    const r = this.node(this.depth);
    return { ...r, end: this.i };
  }

  node(depth: number): { value: unknown; pos: PosNode } {
    if (depth > this.p.maxDepth) bail();
    this.ws();
    const c = this.t.charCodeAt(this.i);
    if (c === 123) return this.map(depth);
    if (c === 91) return this.seq(depth);
    return this.scalar(false);
  }

  scalar(atKey: boolean): { value: unknown; pos: PosNode } {
    this.ws();
    const s = this.i;
    const c = this.t.charCodeAt(s);
    if (c === 34 || c === 39) {
      const end = this.p.quotedEnd(s, this.le);
      if (end === -1) bail();
      this.i = end;
      return { value: this.p.quotedValue(s, end), pos: { t: 'scalar', s, e: end } };
    }
    if (
      Number.isNaN(c) ||
      INDICATORS.has(String.fromCharCode(c)) ||
      c === 35 ||
      (c === 45 && this.t.charCodeAt(s + 1) === 32)
    )
      bail();
    let e = s;
    while (e < this.le) {
      const ch = this.t.charCodeAt(e);
      if (ch === 44 || ch === 93 || ch === 125 || ch === 91 || ch === 123) break;
      if (ch === 58 && [32, 44, 93, 125].includes(this.t.charCodeAt(e + 1))) break;
      if (ch === 35 && this.t.charCodeAt(e - 1) === 32) bail();
      e++;
    }
    const raw = this.t.slice(s, e).trimEnd();
    if (raw === '') bail();
    this.i = s + raw.length;
    return { value: this.p.resolve(raw, atKey), pos: { t: 'scalar', s, e: s + raw.length } };
  }

  map(depth: number): { value: unknown; pos: PosNode } {
    const s = this.i;
    this.i++;
    const obj: Record<string, unknown> = {};
    const entries = new Map<string, { ks: number; ke: number; v: PosNode | null }>();
    this.ws();
    if (this.t.charCodeAt(this.i) === 125) {
      this.i++;
      return { value: obj, pos: { t: 'map', s, e: this.i, entries } };
    }
    for (;;) {
      this.ws();
      const k = this.scalar(true);
      if (k.value === null || typeof k.pos !== 'object' || k.pos.t !== 'scalar') bail();
      const key = String(k.value);
      if (key === '__proto__' || key === '<<' || Object.hasOwn(obj, key)) bail();
      this.ws();
      if (this.t.charCodeAt(this.i) !== 58) bail();
      this.i++;
      this.ws();
      const c = this.t.charCodeAt(this.i);
      if (c === 44 || c === 125) bail(); // `{a: }`: empty values are left to yaml
      const v = this.node(depth + 1);
      obj[key] = v.value;
      const kp = k.pos as { s: number; e: number };
      entries.set(key, { ks: kp.s, ke: kp.e, v: v.pos });
      this.ws();
      const d = this.t.charCodeAt(this.i);
      this.i++;
      if (d === 125) break;
      if (d !== 44) bail();
      this.ws();
      if (this.t.charCodeAt(this.i) === 125) bail(); // trailing comma
    }
    return { value: obj, pos: { t: 'map', s, e: this.i, entries } };
  }

  seq(depth: number): { value: unknown; pos: PosNode } {
    const s = this.i;
    this.i++;
    const arr: unknown[] = [];
    const items: PosNode[] = [];
    this.ws();
    if (this.t.charCodeAt(this.i) === 93) {
      this.i++;
      return { value: arr, pos: { t: 'seq', s, e: this.i, items } };
    }
    for (;;) {
      const v = this.node(depth + 1);
      this.ws();
      if (this.t.charCodeAt(this.i) === 58) bail(); // `[a: b]` single-pair maps
      arr.push(v.value);
      items.push(v.pos);
      const d = this.t.charCodeAt(this.i);
      this.i++;
      if (d === 93) break;
      if (d !== 44) bail();
      this.ws();
      if (this.t.charCodeAt(this.i) === 93) bail();
    }
    return { value: arr, pos: { t: 'seq', s, e: this.i, items } };
  }
}

/** Same rules as locateInAst, on the fast path's position tree. */
export function locateInPos(
  root: PosNode | null,
  docStart: number,
  tokens: readonly string[],
): [number, number] {
  let node: PosNode | null = root;
  const at = (n: PosNode): [number, number] => (n.t === 'scalar' ? [n.s, n.e] : [n.s, n.s]);
  let range: [number, number] = root ? at(root) : [docStart, docStart];
  for (const token of tokens) {
    if (node?.t === 'map') {
      const entry = node.entries.get(token);
      if (!entry) break;
      const v = entry.v;
      range = v === null || v.t !== 'scalar' ? [entry.ks, entry.ke] : [v.s, v.e];
      node = v;
    } else if (node?.t === 'seq') {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) break;
      const item = node.items[Number(token)];
      if (!item) break;
      range = at(item);
      node = item;
    } else break;
  }
  return range;
}
