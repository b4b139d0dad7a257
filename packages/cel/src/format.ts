/**
 * Layout of generated CEL for humans: long expressions are broken over lines at top-level
 * `&&`, `||`, `+`, `?` and `:`, and inside the longest bracketed group, with two-space
 * indentation. Only whitespace outside string literals changes, which CEL ignores, so the
 * meaning is the same (every equivalence test evaluates the formatted text).
 */

const OPERATOR_LEVELS = [[' ? ', ' : '], [' || '], [' && '], [' + ']];

interface Scan {
  /** Bracket depth before each character (string literal contents get depth -1). */
  readonly depth: Int32Array;
  /** Index of the matching close bracket for each open bracket. */
  readonly match: Map<number, number>;
}

function scan(text: string): Scan {
  const depth = new Int32Array(text.length);
  const match = new Map<number, number>();
  const stack: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      depth[i] = -1;
      if (c === '\\') {
        if (i + 1 < text.length) depth[i + 1] = -1;
        i++;
      } else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") {
      depth[i] = -1;
      quote = c;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') {
      const open = stack.pop();
      if (open !== undefined) match.set(open, i);
    }
    depth[i] = stack.length;
    if (c === '(' || c === '[' || c === '{') stack.push(i);
  }
  return { depth, match };
}

/**
 * Splits at depth-0 occurrences of `separators`; returns parts with the separator before
 * each. `depth` is `scan(text).depth` (passed in when the caller has it).
 */
function splitTop(
  text: string,
  separators: readonly string[],
  depth: Int32Array = scan(text).depth,
): { sep: string; part: string }[] {
  const out: { sep: string; part: string }[] = [];
  // Testing a separator's first character first skips most positions cheaply.
  const firsts = new Set(separators.map((s) => s.charCodeAt(0)));
  let start = 0;
  let sep = '';
  for (let i = 0; i < text.length; i++) {
    if (depth[i] !== 0 || !firsts.has(text.charCodeAt(i))) continue;
    const hit = separators.find((s) => text.startsWith(s, i));
    if (hit === undefined) continue;
    out.push({ sep, part: text.slice(start, i) });
    sep = hit.trim();
    start = i + hit.length;
    i = start - 1;
  }
  out.push({ sep, part: text.slice(start) });
  return out;
}

/** Breaks `text` over lines so that lines stay near `width` columns where the syntax allows. */
export function formatCel(text: string, width = 90, indent = ''): string {
  if (indent.length + text.length <= width) return text;
  const inner = `${indent}  `;
  const { depth, match } = scan(text);
  // Split at the loosest-binding operator present: the ternary, then ||, &&, +.
  let parts = [{ sep: '', part: text }];
  for (const ops of OPERATOR_LEVELS) {
    parts = splitTop(text, ops, depth);
    if (parts.length > 1) break;
  }
  if (parts.length > 1) {
    return parts
      .map(({ sep, part }, i) => {
        const prefix = i === 0 ? '' : `${sep} `;
        return (i === 0 ? '' : `\n${indent}`) + prefix + formatCel(part, width, indent);
      })
      .join('');
  }
  // One operand: open its first sizeable top-level bracketed group (the rest of the
  // operand after that group is laid out the same way).
  let best: [number, number] | undefined;
  for (let open = 0; open < text.length && best === undefined; open++) {
    const close = match.get(open);
    if (close !== undefined && depth[open] === 0 && close - open >= 24) best = [open, close];
  }
  if (best === undefined) return text;
  const [open, close] = best;
  const args = splitTop(text.slice(open + 1, close), [', ']);
  const body = args.map(({ part }) => inner + formatCel(part, width, inner)).join(`,\n`);
  const tail = text.slice(close + 1);
  return `${text.slice(0, open + 1)}\n${body}\n${indent}${text[close]}${tail === '' ? '' : formatCel(tail, width, indent)}`;
}
