/**
 * Regular expressions: kpc rules use JavaScript regex literals, Kubernetes CEL uses RE2
 * (`matches()` is an unanchored search, like JavaScript's `RegExp.prototype.test`). This
 * module accepts only the syntax both engines read the same way and translates the one
 * construct that differs in meaning but can be rewritten exactly: `.` (JavaScript excludes
 * `\n`, `\r`, U+2028 and U+2029; RE2 excludes only `\n`).
 *
 * References: RE2 syntax (github.com/google/re2/wiki/Syntax), ECMA-262 §22.2.
 */

/** The result of translating a pattern: the RE2/JS-common pattern, or why it is refused. */
export type RegexTranslation =
  | { readonly ok: true; readonly pattern: string }
  | { readonly ok: false; readonly reason: string };

// Written as literal characters (not escapes): RE2 has no `\u` escape and JavaScript has no `\x{…}`.
const DOT_CLASS = '[^\\n\\r\u2028\u2029]';

const SAFE_ESCAPES = new Set(['d', 'D', 'w', 'W', 'b', 'B', 'n', 'r', 't', 'f', 'v']);
const SAFE_CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 'n', 'r', 't', 'f', 'v']);
const PUNCTUATION = /^[\\^$.|?*+()[\]{}/-]$/;

/**
 * `\xHH` (exactly two hex digits) at `i`: the same character in RE2 and JavaScript, kept as
 * the escape (so a control character never appears raw in the generated policy).
 */
function hexEscape(source: string, i: number): string | undefined {
  const m = /^\\x[0-9a-fA-F]{2}/.exec(source.slice(i, i + 4));
  return m ? m[0] : undefined;
}

/**
 * Translates a JavaScript regex source (no flags) into a pattern with the same meaning in
 * RE2 and JavaScript on strings without characters outside the Basic Multilingual Plane.
 * Refuses (never guesses) anything else: `\s` (Unicode whitespace in JavaScript, ASCII in
 * RE2), back-references, look-around, named groups, `\u`/`\x{…}`/`\c`/`\0`/`\p` escapes,
 * possessive or empty-bodied constructs.
 */
export function translateRegex(source: string): RegexTranslation {
  let out = '';
  let i = 0;
  let depth = 0;
  let lastAtom = false;
  const fail = (reason: string): RegexTranslation => ({ ok: false, reason });
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) return fail('pattern ends with a backslash');
      if (SAFE_ESCAPES.has(next) || PUNCTUATION.test(next)) {
        out += `\\${next}`;
        i += 2;
        lastAtom = next !== 'b' && next !== 'B';
        continue;
      }
      const hex = hexEscape(source, i);
      if (hex !== undefined) {
        out += hex;
        i += 4;
        lastAtom = true;
        continue;
      }
      return fail(`escape \\${next} is not read the same way by RE2 and JavaScript`);
    }
    if (ch === '[') {
      let j = i + 1;
      let cls = '[';
      if (source[j] === '^') {
        cls += '^';
        j++;
      }
      if (source[j] === ']')
        return fail('a character class starting with ] differs between RE2 and JavaScript');
      let closed = false;
      while (j < source.length) {
        const c = source[j]!;
        if (c === ']') {
          closed = true;
          j++;
          break;
        }
        if (c === '[') return fail('[ inside a character class differs between RE2 and JavaScript');
        if (c === '\\') {
          const n = source[j + 1];
          if (n === undefined) return fail('pattern ends with a backslash');
          if (SAFE_CLASS_ESCAPES.has(n) || PUNCTUATION.test(n)) {
            cls += `\\${n}`;
            j += 2;
            continue;
          }
          const hex = hexEscape(source, j);
          if (hex !== undefined) {
            cls += hex;
            j += 4;
            continue;
          }
          return fail(
            `escape \\${n} in a character class is not read the same way by RE2 and JavaScript`,
          );
        }
        cls += c;
        j++;
      }
      if (!closed) return fail('unterminated character class');
      if (cls === '[' || cls === '[^') return fail('empty character class');
      out += `${cls}]`;
      i = j;
      lastAtom = true;
      continue;
    }
    if (ch === '(') {
      if (source[i + 1] === '?') {
        if (source[i + 2] === ':') {
          out += '(?:';
          i += 3;
          depth++;
          lastAtom = false;
          continue;
        }
        return fail(
          'look-around and named groups are not supported by RE2 or differ from JavaScript',
        );
      }
      out += '(';
      i++;
      depth++;
      lastAtom = false;
      continue;
    }
    if (ch === ')') {
      if (depth === 0) return fail('unbalanced )');
      depth--;
      out += ')';
      i++;
      lastAtom = true;
      continue;
    }
    if (ch === '*' || ch === '+' || ch === '?') {
      if (!lastAtom) return fail(`quantifier ${ch} without an operand`);
      out += ch;
      i++;
      if (source[i] === '?') {
        out += '?';
        i++;
      }
      if (source[i] === '+') return fail('possessive quantifiers are not supported');
      if (source[i] === '*' || source[i] === '+' || (source[i] === '?' && ch !== '?'))
        return fail('stacked quantifiers differ between RE2 and JavaScript');
      lastAtom = false;
      continue;
    }
    if (ch === '{') {
      const m = /^\{(\d+)(,(\d+)?)?\}/.exec(source.slice(i));
      if (!m) return fail('a literal { differs between RE2 and JavaScript; escape it as \\{');
      if (!lastAtom) return fail('repetition without an operand');
      if (m[3] !== undefined && Number(m[3]) < Number(m[1]))
        return fail('repetition {n,m} with m < n');
      if (Number(m[1]) > 1000 || Number(m[3] ?? m[1]) > 1000)
        return fail('RE2 limits repetition counts to 1000');
      out += m[0];
      i += m[0].length;
      if (source[i] === '?') {
        out += '?';
        i++;
      }
      lastAtom = false;
      continue;
    }
    if (ch === '}') return fail('a literal } differs between RE2 and JavaScript; escape it as \\}');
    if (ch === ']') return fail('a literal ] must be escaped');
    if (ch === '.') {
      out += DOT_CLASS;
      i++;
      lastAtom = true;
      continue;
    }
    if (ch === '^' || ch === '$' || ch === '|') {
      out += ch;
      i++;
      lastAtom = false;
      continue;
    }
    const cp = ch.charCodeAt(0);
    if (cp >= 0xd800 && cp <= 0xdfff)
      return fail('characters outside the Basic Multilingual Plane are matched differently');
    out += ch;
    i++;
    lastAtom = true;
  }
  if (depth !== 0) return fail('unbalanced (');
  return { ok: true, pattern: out };
}
