import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModuleKind, ModuleResolutionKind, Project, ScriptTarget } from 'ts-morph';
import type { CoreDeclarations } from './lower-expr.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The directory of the `@kpc/core` package (its package.json). */
export const CORE_PACKAGE_DIR = join(HERE, '..', '..');

/** Real paths of the `@kpc/core` modules whose exports the frontend recognises. */
export function coreDeclarations(): CoreDeclarations & { readonly defineRuleFile: string } {
  return {
    helpersFile: realpathSync(join(HERE, '..', 'rule', 'helpers.ts')).replace(/\\/g, '/'),
    defineRuleFile: realpathSync(join(HERE, '..', 'rule', 'define-rule.ts')).replace(/\\/g, '/'),
  };
}

/** The nearest `tsconfig.base.json` above the core package (the kpc repository's), if any. */
function findBaseTsconfig(): string | undefined {
  let dir = CORE_PACKAGE_DIR;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'tsconfig.base.json');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * `paths` mapping `@kpc/core` and its subpath exports to this copy of the package, so that
 * rules in a project that does not install `@kpc/core` type-check, and always against the
 * copy the frontend recognises (coreDeclarations compares real paths).
 */
function corePaths(): Record<string, string[]> {
  const pkg = JSON.parse(readFileSync(join(CORE_PACKAGE_DIR, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string>;
  };
  const paths: Record<string, string[]> = {};
  for (const [sub, target] of Object.entries(pkg.exports)) {
    const file = join(CORE_PACKAGE_DIR, target);
    if (existsSync(file)) paths[`${pkg.name}${sub.slice(1)}`] = [realpathSync(file)];
  }
  return paths;
}

/**
 * Creates the ts-morph project the frontend type-checks rules in: compiler options from
 * `tsconfig` when given, else the kpc repository's tsconfig.base.json, else strict NodeNext
 * defaults, with `@kpc/core` mapped to this copy. No files are added from the tsconfig;
 * callers add the rule files.
 */
export function createFrontendProject(tsconfig?: string): Project {
  const project = createProject(tsconfig);
  const options = project.compilerOptions.get();
  project.compilerOptions.set({ paths: { ...options.paths, ...corePaths() } });
  return project;
}

function createProject(tsconfig?: string): Project {
  const config = tsconfig ?? findBaseTsconfig();
  if (config !== undefined)
    return new Project({ tsConfigFilePath: config, skipAddingFilesFromTsConfig: true });
  return new Project({
    compilerOptions: {
      target: ScriptTarget.ES2022,
      module: ModuleKind.NodeNext,
      moduleResolution: ModuleResolutionKind.NodeNext,
      strict: true,
      noUncheckedIndexedAccess: true,
      allowImportingTsExtensions: true,
      noEmit: true,
      skipLibCheck: true,
    },
  });
}
