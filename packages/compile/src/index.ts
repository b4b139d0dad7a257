/**
 * @kpc/compile: the compile pipeline as a library. The typed `Backend` contract and a
 * registry, `compile(inputs, backends) → files` in memory, the safe writer and `--check`
 * drift logic, and the emitter and YAML writer that backends share. Knows no engine.
 */

export {
  doubleQuotedYaml,
  generatedHeader,
  type HeaderAbout,
  plainReadsBackEverywhere,
  toYamlDocuments,
  YamlEmitError,
} from '@kpc/yaml';
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
export { Emitter } from './emit/emitter.ts';
export {
  exceptionNotCompiled,
  type GuardOptions,
  type GuardRefusal,
  type GuardResult,
  globTest,
  globToRegex,
  guardChangesVerdict,
  guardRuleIR,
  selectorTest,
} from './exception-guard.ts';
export {
  deployRef,
  KUSTOMIZATION,
  kustomization,
  outputScopes,
  placedPath,
  placeFiles,
  TEST_TREE,
} from './layout.ts';
export {
  applyOutput,
  compareOutput,
  type FileState,
  type FileStatus,
  isGenerated,
} from './output-dir.ts';
export { BackendRegistry, type BackendSelection } from './registry.ts';
export { ruleHeader } from './rule-header.ts';
export { validatedInputs } from './validated-inputs.ts';
