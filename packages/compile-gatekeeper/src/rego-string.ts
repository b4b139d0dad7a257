/**
 * Rego string literals. OPA reads a double-quoted Rego string with JSON's escape rules
 * (https://www.openpolicyagent.org/docs/latest/policy-reference/#strings), so a JSON string
 * is a Rego string. We go one step further and escape every non-ASCII character as
 * `\uXXXX` (surrogate pairs for astral characters): the Rego text is then pure printable
 * ASCII, which keeps it a clean YAML block scalar and immune to editor/encoding mishaps.
 */

/** True when `s` holds a UTF-16 surrogate that is not part of a pair (not encodable in UTF-8). */
export function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return true;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/**
 * Quotes `s` as a Rego (and JSON) string literal whose text is printable ASCII only.
 * Callers reject strings with lone surrogates first (see `hasLoneSurrogate`).
 */
export function regoString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c >= 0x7f) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Escapes `%` for use as literal text inside a `sprintf` format string. */
export function escapeFormat(s: string): string {
  return s.replace(/%/g, '%%');
}
