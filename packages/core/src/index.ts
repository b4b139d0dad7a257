export type {
  BackendName,
  BackendOutput,
  CompileRuleInput,
  OutputFile,
  RuleAction,
  RuleMetadata,
} from './compile/backend.ts';
export {
  DIAGNOSTIC_CODES,
  type Diagnostic,
  type DiagnosticCode,
  diagnostic,
  type Severity,
  type SourceLocation,
} from './diagnostics/diagnostic.ts';
export { escapePointerToken, fromPointer, toPointer } from './diagnostics/json-pointer.ts';
export { Emitter } from './emit/emitter.ts';
export { generatedHeader, toYamlDocuments } from './emit/yaml.ts';
export {
  type EvaluateResult,
  evaluateRule,
  resolveParams,
  ruleApplies,
  type Violation,
} from './engine/evaluate.ts';
export { type JsonValue, normalizeManifest } from './engine/normalize.ts';
export {
  formatApiVersion,
  POD_SPEC_LOCATIONS,
  type PodSpecLocation,
  parseApiVersion,
  podSpecLocationOf,
} from './k8s/targets.ts';
export {
  type Container,
  type EphemeralContainer,
  KIND_API_VERSIONS,
  type KindTypes,
  type ObjectMeta,
  type PodSpec,
  type Workload,
} from './k8s/types.ts';
export type { LoadedDocument, LoaderLimits, LoadResult } from './loader/types.ts';
export {
  type AnyRule,
  type ControlMapping,
  type DefaultElement,
  defineRule,
  isRule,
  type ParamSpec,
  type ParamSpecs,
  type ParamValues,
  type Rule,
  type RuleContext,
  type RuleDefinition,
  RuleDefinitionError,
  type RuleExample,
  type RuleSeverity,
  type TargetName,
} from './rule/define-rule.ts';
export { allContainers, imageDigest, imageRegistry, imageTag } from './rule/helpers.ts';
// manifest loading and schema validation
export { DEFAULT_LOADER_LIMITS, resolveLimits } from './loader/limits.ts';
export { type LoadInputsOptions, loadInputs, STDIN_FILE } from './loader/load-inputs.ts';
export { parseManifestText } from './loader/parse-manifest-text.ts';
export { builtInKinds, isBuiltInKind } from './schema/k8s-structure.ts';
export {
  findUnknownFields,
  type KindSchema,
  type KindSchemaRegistry,
  type ValidateOptions,
  validateDocument,
} from './schema/validate-document.ts';
