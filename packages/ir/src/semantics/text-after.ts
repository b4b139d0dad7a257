/**
 * `textAfter(s, sep)`: the value semantics of the IR's `textAfter` call (docs/ir.md), shared
 * by the native engine and the interpreter.
 */

/**
 * The text after the first occurrence of `sep` in `s`; `""` when `sep` does not occur; `s`
 * itself when `sep` is empty. The result is the same string whether indices count UTF-16
 * code units (JavaScript) or code points (CEL, Rego): only the split position's unit differs.
 */
export function textAfter(s: string, sep: string): string {
  if (sep === '') return s;
  const i = s.indexOf(sep);
  return i < 0 ? '' : s.slice(i + sep.length);
}
