/**
 * Regular expressions: kpc rules use JavaScript regex literals, Kubernetes CEL uses RE2
 * (`matches()` is an unanchored search, like JavaScript's `RegExp.prototype.test`). The
 * syntax is kpc's one grammar (@kpc/ir `parseRegex`); this module prints it for CEL,
 * rewriting the one construct that differs in meaning: `.` (JavaScript excludes `\n`, `\r`,
 * U+2028 and U+2029; RE2 excludes only `\n`).
 *
 * References: RE2 syntax (github.com/google/re2/wiki/Syntax), ECMA-262 §22.2.
 */

import { parseRegex, printRegex } from '@kpc/ir';

/** The result of translating a pattern: the RE2/JS-common pattern, or why it is refused. */
export type RegexTranslation =
  | { readonly ok: true; readonly pattern: string }
  | { readonly ok: false; readonly reason: string };

// Written as literal characters (not escapes): RE2 has no `\u` escape and JavaScript has no `\x{…}`.
const DOT_CLASS = '[^\\n\\r\u2028\u2029]';

/**
 * Translates a JavaScript regex source (no flags) in kpc's grammar (@kpc/ir `parseRegex`)
 * into a pattern with the same meaning in RE2 and JavaScript on strings without characters
 * outside the Basic Multilingual Plane: `.` becomes the class JavaScript means, the rest is
 * written as in the source. Refuses (never guesses) anything outside the grammar.
 */
export function translateRegex(source: string): RegexTranslation {
  const r = parseRegex(source);
  if (!r.ok) return { ok: false, reason: `${r.reason} (at offset ${r.offset}; ${r.hint})` };
  return { ok: true, pattern: printRegex(r.tokens, { dot: DOT_CLASS }) };
}
