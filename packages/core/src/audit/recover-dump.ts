/**
 * Truncated cluster dumps: `kubectl get … -o yaml|json > dump` cut short (a full disk, a
 * broken pipe, a copy from a terminal). kubectl writes `items` before `kind: List`, so a
 * cut dump is a syntax error or a map without `kind`. This recovers the items that are
 * certainly complete — each item is followed by the start of the next one (YAML) or by its
 * own closing brace (JSON) — by re-parsing the unchanged prefix that ends after them with
 * `kind: List` appended: positions stay exact, and a half-written item is never audited.
 * Pure; never throws.
 */
import { diagnostic } from '@kpc/ir';
import { parseManifestText } from '../loader/parse-manifest-text.ts';
import type { LoadResult } from '../loader/types.ts';

/**
 * Offset just after the last complete element of the top-level `"items": [` array (-1 when
 * there is none or the array is closed), and whether a top-level `"kind"` key came before.
 */
function jsonItemsPrefixEnd(text: string): { end: number; hasKind: boolean } {
  let depth = 0;
  let hasKind = false;
  let inItems = false;
  let lastEnd = -1;
  let lastKey = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) return { end: lastEnd, hasKind };
      if (depth === 1 && /^\s*:/.test(text.slice(j + 1, j + 20))) {
        lastKey = text.slice(i + 1, j);
        if (lastKey === 'kind') hasKind = true;
      }
      i = j;
      continue;
    }
    if (c === '{' || c === '[') {
      depth++;
      if (depth === 2 && c === '[' && lastKey === 'items') inItems = true;
    } else if (c === '}' || c === ']') {
      depth--;
      if (inItems && depth === 2 && c === '}') lastEnd = i + 1;
      // The array closed: not cut inside items.
      if (inItems && depth === 1) return { end: -1, hasKind };
    }
  }
  return { end: inItems ? lastEnd : -1, hasKind };
}

/**
 * The last item start of a top-level `items:` block sequence that never ends (no line
 * after it at a lower indentation, such as `kind: List`), and how many items start.
 */
function yamlLastItemStart(text: string): { lastStart: number; count: number } | undefined {
  let offset = 0;
  let inItems = false;
  let indent = -1;
  let lastStart = -1;
  let count = 0;
  for (const line of text.split('\n')) {
    const here = offset;
    offset += line.length + 1;
    if (!inItems) {
      inItems = /^items:\s*$/.test(line);
      continue;
    }
    const body = line.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    const lead = line.length - body.length;
    if (indent < 0) {
      if (!body.startsWith('-')) return undefined;
      indent = lead;
    }
    if (lead === indent && body.startsWith('-')) {
      lastStart = here;
      count++;
    } else if (lead <= indent) return undefined; // the sequence ended: not cut inside items
  }
  return inItems ? { lastStart, count } : undefined;
}

/**
 * Tries to recover the complete items of a truncated dump `text` (the file `file`, whose
 * load failed). Returns their LoadResult plus a located warning saying how many items were
 * recovered and that the cut one was left out, or undefined when nothing can be recovered.
 */
export function recoverTruncatedDump(file: string, text: string): LoadResult | undefined {
  const trimmed = text.trimStart();
  let prefix: string;
  let cutAt: number;
  if (trimmed.startsWith('{')) {
    const { end, hasKind } = jsonItemsPrefixEnd(text);
    if (end < 0) return undefined;
    prefix = `${text.slice(0, end)}]${hasKind ? '' : ', "kind": "List"'}}`;
    cutAt = end;
  } else {
    const items = yamlLastItemStart(text);
    if (items === undefined || items.count < 2) return undefined;
    const { lastStart } = items;
    // The last item may be cut anywhere: keep only the items before it.
    prefix = `${text.slice(0, lastStart)}kind: List\n`;
    cutAt = lastStart;
  }
  const recovered = parseManifestText(prefix, file);
  if (recovered.unreadableInputs > 0 || recovered.documents.length === 0) return undefined;
  if (recovered.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const before = text.slice(0, cutAt).split('\n');
  return {
    documents: recovered.documents,
    diagnostics: [
      ...recovered.diagnostics,
      diagnostic({
        code: 'AUDIT_TRUNCATED',
        severity: 'warning',
        message: `the dump is cut short: ${recovered.documents.length} complete item${recovered.documents.length === 1 ? '' : 's'} before this point audited, the incomplete rest left out`,
        hint: 'Dump again (`kubectl get … -A -o yaml > file`) to audit every object.',
        location: { file, line: before.length, column: before[before.length - 1]!.length + 1 },
      }),
    ],
    unreadableInputs: 0,
  };
}
