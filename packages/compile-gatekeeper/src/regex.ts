/**
 * JavaScript regular expression (no flags) → RE2 syntax for Rego's `regex.match`
 * (Go regexp, https://github.com/google/re2/wiki/Syntax). Both tests are unanchored, like
 * JavaScript's `RegExp.prototype.test`. Constructs whose meaning differs are rewritten to
 * the JavaScript meaning (`.`, `\s`, `\uXXXX`, identity escapes) or rejected, so that a
 * pattern matches the same strings in both engines or does not compile at all.
 *
 * Code units: without the u flag JavaScript matches UTF-16 code units, so `.`, `\S`, `\W`,
 * `\D` and negated classes match each half of a character above U+FFFF; RE2 matches code
 * points. The subject is therefore rewritten before matching (`kpc_regex_subject` in the
 * prelude, `regexSubject` here): every character above U+FFFF becomes two U+FFFE. The
 * translation rejects patterns that could tell U+FFFE from a surrogate (U+FFFE itself, and
 * class members from U+D800 upward), so both engines see the same sequence of units.
 */

/** The placeholder for one UTF-16 surrogate in a rewritten subject. */
export const SURROGATE_PLACEHOLDER = '\ufffe';

/** Rewrites a subject as the Rego prelude does: each character above U+FFFF → two U+FFFE. */
export function regexSubject(s: string): string {
  return s.replace(/[\u{10000}-\u{10FFFF}]/gu, '\ufffe\ufffe');
}

export type RegexTranslation =
  | { readonly ok: true; readonly pattern: string }
  | { readonly ok: false; readonly reason: string };

// JavaScript's \s: WhiteSpace and LineTerminator (ECMA-262 §22.2.2.9).
const JS_SPACE =
  '\\t\\n\\v\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';
// JavaScript's `.` without the s flag: anything but a line terminator.
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

/** Translates a flag-less JavaScript pattern to RE2, or says why it cannot. */
export function translateRegex(source: string): RegexTranslation {
  let out = '';
  let i = 0;
  const fail = (reason: string): RegexTranslation => ({ ok: false, reason });
  while (i < source.length) {
    const ch = source[i]!;
    const code = source.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff)
      return fail('characters outside the Basic Multilingual Plane');
    if (code === 0xfffe) return fail('U+FFFE');
    if (ch === '\\') {
      const r = translateEscape(source, i, false);
      if (!r.ok) return r;
      out += r.text;
      i = r.next;
      continue;
    }
    if (ch === '[') {
      const r = translateClass(source, i);
      if (!r.ok) return r;
      out += r.text;
      i = r.next;
      continue;
    }
    if (ch === '(') {
      if (source.startsWith('(?=', i) || source.startsWith('(?!', i))
        return fail('lookahead assertions');
      if (source.startsWith('(?<=', i) || source.startsWith('(?<!', i))
        return fail('lookbehind assertions');
      if (source.startsWith('(?<', i)) {
        out += '(?P<';
        i += 3;
        continue;
      }
      if (source.startsWith('(?', i) && !source.startsWith('(?:', i))
        return fail('group modifiers');
      out += '(';
      i++;
      continue;
    }
    if (ch === '.') {
      out += JS_DOT;
      i++;
      continue;
    }
    if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (m) {
        if (Number(m[1]) > 1000 || (m[3] !== undefined && m[3] !== '' && Number(m[3]) > 1000))
          return fail('repetition counts above 1000');
        out += m[0];
        i += m[0].length;
        continue;
      }
      out += '\\{';
      i++;
      continue;
    }
    if (ch === '}' || ch === ']') {
      out += `\\${ch}`;
      i++;
      continue;
    }
    out += ch;
    i++;
  }
  return { ok: true, pattern: out };
}

type Piece = { ok: true; text: string; next: number } | { ok: false; reason: string };

function translateEscape(source: string, i: number, inClass: boolean): Piece {
  const c = source[i + 1];
  const fail = (reason: string): Piece => ({ ok: false, reason });
  if (c === undefined) return fail('a trailing backslash');
  const two = (text: string): Piece => ({ ok: true, text, next: i + 2 });
  if ('dDwW'.includes(c)) return two(`\\${c}`);
  if (c === 'b') return inClass ? two('\\x08') : two('\\b');
  if (c === 'B') return inClass ? fail('\\B in a class') : two('\\B');
  if (c === 's') return two(inClass ? JS_SPACE : `[${JS_SPACE}]`);
  if (c === 'S') return inClass ? fail('\\S inside a character class') : two(`[^${JS_SPACE}]`);
  if ('tnrfv'.includes(c)) return two(`\\${c}`);
  if (c === '0' && !/[0-9]/.test(source[i + 2] ?? '')) return two('\\x00');
  if (/[0-9]/.test(c)) return fail('backreferences and octal escapes');
  if (c === 'x') {
    const hex = /^[0-9a-fA-F]{2}/.exec(source.slice(i + 2));
    if (!hex) return two('x');
    return { ok: true, text: `\\x{${hex[0]}}`, next: i + 4 };
  }
  if (c === 'u') {
    const hex = /^[0-9a-fA-F]{4}/.exec(source.slice(i + 2));
    if (!hex) return two('u');
    const v = Number.parseInt(hex[0], 16);
    if (v >= 0xd800 && v <= 0xdfff) return fail('surrogate escapes');
    if (v === 0xfffe || (inClass && v >= 0xd800)) return fail('class members from U+D800 upward');
    return { ok: true, text: `\\x{${hex[0]}}`, next: i + 6 };
  }
  if (c === 'c') return fail('control escapes (\\c)');
  if (c === 'k') return fail('named backreferences');
  if (c === 'p' || c === 'P') return fail('\\p (a literal p without the u flag)');
  if (/[A-Za-z]/.test(c)) return two(c); // identity escape: the letter itself in JS
  const code = c.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff)
    return fail('characters outside the Basic Multilingual Plane');
  if (code === 0xfffe || (inClass && code >= 0xd800))
    return fail('class members from U+D800 upward');
  if (code < 0x80) return two(`\\${c}`); // escaped punctuation is literal in both
  return two(c);
}

function translateClass(source: string, start: number): Piece {
  let i = start + 1;
  let text = '[';
  if (source[i] === '^') {
    text += '^';
    i++;
  }
  if (source[i] === ']') return { ok: false, reason: 'empty character classes ([] or [^])' };
  while (i < source.length && source[i] !== ']') {
    const ch = source[i]!;
    const code = source.charCodeAt(i);
    if (code >= 0xd800) return { ok: false, reason: 'class members from U+D800 upward' };
    if (ch === '\\') {
      const r = translateEscape(source, i, true);
      if (!r.ok) return r;
      text += r.text;
      i = r.next;
      continue;
    }
    // `[` is literal inside a JS class but may start a POSIX class in RE2.
    text += ch === '[' ? '\\[' : ch;
    i++;
  }
  if (i >= source.length) return { ok: false, reason: 'an unterminated character class' };
  return { ok: true, text: `${text}]`, next: i + 1 };
}
