import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { GroupVersionKind } from '@kpc/ir';
import { type Diagnostic, diagnostic } from '@kpc/ir';
import type { Project } from 'ts-morph';
import { type LoweredRule, lowerSourceFile } from './lower-rule.ts';
import { coreDeclarations, createFrontendProject, FRONTEND_PACKAGE_DIR } from './project.ts';

export interface LowerResult {
  readonly rules: LoweredRule[];
  readonly diagnostics: Diagnostic[];
}

export interface LowerOptions {
  /** A tsconfig.json whose compiler options to use (files are not added from it). */
  readonly tsconfig?: string;
  /**
   * Group/version/kind of custom kinds (from the project's CRDs), by kind name: a rule
   * whose target is a kind outside KIND_API_VERSIONS matches these. Without an entry such
   * a target is FE_RULE_SHAPE (kpc will not guess a custom kind's group).
   */
  readonly customKinds?: Readonly<Record<string, readonly GroupVersionKind[]>>;
}

/**
 * Lowers every `defineRule({...})` in `files` to Rule IR, type-checking them in one
 * ts-morph project. Rules come out in file order, then source order. Never throws: a
 * missing file, a type error or a construct outside the rule language is a located
 * diagnostic, and a rule with any diagnostic is left out (never lowered partially).
 */
export function lowerRuleFiles(files: readonly string[], options: LowerOptions = {}): LowerResult {
  const rules: LoweredRule[] = [];
  const diagnostics: Diagnostic[] = [];
  let project: Project;
  try {
    project = createFrontendProject(options.tsconfig);
  } catch (error) {
    diagnostics.push(
      diagnostic({
        code: 'CFG_LOAD_FAILED',
        severity: 'error',
        message: `cannot read the TypeScript configuration: ${error instanceof Error ? error.message : String(error)}`,
        hint: 'pass an existing tsconfig.json',
        ...(options.tsconfig !== undefined
          ? { location: { file: options.tsconfig, line: 1, column: 1 } }
          : {}),
      }),
    );
    return { rules, diagnostics };
  }
  const core = coreDeclarations();
  const added: { file: string; path: string }[] = [];
  for (const file of files) {
    const path = resolve(file);
    if (!existsSync(path)) {
      diagnostics.push(
        diagnostic({
          code: 'LOAD_NOT_FOUND',
          severity: 'error',
          message: `rule file not found: ${file}`,
          hint: 'check the path',
          location: { file, line: 1, column: 1 },
        }),
      );
      continue;
    }
    try {
      project.addSourceFileAtPath(path);
      added.push({ file, path });
    } catch (error) {
      diagnostics.push(
        diagnostic({
          code: 'LOAD_READ_FAILED',
          severity: 'error',
          message: `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
          location: { file, line: 1, column: 1 },
        }),
      );
    }
  }
  for (const { file, path } of added) {
    const sf = project.getSourceFileOrThrow(path);
    const r = lowerSourceFile(sf, file, core, options.customKinds);
    rules.push(...r.rules);
    diagnostics.push(...r.diagnostics);
  }
  return { rules, diagnostics };
}

let sharedProject: Project | undefined;
let counter = 0;

/**
 * Lowers the rules of an in-memory TypeScript source (for tests and tools). The source is
 * placed under the frontend package (`@kpc/core` resolves through `paths`); `fileName` is what
 * diagnostics and spans report. The type-checking project is created once and reused.
 */
export function lowerRuleSource(source: string, fileName = 'rule.ts'): LowerResult {
  return lowerRuleSources([{ source, fileName }])[0]!;
}

/**
 * {@link lowerRuleSource} of many sources at once: they are type-checked in one program
 * (building a TypeScript program and its checker is most of the cost of lowering a small
 * source), and each is lowered on its own, as if alone. Results are in input order.
 */
export function lowerRuleSources(
  sources: readonly { readonly source: string; readonly fileName?: string }[],
): LowerResult[] {
  sharedProject ??= createFrontendProject();
  const project = sharedProject;
  const files = sources.map(({ source, fileName = 'rule.ts' }) => {
    counter += 1;
    const path = join(
      FRONTEND_PACKAGE_DIR,
      '.virtual',
      `v${counter}-${fileName.replace(/[^\w.-]/g, '_')}`,
    );
    return { fileName, sf: project.createSourceFile(path, source, { overwrite: true }) };
  });
  try {
    const core = coreDeclarations();
    return files.map(({ sf, fileName }) => lowerSourceFile(sf, fileName, core));
  } finally {
    for (const { sf } of files) project.removeSourceFile(sf);
  }
}
