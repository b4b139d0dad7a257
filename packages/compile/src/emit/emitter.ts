/**
 * A small text emitter shared by the backends: a buffer with indentation. Quoting is the
 * caller's (CEL and Rego quote differently); this only keeps layout consistent.
 */
export class Emitter {
  private readonly lines: string[] = [];
  private depth = 0;

  constructor(private readonly indentUnit = '  ') {}

  /** Appends one line at the current indentation (an empty string gives an empty line). */
  line(text = ''): this {
    this.lines.push(text === '' ? '' : this.indentUnit.repeat(this.depth) + text);
    return this;
  }

  /** Runs `body` one level deeper. */
  indent(body: () => void): this {
    this.depth++;
    try {
      body();
    } finally {
      this.depth--;
    }
    return this;
  }

  /** The text, with a final newline. */
  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
