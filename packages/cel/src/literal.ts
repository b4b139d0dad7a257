/**
 * CEL literals and identifiers. Strings are written as double-quoted CEL string literals
 * with every character outside printable ASCII escaped, so the text survives YAML and
 * any editor unchanged (CEL spec, "String and Bytes Literals").
 */

/** Quotes `value` as a CEL string literal. Never produces a raw or triple-quoted literal. */
export function celString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp <= 0xffff) {
      // A lone surrogate cannot be written in CEL (strings are code points); the caller
      // checks for it first (`hasLoneSurrogate`).
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** True when `value` holds a UTF-16 surrogate that is not part of a pair (not expressible in CEL). */
export function hasLoneSurrogate(value: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);
}

/** A CEL numeric literal for a finite number: an int for integers, else a double. */
export function celNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return String(value);
  const s = String(value);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/** CEL reserved words (CEL spec, "Syntax"): not usable as identifiers or `.field` selectors. */
const CEL_RESERVED = new Set([
  'as',
  'break',
  'const',
  'continue',
  'else',
  'false',
  'for',
  'function',
  'if',
  'import',
  'in',
  'let',
  'loop',
  'namespace',
  'null',
  'package',
  'return',
  'true',
  'var',
  'void',
  'while',
]);

/**
 * Names Kyverno and Kubernetes bind in the CEL environment; a comprehension variable must
 * not shadow them.
 */
const ENVIRONMENT_NAMES = new Set([
  'object',
  'oldObject',
  'request',
  'namespaceObject',
  'variables',
  'params',
  'authorizer',
  'image',
  'exceptions',
  'resource',
  'http',
  'globalContext',
  'imageData',
  'json',
  'yaml',
  'dyn',
  'type',
  'map',
  'list',
  'int',
  'uint',
  'double',
  'string',
  'bool',
  'bytes',
  'null_type',
  'optional',
  'cel',
  'math',
  'strings',
  'base64',
  'has',
  'size',
  'matches',
  'duration',
  'timestamp',
  'element',
]);

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `key` can be written as `.key` / `.?key` in CEL. */
export function isSelectableField(key: string): boolean {
  return IDENT.test(key) && !CEL_RESERVED.has(key) && !key.startsWith('__');
}

/** True when `name` can be a comprehension variable without clashing with the environment. */
export function isSafeVariableName(name: string): boolean {
  return (
    /^[A-Za-z][A-Za-z0-9]*$/.test(name) && !CEL_RESERVED.has(name) && !ENVIRONMENT_NAMES.has(name)
  );
}
