/**
 * The glob of kpc exceptions (names, namespaces, images), shared by the engine and the
 * backends that encode exceptions.
 */

/**
 * Glob match over the whole string: `*` matches any run of characters (including none and
 * `/`), `?` exactly one character; every other character matches itself. The one glob
 * semantics of kpc exceptions (names, namespaces, images); it is also Kyverno's wildcard.
 */
export function globMatch(pattern: string, text: string): boolean {
  // Iterative matcher with backtracking to the last `*`: linear in practice, no regex.
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    const c = pattern[p];
    if (c === '?' || (c !== undefined && c !== '*' && c === text[t])) {
      p++;
      t++;
    } else if (c === '*') {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
