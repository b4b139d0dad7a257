/**
 * JavaScript regular expression (no flags) → RE2 syntax for Rego's `regex.match`
 * (Go regexp, https://github.com/google/re2/wiki/Syntax). Both tests are unanchored, like
 * JavaScript's `RegExp.prototype.test`. Patterns are kpc's one grammar (@kpc/ir
 * `parseRegex`); the one construct whose meaning differs (`.`) is rewritten to the JavaScript
 * meaning, so that a pattern matches the same strings in both engines or does not compile.
 *
 * Code units: without the u flag JavaScript matches UTF-16 code units, so `.`, `\S`, `\W`,
 * `\D` and negated classes match each half of a character above U+FFFF; RE2 matches code
 * points. The subject is therefore rewritten before matching (`kpc_regex_subject` in the
 * prelude, `regexSubject` here): every character above U+FFFF becomes two U+FFFE. The
 * translation rejects patterns that could tell U+FFFE from a surrogate (U+FFFE itself, and
 * class members from U+D800 upward), so both engines see the same sequence of units.
 */

import { parseRegex, printRegex } from '@kpc/ir';

/** The placeholder for one UTF-16 surrogate in a rewritten subject. */
export const SURROGATE_PLACEHOLDER = '\ufffe';

/** Rewrites a subject as the Rego prelude does: each character above U+FFFF → two U+FFFE. */
export function regexSubject(s: string): string {
  return s.replace(/[\u{10000}-\u{10FFFF}]/gu, '\ufffe\ufffe');
}

export type RegexTranslation =
  | { readonly ok: true; readonly pattern: string }
  | { readonly ok: false; readonly reason: string };

// JavaScript's `.` without the s flag: anything but a line terminator.
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

/**
 * Translates a flag-less JavaScript pattern in kpc's grammar (@kpc/ir `parseRegex`) to RE2,
 * or says why it cannot: `.` becomes the class JavaScript means and `\xHH` RE2's `\x{HH}`;
 * U+FFFE (the surrogate placeholder of the rewritten subject) and class members from U+E000
 * upward (which could tell the placeholder from a surrogate) are refused.
 */
export function translateRegex(source: string): RegexTranslation {
  const r = parseRegex(source);
  if (!r.ok) return { ok: false, reason: `${r.reason} (at offset ${r.offset}; ${r.hint})` };
  for (const t of r.tokens) {
    if (t.kind === 'char' && t.code === 0xfffe) return { ok: false, reason: 'U+FFFE' };
    if (t.kind === 'class')
      for (const item of t.items) {
        const top = item.kind === 'range' ? item.to.code : item.kind === 'char' ? item.code : 0;
        if (top >= 0xd800) return { ok: false, reason: 'class members from U+D800 upward' };
      }
  }
  return { ok: true, pattern: printRegex(r.tokens, { dot: JS_DOT, hex: (h) => `\\x{${h}}` }) };
}
