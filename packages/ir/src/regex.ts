/**
 * The regular expressions of kpc rules: one grammar, one parser, one printer.
 *
 * A rule's `regexTest` pattern is JavaScript regex syntax without flags. kpc accepts only
 * patterns whose meaning is the same in JavaScript (UTF-16 code units, no flags) and in RE2
 * (CEL `matches`, Rego `regex.match`; https://github.com/google/re2/wiki/Syntax), or that
 * differ only where every backend's printer rewrites them exactly (`.`: JavaScript excludes
 * `\n`, `\r`, U+2028 and U+2029, RE2 only `\n`). Everything else is refused with the offset
 * of the offending character and a hint; nothing is guessed. docs/rule-language.md lists the
 * grammar; the frontend (regex literals), the IR validator and every backend use this module,
 * so what a user may write and what it means live here only.
 *
 * The parse is a flat list of tokens, each with its source text: the printers of the
 * backends rewrite the tokens that differ and copy the others.
 */

/** The largest counted repetition RE2 accepts. */
export const MAX_REPEAT = 1000;

/** One element of a character class. */
export type RegexClassItem =
  | { readonly kind: 'char'; readonly raw: string; readonly code: number }
  | {
      readonly kind: 'range';
      readonly raw: string;
      readonly from: { readonly raw: string; readonly code: number };
      readonly to: { readonly raw: string; readonly code: number };
    }
  /** `\d \D \w \W`. */
  | { readonly kind: 'classEscape'; readonly raw: string };

export type RegexToken =
  /** A character matching itself: a literal, `\t`-style, `\xHH` or an escaped punctuation. */
  | { readonly kind: 'char'; readonly raw: string; readonly code: number }
  /** `\d \D \w \W`. */
  | { readonly kind: 'classEscape'; readonly raw: string }
  /** `\b \B`. */
  | { readonly kind: 'boundary'; readonly raw: string }
  | {
      readonly kind: 'class';
      readonly raw: string;
      readonly negated: boolean;
      readonly items: readonly RegexClassItem[];
    }
  | { readonly kind: 'dot'; readonly raw: '.' }
  | { readonly kind: 'open'; readonly raw: '(' | '(?:' }
  | { readonly kind: 'close'; readonly raw: ')' }
  | { readonly kind: 'alternation'; readonly raw: '|' }
  | { readonly kind: 'anchor'; readonly raw: '^' | '$' }
  /** `* + ? {n} {n,} {n,m}`, with a lazy `?` in `raw` when given. */
  | {
      readonly kind: 'quantifier';
      readonly raw: string;
      readonly min: number;
      readonly max: number | undefined;
      readonly lazy: boolean;
    };

