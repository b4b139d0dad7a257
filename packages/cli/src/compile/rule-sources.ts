/**
 * Where the source of each user rule is, for the frontend: the relative modules the
 * config file imports (statically). Catalog rules need no source: they ship pre-lowered.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** Extensions tried, as tsx does, for an import written without one (`./rules/x`). */
const EXTENSIONS = ['', '.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs'];

/** The file an import path names: as written, with an extension added, or its index file. */
function resolveModuleFile(base: string): string | undefined {
  for (const ext of EXTENSIONS) {
    const file = base + ext;
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  // TypeScript's convention: `./x.js` in source names `./x.ts`.
  const ts = /\.(m|c)?js$/.test(base) ? base.replace(/js$/, 'ts') : undefined;
  if (ts !== undefined && existsSync(ts)) return ts;
  for (const ext of EXTENSIONS.slice(1)) {
    const file = `${base}/index${ext}`;
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** Relative modules a config file imports statically (one level), as absolute paths. */
export function configImports(configFile: string): string[] {
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch {
    return [];
  }
  const out = new Set<string>();
  for (const m of text.matchAll(IMPORT)) {
    const file = resolveModuleFile(resolve(dirname(configFile), m[1]!));
    if (file !== undefined) out.add(file);
  }
  return [...out].sort();
}
