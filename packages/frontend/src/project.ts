import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModuleKind, ModuleResolutionKind, Project, ScriptTarget } from 'ts-morph';
import type { CoreDeclarations } from './lower-expr.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The frontend package's directory (in-memory sources are placed under it). */
export const FRONTEND_PACKAGE_DIR = join(HERE, '..');

/**
 * Whether kpc runs from its TypeScript sources (the workspace's `@kpc/source` condition) or
 * from the published JavaScript. Rules are then type-checked against the same copy of
 * `@kpc/core` that runs: its `src/*.ts`, or its `dist/*.d.ts`.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The directory of the `@kpc/core` package the frontend recognises (its package.json). */
export const CORE_PACKAGE_DIR = dirname(
  createRequire(import.meta.url).resolve('@kpc/core/package.json'),
);

function coreFile(srcRelative: string): string {
  const rel = FROM_SOURCE
    ? join('src', srcRelative)
    : join('dist', srcRelative.replace(/\.ts$/, '.d.ts'));
  return realpathSync(join(CORE_PACKAGE_DIR, rel)).replace(/\\/g, '/');
}

/** Real paths of the `@kpc/core` modules whose exports the frontend recognises. */
export function coreDeclarations(): CoreDeclarations & { readonly defineRuleFile: string } {
  return {
    helpersFile: coreFile(join('rule', 'helpers.ts')),
    defineRuleFile: coreFile(join('rule', 'define-rule.ts')),
  };
}

/**
 * `paths` mapping `@kpc/core` and its subpath exports to this copy of the package, so that
 * rules in a project that does not install `@kpc/core` type-check, and always against the
 * copy the frontend recognises (coreDeclarations compares real paths).
 */
function corePaths(): Record<string, string[]> {
  const pkg = JSON.parse(readFileSync(join(CORE_PACKAGE_DIR, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string | Record<string, string>>;
  };
  const paths: Record<string, string[]> = {};
  for (const [sub, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue;
    const rel = FROM_SOURCE ? target['@kpc/source'] : target.types;
    if (rel === undefined) continue;
    const file = join(CORE_PACKAGE_DIR, rel);
    if (existsSync(file)) paths[`${pkg.name}${sub.slice(1)}`] = [realpathSync(file)];
  }
  return paths;
}

/**
 * Creates the ts-morph project the frontend type-checks rules in: compiler options from
 * `tsconfig` when given, else strict NodeNext defaults (ES2022, no DOM), with `@kpc/core`
 * mapped to the copy that runs. No files are added from the tsconfig; callers add the rule
 * files.
 */
export function createFrontendProject(tsconfig?: string): Project {
  const project =
    tsconfig !== undefined
      ? new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true })
      : new Project({
          compilerOptions: {
            target: ScriptTarget.ES2022,
            // The language alone, without the DOM declarations that ES2022's default library
            // brings (no rule can use them): a quarter of the type-check time of a small
            // rule project (two rules: 1.10–1.41 s → 0.78–1.03 s).
            lib: ['lib.es2022.d.ts'],
            module: ModuleKind.NodeNext,
            moduleResolution: ModuleResolutionKind.NodeNext,
            strict: true,
            noUncheckedIndexedAccess: true,
            allowImportingTsExtensions: true,
            noEmit: true,
            skipLibCheck: true,
          },
        });
  const options = project.compilerOptions.get();
  project.compilerOptions.set({
    paths: { ...options.paths, ...corePaths() },
    // kpc's own sources import each other by package name through this condition.
    ...(FROM_SOURCE ? { customConditions: ['@kpc/source'] } : {}),
  });
  return project;
}
