/**
 * Loads `kpc.config.ts` (or .mts/.js/.mjs) with tsx, so that the config and the user's rule
 * files can be TypeScript on Node 20 without a build step. Never throws: a config that
 * cannot be loaded or is invalid yields CFG_* diagnostics with a location.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Diagnostic, diagnostic, type SourceLocation } from '@kpc/ir';
import { installCoreFallback } from './core-fallback.ts';
import type { KpcConfig } from './define-config.ts';
import { validateConfig } from './validate-config.ts';

/** File names looked for, in order, by `findConfigFile`. */
export const CONFIG_FILE_NAMES = [
  'kpc.config.ts',
  'kpc.config.mts',
  'kpc.config.js',
  'kpc.config.mjs',
] as const;

export interface LoadedConfig {
  /** The config, when it loaded and validated. */
  readonly config?: KpcConfig;
  /** Absolute path of the config file. */
  readonly file: string;
  /** The file's text (for locating problems later, e.g. unknown rule ids). */
  readonly source: string;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Finds a config file in `cwd` or its nearest ancestor that has one. Returns its absolute
 * path, or undefined.
 */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const p = join(dir, name);
      if (existsSync(p)) return p;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Finds where an error happened: the first `file:line:col` in its text that lies in the
 * config's directory tree (the config or a rule file it imports), else the first outside
 * node_modules and kpc's own sources, else the config file itself.
 */
function errorLocation(error: unknown, configFile: string): SourceLocation {
  const text = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  const configDir = dirname(configFile) + sep;
  const ownSrc = dirname(dirname(fileURLToPath(import.meta.url))) + sep;
  const re = /(file:\/\/[^\s:?)]+|\/[^\s:?()]+)(?:\?[^\s:)]*)?:(\d+):(\d+)/g;
  let fallback: SourceLocation | undefined;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const raw = m[1]!;
    const file = raw.startsWith('file://') ? fileURLToPath(raw) : raw;
    if (file.includes(`${sep}node_modules${sep}`) || !/\.(m?ts|m?js|tsx)$/.test(file)) continue;
    const loc = { file, line: Number(m[2]), column: Number(m[3]) };
    if (file.startsWith(configDir)) return loc;
    if (!file.startsWith(ownSrc)) fallback ??= loc;
  }
  return fallback ?? { file: configFile, line: 1, column: 1 };
}

/** The file whose import failed: Node names it (CommonJS require stack, ESM "imported from"). */
function importerOf(error: unknown, configFile: string): string {
  const text = error instanceof Error ? error.message : String(error);
  const raw =
    /Require stack:\s*\n-\s*([^\n?]+)/.exec(text)?.[1] ?? /imported from (\S+)/.exec(text)?.[1];
  if (raw === undefined) return configFile;
  try {
    return raw.startsWith('file://') ? fileURLToPath(raw.replace(/\?.*$/, '')) : raw.trim();
  } catch {
    return configFile;
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** 1-based line and column of the first quoted occurrence of `text` in `source`. */
function locateString(source: string, text: string): { line: number; column: number } | undefined {
  for (const quote of ["'", '"', '`']) {
    const at = source.indexOf(`${quote}${text}${quote}`);
    if (at < 0) continue;
    const before = source.slice(0, at).split('\n');
    return { line: before.length, column: before[before.length - 1]!.length + 1 };
  }
  return undefined;
}

/**
 * A config in a directory without `"type": "module"` is loaded as CommonJS: its namespace's
 * `default` is then `module.exports`, which holds the real default export under `default`
 * (esbuild marks it with `__esModule`). Returns the config object either way.
 */
function unwrapCommonJsDefault(value: unknown): unknown {
  if (
    typeof value === 'object' &&
    value !== null &&
    (value as { __esModule?: unknown }).__esModule === true &&
    'default' in value
  )
    return (value as { default: unknown }).default;
  return value;
}

/**
 * Loads and validates a config file. `path` is resolved against `cwd`.
 */
export async function loadConfig(path: string, cwd = process.cwd()): Promise<LoadedConfig> {
  const file = resolve(cwd, path);
  let source = '';
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      file,
      source,
      diagnostics: [
        diagnostic({
          code: 'CFG_LOAD_FAILED',
          severity: 'error',
          message:
            code === 'ENOENT'
              ? `config file not found: ${file}`
              : `config file could not be read: ${(error as Error).message}`,
          hint: 'Pass an existing file with --config, or create kpc.config.ts (see docs/config.md).',
          location: { file, line: 1, column: 1 },
        }),
      ],
    };
  }
  let exported: unknown;
  try {
    // tsx's scoped loader: TypeScript config and rule files, no global hooks left behind.
    // Source maps make a throwing config or rule file report its own line, not esbuild's.
    process.setSourceMapsEnabled(true);
    installCoreFallback();
    const { tsImport } = await import('tsx/esm/api');
    const mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as {
      default?: unknown;
    };
    exported = unwrapCommonJsDefault(mod.default);
  } catch (error) {
    const message =
      error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error);
    const named = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1];
    if (named !== undefined) {
      const importer = importerOf(error, file);
      // ESM names a missing relative import by its absolute path: show it as written.
      let missing = named;
      if (isAbsolute(named)) {
        const rel = relative(dirname(importer), named).split(sep).join('/');
        missing = rel.startsWith('.') ? rel : `./${rel}`;
      }
      const importerSource = importer === file ? source : readText(importer);
      const at = locateString(importerSource, missing);
      const importedAt = at ? { file: importer, ...at } : undefined;
      return {
        file,
        source,
        diagnostics: [
          diagnostic({
            code: 'CFG_LOAD_FAILED',
            severity: 'error',
            message: `config file could not be loaded: cannot find module '${missing}'`,
            hint: missing.startsWith('.')
              ? 'Check the path: a relative import is resolved from the importing file, and must name an existing file.'
              : `Install '${missing}' in the project, or import it with a relative path.`,
            location: importedAt ?? errorLocation(error, file),
          }),
        ],
      };
    }
    return {
      file,
      source,
      diagnostics: [
        diagnostic({
          code: 'CFG_LOAD_FAILED',
          severity: 'error',
          message: `config file could not be loaded: ${message}`,
          hint: 'Fix the error at this location (the config or a rule file it imports); run `npx tsc --noEmit` for type errors.',
          location: errorLocation(error, file),
        }),
      ],
    };
  }
  const { config, diagnostics } = validateConfig(exported, file, source);
  return config ? { config, file, source, diagnostics } : { file, source, diagnostics };
}
