/**
 * The regular-expression subset that kpc accepts: patterns whose meaning is the same in
 * JavaScript (no flags, UTF-16 code units) and in RE2 (CEL `matches`, Rego `regex.match`,
 * https://github.com/google/re2/wiki/Syntax), or differ only where every backend rewrites
 * them exactly (`.`: JavaScript excludes \n, \r, U+2028 and U+2029, RE2 only \n).
 * Everything else is rejected; the frontend never guesses. The IR keeps the pattern as
 * written (JavaScript syntax): the interpreter runs it with RegExp, backends translate it.
 */

export type RegexCheck =
  | { readonly ok: true; readonly pattern: string }
  | { readonly ok: false; readonly offset: number; readonly reason: string; readonly hint: string };

/** The largest counted repetition RE2 accepts. */
const MAX_REPEAT = 1000;

const SIMPLE_ESCAPES = new Set(['t', 'n', 'r', 'f', 'v']);
const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W']);
const PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * Checks `pattern` (the source of a regex literal without slashes and flags) against the
 * common subset and returns it unchanged, or the offset of the first offending character
 * and a hint.
 */
export function checkRegexSubset(pattern: string): RegexCheck {
  let out = '';
  let i = 0;
  // Whether the previous token can take a quantifier, and whether it already has one.
  let quantifiable = false;
  let quantified = false;
  const fail = (offset: number, reason: string, hint: string): RegexCheck => ({
    ok: false,
    offset,
    reason,
    hint,
  });
  while (i < pattern.length) {
    const c = pattern[i]!;
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff)
      return fail(
        i,
        'characters outside the Basic Multilingual Plane',
        'JavaScript matches them as two code units and RE2 as one code point; match them without a regex',
      );
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
        out += `\\${e}`;
        i += 2;
        quantifiable = false;
        quantified = false;
        continue;
      }
      if (e === 'x') {
        if (!/^[0-9a-fA-F]{2}$/.test(pattern.slice(i + 2, i + 4)))
          return fail(i, 'an incomplete \\x escape', 'write \\x followed by two hex digits');
        out += pattern.slice(i, i + 4);
        i += 4;
      } else if (SIMPLE_ESCAPES.has(e) || CLASS_ESCAPES.has(e)) {
        out += `\\${e}`;
        i += 2;
      } else if (PUNCTUATION.test(e)) {
        out += `\\${e}`;
        i += 2;
      } else if (/[0-9]/.test(e) || e === 'k')
        return fail(
          i,
          'backreferences and octal escapes',
          'RE2 has no backreferences; rewrite the check',
        );
      else if (e === 'u')
        return fail(i, 'a \\u escape (RE2 has none)', 'write the character itself');
      else
        return fail(
          i,
          `the escape \\${e} means different things in JavaScript and RE2`,
          'escape only punctuation, or use \\d \\w \\b \\t \\n \\r \\f \\v \\xHH',
        );
      quantifiable = true;
      quantified = false;
      continue;
    }
    if (c === '[') {
      const r = checkClass(pattern, i);
      if (!r.ok) return r;
      out += r.pattern;
      i = r.end;
      quantifiable = true;
      quantified = false;
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
        out += '(?:';
        i += 3;
      } else {
        out += '(';
        i += 1;
      }
      quantifiable = false;
      quantified = false;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      let end = i + 1;
      if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
        if (!m) return fail(i, 'a brace that is not a counted repetition', 'escape it as \\{');
        const lo = Number(m[1]);
        const hi = m[3] === undefined || m[3] === '' ? lo : Number(m[3]);
        if (lo > MAX_REPEAT || hi > MAX_REPEAT || hi < lo)
          return fail(
            i,
            `a repetition count above ${MAX_REPEAT} or out of order`,
            'use a smaller count',
          );
        end = i + m[0].length;
      }
      if (!quantifiable || quantified)
        return fail(i, 'a quantifier without something to repeat', 'escape it, e.g. \\*');
      // A lazy `?` after a quantifier: same verdict for a boolean test in both engines.
      if (pattern[end] === '?') end += 1;
      out += pattern.slice(i, end);
      i = end;
      quantified = true;
      continue;
    }
    if (c === '}' || c === ']') return fail(i, `an unescaped "${c}"`, `escape it as \\${c}`);
    if (c === '.') {
      out += '.';
      i += 1;
      quantifiable = true;
      quantified = false;
      continue;
    }
    if (c === '^' || c === '$' || c === '|' || c === ')') {
      out += c;
      i += 1;
      quantifiable = c === ')';
      quantified = false;
      continue;
    }
    out += c;
    i += 1;
    quantifiable = true;
    quantified = false;
  }
  return { ok: true, pattern: out };
}

type ClassCheck =
  | { readonly ok: true; readonly pattern: string; readonly end: number }
  | (RegexCheck & { readonly ok: false });

/** Checks the character class starting at `start` (`[`). */
function checkClass(pattern: string, start: number): ClassCheck {
  let i = start + 1;
  let out = '[';
  if (pattern[i] === '^') {
    out += '^';
    i += 1;
  }
  const fail = (offset: number, reason: string, hint: string) =>
    ({ ok: false, offset, reason, hint }) as const;
  if (pattern[i] === ']')
    return fail(i, 'an empty class or "]" first in a class', 'escape "]" as \\]');
  // Whether the last item was a class escape (\d, \w…), which cannot start or end a range.
  let lastWasClassEscape = false;
  while (i < pattern.length) {
    const c = pattern[i]!;
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff)
      return fail(
        i,
        'characters outside the Basic Multilingual Plane',
        'match them without a regex',
      );
    if (c === ']') return { ok: true, pattern: `${out}]`, end: i + 1 };
    if (c === '[')
      return fail(
        i,
        'an unescaped "[" inside a class (RE2 reads [: as a POSIX class)',
        'escape it as \\[',
      );
    if (c === '-' && lastWasClassEscape && pattern[i + 1] !== ']')
      return fail(i, 'a range next to a class escape', 'escape the "-" as \\-');
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) return fail(i, 'a trailing backslash', 'remove it');
      if (CLASS_ESCAPES.has(e)) {
        if (out.endsWith('-') && !out.endsWith('\\-') && out.length > 1)
          return fail(i, 'a range next to a class escape', 'escape the "-" as \\-');
        out += `\\${e}`;
        i += 2;
        lastWasClassEscape = true;
        continue;
      }
      if (e === 'x') {
        if (!/^[0-9a-fA-F]{2}$/.test(pattern.slice(i + 2, i + 4)))
          return fail(i, 'an incomplete \\x escape', 'write \\x followed by two hex digits');
        out += pattern.slice(i, i + 4);
        i += 4;
      } else if (SIMPLE_ESCAPES.has(e) || PUNCTUATION.test(e)) {
        out += `\\${e}`;
        i += 2;
      } else
        return fail(
          i,
          `the escape \\${e} inside a class means different things in JavaScript and RE2`,
          'escape only punctuation, or use \\d \\w \\t \\n \\r \\f \\v \\xHH',
        );
      lastWasClassEscape = false;
      continue;
    }
    out += c;
    i += 1;
    lastWasClassEscape = false;
  }
  return fail(start, 'an unterminated class', 'close it with ]');
}
