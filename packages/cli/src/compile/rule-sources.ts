/**
 * Where the source of each selected rule is, for the frontend: catalog rules live in
 * @kpc/rules' src/rules/<id>.ts; user rules are the relative modules the config file
 * imports (statically).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file of a catalog rule, or undefined when the catalog has none by that id. */
export function catalogRuleFile(id: string): string | undefined {
  const index = fileURLToPath(import.meta.resolve('@kpc/rules'));
  const file = join(dirname(index), 'rules', `${id}.ts`);
  return existsSync(file) ? file : undefined;
}

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
