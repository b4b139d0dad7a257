/** JSON Pointer (RFC 6901) helpers. */

/** Escapes one reference token: `~` → `~0`, `/` → `~1`. */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a pointer from path segments; `[]` is the whole document (`""`). */
export function toPointer(path: readonly (string | number)[]): string {
  return path.map((t) => `/${escapePointerToken(t)}`).join('');
}

/** Splits a pointer into unescaped tokens. Never throws; an invalid pointer yields `[]`. */
export function fromPointer(pointer: string): string[] {
  if (pointer === '' || !pointer.startsWith('/')) return [];
  const tokens = pointer.slice(1).split('/');
  // Most tokens have no escape: no regular expression for them (lint locates every finding).
  if (!pointer.includes('~')) return tokens;
  return tokens.map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}
