/**
 * The regular expressions a rule may write: kpc's one grammar (@kpc/ir `parseRegex`,
 * docs/rule-language.md). The IR keeps the pattern as written (JavaScript syntax): the
 * interpreter runs it with RegExp, and each backend prints it from the same parse.
 */
import { parseRegex } from '@kpc/ir';

export type RegexCheck =
  | { readonly ok: true; readonly pattern: string }
  | { readonly ok: false; readonly offset: number; readonly reason: string; readonly hint: string };

/**
 * Checks `pattern` (the source of a regex literal without slashes and flags) against the
 * grammar and returns it unchanged, or the offset of the first offending character and a
 * hint.
 */
export function checkRegexSubset(pattern: string): RegexCheck {
  const r = parseRegex(pattern);
  return r.ok ? { ok: true, pattern } : r;
}
