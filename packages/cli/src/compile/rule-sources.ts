/**
 * Where the source of each user rule is, for the frontend: the relative modules the
 * config file imports (statically). Catalog rules need no source: they ship pre-lowered.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g;

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
    const file = resolve(dirname(configFile), m[1]!);
    if (existsSync(file)) out.add(file);
  }
  return [...out].sort();
}
