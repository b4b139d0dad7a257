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
  /** Index of the matching close bracket of each open bracket, else -1. */
  readonly match: Int32Array;
}

const QUOTE = 0x22; // "
const APOSTROPHE = 0x27; // '
const BACKSLASH = 0x5c;

function scan(text: string): Scan {
  const depth = new Int32Array(text.length);
  const match = new Int32Array(text.length).fill(-1);
  const stack: number[] = [];
  let quote = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== -1) {
      depth[i] = -1;
      if (c === BACKSLASH) {
        if (i + 1 < text.length) depth[i + 1] = -1;
        i++;
      } else if (c === quote) quote = -1;
      continue;
    }
    if (c === QUOTE || c === APOSTROPHE) {
      depth[i] = -1;
      quote = c;
      continue;
    }
    // ) ] }
    if (c === 0x29 || c === 0x5d || c === 0x7d) {
      const open = stack.pop();
      if (open !== undefined) match[open] = i;
    }
    depth[i] = stack.length;
    // ( [ {
    if (c === 0x28 || c === 0x5b || c === 0x7b) stack.push(i);
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

/** True when `text` has one of `separators` outside brackets and string literals. */
export function hasTopLevel(text: string, separators: readonly string[]): boolean {
  return splitTop(text, separators).length > 1;
}

/**
 * Breaks `text` over lines so that lines stay near `width` columns where the syntax allows:
 * the operands of the loosest operator are packed onto lines as long as they fit (a line
 * starts with the operator it continues), and a group that does not fit keeps its brackets
 * on its first and last lines (`(a ? b` … `: c).orValue({})`).
 */
export function formatCel(text: string, width = 120, indent = ''): string {
  if (indent.length + text.length <= width) return text;
  // Remembered: a compile formats the same expressions for several kinds of object (a
  // ClusterPolicy, a ValidatingPolicy and a VAP share them), and each layout rescans its parts.
  // The indentation's length first: the key reads back unambiguously.
  const key = `${width} ${indent.length} ${indent}${text}`;
  let out = formatted.get(key);
  if (out === undefined) {
    out = layout(text, width, indent);
    if (formatted.size >= FORMATTED_SIZE) formatted.clear();
    formatted.set(key, out);
  }
  return out;
}

/** Layouts already computed, by width, indentation and text; emptied when full. */
const formatted = new Map<string, string>();
const FORMATTED_SIZE = 4096;

function layout(text: string, width: number, indent: string): string {
  const inner = `${indent}  `;
  const { depth, match } = scan(text);
  // Split at the loosest-binding operator present: the ternary, then ||, &&, +.
  let parts = [{ sep: '', part: text }];
  for (const ops of OPERATOR_LEVELS) {
    parts = splitTop(text, ops, depth);
    if (parts.length > 1) break;
  }
  if (parts.length > 1) {
    // A ternary's `cond ? value` stays together: the lines break before `:` (else-if style).
    const glued =
      parts[1]!.sep !== '?'
        ? parts
        : parts.reduce<{ sep: string; part: string }[]>((out, p) => {
            if (p.sep === '?' && out.length > 0) {
              const prev = out[out.length - 1]!;
              out[out.length - 1] = { sep: prev.sep, part: `${prev.part} ? ${p.part}` };
            } else out.push(p);
            return out;
          }, []);
    if (glued.length > 1) parts = glued;
    const lines: string[] = [];
    let line = '';
    for (const { sep, part } of parts) {
      const piece = sep === '' ? part : `${sep} ${part}`;
      const joined = line === '' ? piece : `${line} ${piece}`;
      if (line !== '' && indent.length + joined.length > width) {
        lines.push(line);
        line = piece;
      } else line = joined;
    }
    lines.push(line);
    return lines.map((l) => formatCel(l, width, indent)).join(`\n${indent}`);
  }
  // One operand: its first sizeable top-level bracketed group is laid out inside its own
  // brackets, one level deeper (the rest of the operand after the group the same way).
  let best: [number, number] | undefined;
  for (let open = 0; open < text.length && best === undefined; open++) {
    const close = match[open]!;
    if (close !== -1 && depth[open] === 0 && close - open >= 24) best = [open, close];
  }
  if (best === undefined) return text;
  const [open, close] = best;
  const head = text.slice(0, open + 1);
  const innerText = text.slice(open + 1, close);
  // Laid out as if it started after the head (the padding is spaces, which split nothing).
  const pad = ' '.repeat(Math.max(0, head.length - 2));
  const hugged = formatCel(pad + innerText, width, inner).slice(pad.length);
  const firstLine = hugged.split('\n', 1)[0]!;
  // The group's first line fits after its head: hugged. Otherwise the group opens on its
  // own lines, one level deeper. A tail that does not fit after the group (`.map(…)`)
  // continues on the next line.
  const hug = indent.length + head.length + firstLine.length <= width;
  const body = hug ? hugged : `\n${inner}${hugged}\n${indent}`;
  const tail = text.slice(close + 1);
  const nl = body.lastIndexOf('\n');
  const end = nl < 0 ? indent.length + head.length + body.length : body.length - nl - 1;
  const tailText =
    // A short tail (`[0]`, `)`) stays on the line even past the width.
    tail.length <= 4 || end + 1 + tail.length <= width
      ? tail
      : `\n${indent}${formatCel(tail, width, indent)}`;
  return `${head}${body}${text[close]}${tailText}`;
}
