/**
 * Layout of generated CEL for humans: long expressions are broken over lines at top-level
 * `&&`, `||`, `+`, `?` and `:`, and inside the longest bracketed group, with two-space
 * indentation. Only whitespace outside string literals changes, which CEL ignores, so the
 * meaning is the same (every equivalence test evaluates the formatted text).
 */

const OPERATOR_LEVELS = [[' ? ', ' : '], [' || '], [' && '], [' + ']];

interface Scan {
  /** Bracket depth before each character (string literal contents get depth -1). */
  readonly depth: number[];
  /** Index of the matching close bracket for each open bracket. */
  readonly match: Map<number, number>;
}

function scan(text: string): Scan {
  const depth: number[] = [];
  const match = new Map<number, number>();
  const stack: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      depth.push(-1);
      if (c === '\\') {
        depth.push(-1);
        i++;
      } else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") {
      depth.push(-1);
      quote = c;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') {
      const open = stack.pop();
      if (open !== undefined) match.set(open, i);
    }
    depth.push(stack.length);
    if (c === '(' || c === '[' || c === '{') stack.push(i);
  }
  return { depth, match };
}

/** Splits at depth-0 occurrences of `separators`; returns parts with the separator before each. */
function splitTop(text: string, separators: readonly string[]): { sep: string; part: string }[] {
  const { depth } = scan(text);
  const out: { sep: string; part: string }[] = [];
  let start = 0;
  let sep = '';
  for (let i = 0; i < text.length; i++) {
    if (depth[i] !== 0) continue;
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
  // Split at the loosest-binding operator present: the ternary, then ||, &&, +.
  let parts = [{ sep: '', part: text }];
  for (const ops of OPERATOR_LEVELS) {
    parts = splitTop(text, ops);
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
  const { depth, match } = scan(text);
  let best: [number, number] | undefined;
  for (const [open, close] of [...match].sort((a, b) => a[0] - b[0])) {
    if (depth[open] !== 0 || close - open < 24) continue;
    best = [open, close];
    break;
  }
  if (best === undefined) return text;
  const [open, close] = best;
  const args = splitTop(text.slice(open + 1, close), [', ']);
  const body = args.map(({ part }) => inner + formatCel(part, width, inner)).join(`,\n`);
  const tail = text.slice(close + 1);
  return `${text.slice(0, open + 1)}\n${body}\n${indent}${text[close]}${tail === '' ? '' : formatCel(tail, width, indent)}`;
}
