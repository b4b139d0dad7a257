/**
 * @kpc/compile: the compile pipeline as a library. The typed `Backend` contract and a
 * registry, `compile(inputs, backends) → files` in memory, the safe writer and `--check`
 * drift logic, and the exception guard a backend folds exceptions into its policy with.
 * Knows no engine. This is the public API (docs/api.md); `@kpc/compile/internal` holds what
 * kpc's own backends and CLI share, which may change in any release.
 */

/** The header every generated file starts with: compareOutput/applyOutput manage only those. */
export { generatedHeader } from '@kpc/yaml';
export type {
  Backend,
  BackendOutput,
  CompileException,
  CompileRuleInput,
  OutputFile,
  RuleAction,
  RuleMetadata,
} from './backend.ts';
export {
  type CompileResult,
  type CompileSettings,
  compile,
  type SelectedRule,
  toCompileInputs,
} from './compile.ts';
export {
  type GuardOptions,
  type GuardRefusal,
  type GuardResult,
  guardRuleIR,
} from './exception-guard.ts';
export {
  applyOutput,
  compareOutput,
  type FileState,
  type FileStatus,
} from './output-dir.ts';
export { BackendRegistry, type BackendSelection } from './registry.ts';
export { validatedInputs } from './validated-inputs.ts';
