/**
 * Collects a config's exceptions: the `exceptions` written in `kpc.config.ts` and those in
 * the YAML files `exceptionFiles` names (relative to the config file). Never throws: a file
 * that cannot be read or parsed is one located EXC_FILE_FAILED error, and the exceptions
 * of the other sources are still returned.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Diagnostic, diagnostic, type SourceLocation } from '@kpc/ir';
import { isSeq, isMap as isYamlMap, LineCounter, type Node, parseDocument } from 'yaml';
import type { KpcConfig } from './define-config.ts';
import type { ResolvedException } from './exception-spec.ts';
import { locateKey, locateOffset } from './source-locator.ts';
import { type ExceptionLocator, validateExceptions } from './validate-exceptions.ts';

export interface ExceptionResolution {
  /** The valid exceptions, in source order (config first, then each file). */
  readonly exceptions: readonly ResolvedException[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface ExceptionSources {
  /** The config file (absolute) and its text, to locate entries; omit for an in-memory config. */
  readonly file?: string;
  readonly source?: string;
  /** Directory `exceptionFiles` are resolved against. */
  readonly baseDir: string;
  /** Reads a file (default: fs); injectable for tests. */
  readonly readFile?: (path: string) => string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Locates entries of the config's `exceptions` in its TypeScript text: an entry by its
 * `id: '…'`, a key by the first `key:` after it, an item of a list by its literal. Best
 * effort (the config is evaluated code); falls back to the `exceptions` key.
 */
export function configExceptionLocator(
  file: string,
  source: string,
  list: readonly unknown[],
): ExceptionLocator {
  const fallback = locateKey(file, source, 'exceptions');
  return {
    at(index, key, item) {
      const raw = list[index];
      const entry = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      const id = entry.id;
      if (typeof id !== 'string') return fallback;
      const m = new RegExp(`(['"]?)id\\1\\s*:\\s*(['"\`])${escapeRegExp(id)}\\2`).exec(source);
      if (!m) return fallback;
      if (key === undefined) return locateOffset(file, source, m.index);
      if (key === 'id') return locateOffset(file, source, m.index);
      const keyRe = new RegExp(`(^|[^\\w$-])(['"]?)${escapeRegExp(key)}\\2\\s*:`, 'g');
      keyRe.lastIndex = m.index;
      const k = keyRe.exec(source);
      if (!k) return locateOffset(file, source, m.index);
      const keyAt = k.index + (k[1]?.length ?? 0);
      const value = item !== undefined ? listItem(entry, key, item) : undefined;
      if (typeof value === 'string') {
        const v = new RegExp(`(['"\`])${escapeRegExp(value)}\\1`, 'g');
        v.lastIndex = keyAt;
        const hit = v.exec(source);
        if (hit) return locateOffset(file, source, hit.index);
      }
      return locateOffset(file, source, keyAt);
    },
  };
}

function listItem(entry: Record<string, unknown>, key: string, item: number): unknown {
  const v = entry[key];
  return Array.isArray(v) ? v[item] : undefined;
}

/** Locates entries of `exceptions:` in a parsed YAML file by their nodes' source ranges. */
function yamlExceptionLocator(
  file: string,
  lines: LineCounter,
  root: Node | null | undefined,
  listNode: Node | null | undefined,
): ExceptionLocator {
  const loc = (node: Node | null | undefined, fallback: SourceLocation): SourceLocation => {
    const at = node?.range?.[0];
    if (at === undefined) return fallback;
    const p = lines.linePos(at);
    return { file, line: p.line, column: p.col };
  };
  const fileStart: SourceLocation = { file, line: 1, column: 1 };
  const listLoc = loc(listNode, loc(root, fileStart));
  return {
    at(index, key, item) {
      if (index < 0 || !isSeq(listNode)) return listLoc;
      const entry = listNode.items[index] as Node | undefined;
      const entryLoc = loc(entry, listLoc);
      if (key === undefined || !isYamlMap(entry)) return entryLoc;
      const pair = entry.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) return entryLoc;
      const value = pair.value as Node | null;
      if (item !== undefined && isSeq(value))
        return loc(value.items[item] as Node, loc(value, entryLoc));
      return loc(pair.key as Node, entryLoc);
    },
  };
}

/**
 * Validates the config's exceptions and loads its exception files. `knownRuleIds` are the
 * ids an exception may name (catalog and config rules).
 */
export function resolveExceptions(
  config: KpcConfig,
  knownRuleIds: ReadonlySet<string>,
  sources: ExceptionSources,
): ExceptionResolution {
  const exceptions: ResolvedException[] = [];
  const diagnostics: Diagnostic[] = [];
  const context = { knownRuleIds, seen: new Map<string, SourceLocation>() };
  const configFile = sources.file ?? '<config>';
  if (config.exceptions !== undefined) {
    const list = Array.isArray(config.exceptions) ? config.exceptions : [];
    const r = validateExceptions(
      config.exceptions,
      configExceptionLocator(configFile, sources.source ?? '', list),
      context,
    );
    exceptions.push(...r.exceptions);
    diagnostics.push(...r.diagnostics);
  }
  const read = sources.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  for (const rel of config.exceptionFiles ?? []) {
    const path = resolve(sources.baseDir, rel);
    let text: string;
    try {
      text = read(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      diagnostics.push(
        diagnostic({
          code: 'EXC_FILE_FAILED',
          severity: 'error',
          message:
            code === 'ENOENT'
              ? `exception file not found: ${rel}`
              : `exception file could not be read: ${(error as Error).message}`,
          hint: 'exceptionFiles are resolved relative to the config file.',
          location:
            sources.source !== undefined
              ? locateStringOr(configFile, sources.source, rel)
              : { file: configFile, line: 1, column: 1 },
        }),
      );
      continue;
    }
    const r = parseExceptionFile(path, text, context);
    exceptions.push(...r.exceptions);
    diagnostics.push(...r.diagnostics);
  }
  return { exceptions, diagnostics };
}

function locateStringOr(file: string, source: string, value: string): SourceLocation {
  const m = new RegExp(`(['"\`])${escapeRegExp(value)}\\1`).exec(source);
  return m ? locateOffset(file, source, m.index) : locateKey(file, source, 'exceptionFiles');
}

/**
 * Parses one exception file: a YAML map with an `exceptions` list. YAML 1.2 core schema,
 * so that a date stays the string it was written as (kpc alone reads these files).
 */
export function parseExceptionFile(
  file: string,
  text: string,
  context: Parameters<typeof validateExceptions>[2],
): { exceptions: ResolvedException[]; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, schema: 'core', uniqueKeys: true });
  const errors = doc.errors;
  if (errors.length > 0) {
    const e = errors[0]!;
    const p = lines.linePos(e.pos[0]);
    return {
      exceptions: [],
      diagnostics: [
        diagnostic({
          code: 'EXC_FILE_FAILED',
          severity: 'error',
          message: `exception file is not valid YAML: ${e.message.split('\n')[0]}`,
          hint: 'Fix the YAML syntax; no exception of this file applies until it parses.',
          location: { file, line: p.line, column: p.col },
        }),
      ],
    };
  }
  const value = doc.toJS() as unknown;
  const root = doc.contents;
  const fileStart = { file, line: 1, column: 1 };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      exceptions: [],
      diagnostics: [
        diagnostic({
          code: 'EXC_FILE_FAILED',
          severity: 'error',
          message: 'an exception file must be a map with an `exceptions` list',
          hint: 'Write `exceptions:` followed by a list of exceptions (docs/exceptions.md).',
          location: fileStart,
        }),
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const map = value as Record<string, unknown>;
  for (const key of Object.keys(map))
    if (key !== 'exceptions') {
      const pair = isYamlMap(root)
        ? root.items.find((p) => (p.key as { value?: unknown } | null)?.value === key)
        : undefined;
      const at = (pair?.key as Node | undefined)?.range?.[0];
      const p = at !== undefined ? lines.linePos(at) : { line: 1, col: 1 };
      diagnostics.push(
        diagnostic({
          code: 'EXC_INVALID',
          severity: 'error',
          message: `unknown key "${key}" in an exception file`,
          hint: 'An exception file holds only `exceptions:`.',
          location: { file, line: p.line, column: p.col },
        }),
      );
    }
  const listNode = isYamlMap(root) ? (root.get('exceptions', true) as Node | undefined) : undefined;
  const r = validateExceptions(
    map.exceptions ?? [],
    yamlExceptionLocator(file, lines, root, listNode),
    context,
  );
  return { exceptions: r.exceptions, diagnostics: [...diagnostics, ...r.diagnostics] };
}
