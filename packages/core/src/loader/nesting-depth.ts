/**
 * Nesting depth checks that run before any recursive code sees the input, so that a deeply
 * nested document can never overflow the JavaScript stack (the YAML CST parser is iterative;
 * composing and converting to JS objects are not).
 */
import type { CST } from 'yaml';

/** Iterative scan of one CST document: too-deep offset and whether it uses aliases. */
export function scanCst(
  doc: CST.Document,
  maxDepth: number,
): { tooDeepAt?: number; hasAlias: boolean } {
  const stack: Array<{ token: CST.Token | null | undefined; depth: number }> = [
    { token: doc.value, depth: 0 },
  ];
  let hasAlias = false;
  while (stack.length > 0) {
    const top = stack.pop();
    const token = top?.token;
    if (!top || !token) continue;
    if (token.type === 'alias') hasAlias = true;
    if (
      token.type === 'block-map' ||
      token.type === 'block-seq' ||
      token.type === 'flow-collection'
    ) {
      const depth = top.depth + 1;
      if (depth > maxDepth) return { tooDeepAt: token.offset, hasAlias };
      for (const item of token.items) {
        if ('key' in item) stack.push({ token: item.key, depth });
        if ('value' in item) stack.push({ token: item.value, depth });
      }
    }
  }
  return { hasAlias };
}

/** Iterative depth check of a JS value (needed only when aliases can multiply nesting). */
export function jsDepthExceeds(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let visited = 0;
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > maxDepth) return true;
    if (++visited > 10_000_000) return true;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

/**
 * Offset of the first `[` or `{` nested deeper than `maxDepth` in JSON text, or `undefined`.
 * Linear scan that skips string contents; it does not validate the JSON.
 */
export function findTooDeepInJson(text: string, maxDepth: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      depth++;
      if (depth > maxDepth) return i;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return undefined;
}
