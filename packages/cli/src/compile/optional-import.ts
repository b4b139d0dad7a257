/**
 * Lazy imports of the heavy or optional parts (the ts-morph frontend, the backends), so
 * that `kpc lint` never loads the TypeScript compiler and a missing part is a clear
 * usage error rather than a crash.
 */
import type { BackendOutput, CompileRuleInput, Diagnostic, KyvernoKind } from '@kpc/core';
import type { GroupVersionKind, RuleIR } from '@kpc/core/ir';

/** What kpc uses of `@kpc/core/frontend`. */
export interface FrontendModule {
  lowerRuleFiles(
    files: readonly string[],
    options?: { readonly customKinds?: Readonly<Record<string, readonly GroupVersionKind[]>> },
  ): {
    readonly rules: readonly {
      readonly ruleId: string;
      readonly file: string;
      readonly ir: RuleIR;
    }[];
    readonly diagnostics: readonly Diagnostic[];
  };
}

export interface KyvernoModule {
  compileKyverno(
    inputs: readonly CompileRuleInput[],
    options: { readonly kinds: readonly KyvernoKind[] },
  ): BackendOutput;
  /** The resource (plural) name ValidatingPolicy match rules use for a kind. */
  resourceName?(kind: string): string;
}

export interface GatekeeperModule {
  compileGatekeeper(inputs: readonly CompileRuleInput[]): BackendOutput;
}

/**
 * Imports `specifier`, or returns undefined when that module (not one of its own
 * dependencies) does not exist. Other load errors propagate (internal error).
 */
export async function importOptional<T>(specifier: string): Promise<T | undefined> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED')
      return undefined;
    throw error;
  }
}

export const FRONTEND = '@kpc/core/frontend';
export const KYVERNO = '@kpc/compile-kyverno';
export const GATEKEEPER = '@kpc/compile-gatekeeper';
