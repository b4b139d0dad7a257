/** Offset → line/column conversion for one source text. */
import type { SourceLocation } from '@kpc/ir';

/**
 * Line starts of a text, with 1-based line/column lookups. The text may be a piece of a
 * file that starts at a line start (a piece of a stream read incrementally): `offsetBase`
 * is the piece's offset in the file and `lineBase` the number of lines before it, so
 * offsets given and lines returned are the file's.
 */
export class LineIndex {
  readonly #starts: number[];
  readonly #text: string;
  readonly #offsetBase: number;
  readonly #lineBase: number;

  constructor(text: string, offsetBase = 0, lineBase = 0) {
    this.#text = text;
    this.#offsetBase = offsetBase;
    this.#lineBase = lineBase;
    const starts = [0];
    let i = text.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.#starts = starts;
  }

  /** 1-based line and column (in UTF-16 code units) of a 0-based offset; clamped to the text. */
  position(offset: number): { line: number; column: number } {
    const off = Math.max(0, Math.min(offset - this.#offsetBase, this.#text.length));
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#starts[mid] ?? 0) <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: this.#lineBase + lo + 1, column: off - (this.#starts[lo] ?? 0) + 1 };
  }

  /** A location spanning `[start, end)`. */
  location(file: string, start: number, end?: number): SourceLocation {
    const s = this.position(start);
    if (end === undefined || end <= start) return { file, line: s.line, column: s.column };
    const e = this.position(end);
    return { file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  }

  /** The text of a 1-based line without its line break. */
  line(line: number): string | undefined {
    const start = this.#starts[line - this.#lineBase - 1];
    if (start === undefined) return undefined;
    const next = this.#starts[line - this.#lineBase];
    const end = next === undefined ? this.#text.length : next - 1;
    return this.#text.slice(start, end).replace(/\r$/, '');
  }

  /** Number of lines of the text (a text ending with a line break has an empty last line). */
  get lineCount(): number {
    return this.#starts.length;
  }
}
