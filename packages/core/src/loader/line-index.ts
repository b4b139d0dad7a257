/** Offset → line/column conversion for one source text. */
import type { SourceLocation } from '@kpc/ir';

/** Line starts of a text, with 1-based line/column lookups. */
export class LineIndex {
  readonly #starts: number[];
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
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
    const off = Math.max(0, Math.min(offset, this.#text.length));
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#starts[mid] ?? 0) <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: off - (this.#starts[lo] ?? 0) + 1 };
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
    const start = this.#starts[line - 1];
    if (start === undefined) return undefined;
    const next = this.#starts[line];
    const end = next === undefined ? this.#text.length : next - 1;
    return this.#text.slice(start, end).replace(/\r$/, '');
  }
}
