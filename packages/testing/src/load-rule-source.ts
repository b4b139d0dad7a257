/**
 * Turns TypeScript rule source (e.g. `printRuleTs` output) into a live rule, to run the
 * rule's own functions natively. Types are stripped with the TypeScript compiler's
 * `transpileModule` (no type check); imports of `@kpc/core` are bound to this package.
 * For tests only: it evaluates the given source.
 */
import * as core from '@kpc/core';
import { type AnyRule, isRule } from '@kpc/core';

/**
 * Transpiles and evaluates `source` (a module whose default export is a rule) and returns
 * the rule. Throws when the module does not export a rule or imports anything but
 * `@kpc/core`.
 */
export async function loadRuleSource(source: string, fileName = 'rule.ts'): Promise<AnyRule> {
  const ts = (await import('typescript')).default;
  const { outputText } = ts.transpileModule(source, {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: false,
    },
  });
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string): unknown => {
    if (name === '@kpc/core') return core;
    throw new Error(`rule source imports "${name}"; only @kpc/core is available`);
  };
  new Function('require', 'module', 'exports', outputText)(require, module, module.exports);
  const rule = module.exports.default;
  if (!isRule(rule)) throw new Error(`${fileName} has no default-exported rule`);
  return rule;
}