export type RegexParse =
  | { readonly ok: true; readonly tokens: readonly RegexToken[] }
  | { readonly ok: false; readonly offset: number; readonly reason: string; readonly hint: string };

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { t: 9, n: 10, v: 11, f: 12, r: 13 };
const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W']);
const PUNCTUATION = /^[!-/:-@[-`{-~]$/;

type Fail = Extract<RegexParse, { ok: false }>;
const fail = (offset: number, reason: string, hint: string): Fail => ({
  ok: false,
  offset,
  reason,
  hint,
});

const isSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdfff;
const BMP_ONLY = (i: number): Fail =>
  fail(
    i,
    'characters outside the Basic Multilingual Plane',
    'JavaScript matches them as two code units and RE2 as one code point; match them without a regex',
  );

/** An escape at `i` (a backslash) that stands for one character, or undefined. */
function charEscape(pattern: string, i: number): { raw: string; code: number } | undefined {
  const e = pattern[i + 1]!;
  if (Object.hasOwn(SIMPLE_ESCAPES, e)) return { raw: `\\${e}`, code: SIMPLE_ESCAPES[e]! };
  if (PUNCTUATION.test(e)) return { raw: `\\${e}`, code: e.charCodeAt(0) };
  if (e === 'x') {
    const hex = pattern.slice(i + 2, i + 4);
    if (/^[0-9a-fA-F]{2}$/.test(hex))
      return { raw: pattern.slice(i, i + 4), code: Number.parseInt(hex, 16) };
  }
  return undefined;
}

/**
 * Parses `pattern` (the source of a regex literal without slashes and flags) against kpc's
 * grammar: the tokens, or the offset of the first offending character, why, and a hint.
 */
export function parseRegex(pattern: string): RegexParse {
  const tokens: RegexToken[] = [];
  // Whether the previous token can take a quantifier, and whether it already has one.
  let quantifiable = false;
  let quantified = false;
  const open: number[] = [];
  const atom = (t: RegexToken): void => {
    tokens.push(t);
    quantifiable = true;
    quantified = false;
  };
  const other = (t: RegexToken): void => {
    tokens.push(t);
    quantifiable = false;
    quantified = false;
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    const code = c.charCodeAt(0);
    if (isSurrogate(code)) return BMP_ONLY(i);
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) return fail(i, 'a trailing backslash', 'remove it');
      if (e === 's' || e === 'S')
        return fail(
          i,
          `\\${e} differs between JavaScript (Unicode spaces) and RE2 (ASCII spaces)`,
          'list the characters you mean, e.g. [ \\t\\r\\n]',
        );
      if (e === 'b' || e === 'B') {
        other({ kind: 'boundary', raw: `\\${e}` });
        i += 2;
        continue;
      }
      if (CLASS_ESCAPES.has(e)) {
        atom({ kind: 'classEscape', raw: `\\${e}` });
        i += 2;
        continue;
      }
      const ch = charEscape(pattern, i);
      if (ch !== undefined) {
        atom({ kind: 'char', ...ch });
        i += ch.raw.length;
        continue;
      }
      if (e === 'x')
        return fail(i, 'an incomplete \\x escape', 'write \\x followed by two hex digits');
      if (/[0-9]/.test(e) || e === 'k')
        return fail(
          i,
          'backreferences and octal escapes',
          'RE2 has no backreferences; rewrite the check',
        );
      if (e === 'u') return fail(i, 'a \\u escape (RE2 has none)', 'write the character itself');
      return fail(
        i,
        `the escape \\${e} means different things in JavaScript and RE2`,
        'escape only punctuation, or use \\d \\w \\b \\t \\n \\r \\f \\v \\xHH',
      );
    }
    if (c === '[') {
      const r = parseClass(pattern, i);
      if (!r.ok) return r;
      atom(r.token);
      i = r.end;
      continue;
    }
    if (c === '(') {
      if (pattern[i + 1] === '?') {
        if (pattern[i + 2] !== ':')
          return fail(
            i,
            'lookaround, named groups and inline flags',
            'RE2 has no lookaround; use a plain or a (?:…) group and combine several tests with && / !',
          );
        other({ kind: 'open', raw: '(?:' });
        open.push(i);
        i += 3;
      } else {
        other({ kind: 'open', raw: '(' });
        open.push(i);
        i += 1;
      }
      continue;
    }
    if (c === ')') {
      if (open.pop() === undefined) return fail(i, 'an unbalanced ")"', 'escape it as \\)');
      atom({ kind: 'close', raw: ')' });
      i += 1;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      let end = i + 1;
      let min = c === '+' ? 1 : 0;
      let max: number | undefined = c === '?' ? 1 : undefined;
      if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
        if (!m) return fail(i, 'a brace that is not a counted repetition', 'escape it as \\{');
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? undefined : Number(m[3]);
        if (min > MAX_REPEAT || (max ?? min) > MAX_REPEAT || (max !== undefined && max < min))
          return fail(
            i,
            `a repetition count above ${MAX_REPEAT} or out of order`,
            'use a smaller count',
          );
        end = i + m[0].length;
      }
      if (!quantifiable || quantified)
        return fail(i, 'a quantifier without something to repeat', 'escape it, e.g. \\*');
      // A lazy `?` after a quantifier: the same verdict for a boolean test in both engines.
      const lazy = pattern[end] === '?';
      if (lazy) end += 1;
      tokens.push({ kind: 'quantifier', raw: pattern.slice(i, end), min, max, lazy });
      quantified = true;
      i = end;
      continue;
    }
    if (c === '}' || c === ']') return fail(i, `an unescaped "${c}"`, `escape it as \\${c}`);
    if (c === '.') atom({ kind: 'dot', raw: '.' });
    else if (c === '^' || c === '$') other({ kind: 'anchor', raw: c });
    else if (c === '|') other({ kind: 'alternation', raw: '|' });
    else atom({ kind: 'char', raw: c, code });
    i += 1;
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) return fail(unclosed, 'an unclosed "("', 'close it with )');
  return { ok: true, tokens };
}

/** The character class starting at `start` (`[`). */
function parseClass(
  pattern: string,
  start: number,
): { ok: true; token: Extract<RegexToken, { kind: 'class' }>; end: number } | Fail {
  let i = start + 1;
  const negated = pattern[i] === '^';
  if (negated) i += 1;
  if (pattern[i] === ']')
    return fail(i, 'an empty class or "]" first in a class', 'escape "]" as \\]');
  const items: RegexClassItem[] = [];
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === ']')
      return {
        ok: true,
        token: { kind: 'class', raw: pattern.slice(start, i + 1), negated, items },
        end: i + 1,
      };
    const one = classChar(pattern, i);
    if (!one.ok) return one;
    const last = items[items.length - 1];
    // `a-z`: a range when "-" follows a character and is not the last member.
    if (
      one.item.kind === 'char' &&
      one.item.raw === '-' &&
      last !== undefined &&
      pattern[one.end] !== ']' &&
      one.end < pattern.length
    ) {
      if (last.kind !== 'char')
        return fail(i, 'a range next to a class escape', 'escape the "-" as \\-');
      const to = classChar(pattern, one.end);
      if (!to.ok) return to;
      if (to.item.kind !== 'char')
        return fail(one.end, 'a range next to a class escape', 'escape the "-" as \\-');
      if (to.item.code < last.code)
        return fail(i, 'a range out of order', 'write the smaller character first');
      items[items.length - 1] = {
        kind: 'range',
        raw: `${last.raw}-${to.item.raw}`,
        from: { raw: last.raw, code: last.code },
        to: { raw: to.item.raw, code: to.item.code },
      };
      i = to.end;
      continue;
    }
    items.push(one.item);
    i = one.end;
  }
  return fail(start, 'an unterminated class', 'close it with ]');
}

/** One member of a class at `i`: a character (literal or escape) or a class escape. */
function classChar(
  pattern: string,
  i: number,
):
  | {
      ok: true;
      item: Extract<RegexClassItem, { kind: 'char' | 'classEscape' }>;
      end: number;
    }
  | Fail {
  const c = pattern[i]!;
  const code = c.charCodeAt(0);
  if (isSurrogate(code)) return BMP_ONLY(i);
  if (c === '[')
    return fail(
      i,
      'an unescaped "[" inside a class (RE2 reads [: as a POSIX class)',
      'escape it as \\[',
    );
  if (c !== '\\') return { ok: true, item: { kind: 'char', raw: c, code }, end: i + 1 };
  const e = pattern[i + 1];
  if (e === undefined) return fail(i, 'a trailing backslash', 'remove it');
  if (CLASS_ESCAPES.has(e))
    return { ok: true, item: { kind: 'classEscape', raw: `\\${e}` }, end: i + 2 };
  const ch = charEscape(pattern, i);
  if (ch !== undefined) return { ok: true, item: { kind: 'char', ...ch }, end: i + ch.raw.length };
  if (e === 'x') return fail(i, 'an incomplete \\x escape', 'write \\x followed by two hex digits');
  return fail(
    i,
    `the escape \\${e} inside a class means different things in JavaScript and RE2`,
    'escape only punctuation, or use \\d \\w \\t \\n \\r \\f \\v \\xHH',
  );
}

/** How a backend writes the tokens whose text differs from the JavaScript source. */
export interface RegexPrinter {
  /** `.` outside a class (JavaScript's meaning: anything but \n, \r, U+2028, U+2029). */
  readonly dot: string;
  /** A `\xHH` escape (inside or outside a class); the source text when absent. */
  readonly hex?: (hexDigits: string) => string;
}

/** The pattern for a backend: every token's source text, except those `printer` rewrites. */
export function printRegex(tokens: readonly RegexToken[], printer: RegexPrinter): string {
  const char = (raw: string): string =>
    printer.hex !== undefined && raw.startsWith('\\x') ? printer.hex(raw.slice(2)) : raw;
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'dot') out += printer.dot;
    else if (t.kind === 'char') out += char(t.raw);
    else if (t.kind === 'class') {
      out += t.negated ? '[^' : '[';
      for (const item of t.items)
        out +=
          item.kind === 'range'
            ? `${char(item.from.raw)}-${char(item.to.raw)}`
            : item.kind === 'char'
              ? char(item.raw)
              : item.raw;
      out += ']';
    } else out += t.raw;
  }
  return out;
}
