/**
 * Best-effort source positions inside a config file: the config is TypeScript evaluated
 * at load time, so a bad value is located by searching the text for the key or literal
 * that produced it. Falls back to the file's first line; never throws.
 */
import type { SourceLocation } from '@kpc/ir';

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Locates a property key (`key:` or `'key':`), optionally after the first `after` key. */
export function locateKey(file: string, text: string, key: string, after?: string): SourceLocation {
  let start = 0;
  if (after !== undefined) {
    const m = new RegExp(`(['"]?)${escapeRegExp(after)}\\1\\s*:`).exec(text);
    if (m) start = m.index;
  }
  const re = new RegExp(`(^|[^\\w$-])(['"]?)(${escapeRegExp(key)})\\2\\s*:`, 'g');
  re.lastIndex = start;
  const m = re.exec(text) ?? new RegExp(re.source).exec(text);
  if (!m) return { file, line: 1, column: 1 };
  const offset = m.index + (m[1]?.length ?? 0);
  return { file, ...position(text, offset) };
}

/** Locates a string literal (`'value'`, `"value"` or a template literal). */
export function locateString(file: string, text: string, value: string): SourceLocation {
  const re = new RegExp(`(['"\`])${escapeRegExp(value)}\\1`);
  const m = re.exec(text);
  if (!m) return { file, line: 1, column: 1 };
  return { file, ...position(text, m.index) };
}

/** Line and column of a 0-based offset. */
export function locateOffset(file: string, text: string, offset: number): SourceLocation {
  return { file, ...position(text, Math.max(0, Math.min(offset, text.length))) };
}
