/**
 * @kpc/core: the authoring API (`defineRule`, `defineConfig`, helpers), Kubernetes types,
 * the manifest loader and schema validation, the native engine, reporters and config.
 * The CRD type generator is `@kpc/core/crd-types`; the Rule IR is `@kpc/ir`. This is the
 * public API (docs/api.md); `@kpc/core/internal` holds what the kpc CLI shares with the
 * engine, which may change in any release.
 */
// audit: cluster dumps and the comparison with the cluster's engines
export {
  type ClusterVerdict,
  compareWithCluster,
  type Drift,
  type DriftKind,
  type EngineVerdicts,
  readClusterVerdicts,
  type VerdictSubject,
} from './audit/compare.ts';
export { type SortedDump, sortDump } from './audit/dump-documents.ts';
export {
  type DumpObject,
  dumpObjectOf,
  type FoldResult,
  foldOwnedResults,
} from './audit/fold-owned.ts';
export { recoverTruncatedDump } from './audit/recover-dump.ts';
// config, lint orchestration and reporters (kpc lint)

export {
  type CosignAttestor,
  type CosignKeyAttestor,
  type CosignKeylessAttestor,
  type Diagnostic,
  type DiagnosticCode,
  declaredReads,
  defineImageVerification,
  type ImageVerification,
  isReferential,
  type ObjectSet,
  objectSet,
  type Severity,
  type SourceLocation,
} from '@kpc/ir';
export {
  type CompileTarget,
  defineConfig,
  type KpcConfig,
  type KyvernoKind,
  type ParamValue,
  type RuleActionSetting,
  type RuleSettings,
} from './config/define-config.ts';
export {
  type ExceptionResource,
  globMatch,
  type PolicyExceptionSpec,
  type ResolvedException,
} from './config/exception-spec.ts';
export { imageVerificationConfigProblems } from './config/image-verification-config.ts';
export { findConfigFile, type LoadedConfig, loadConfig } from './config/load-config.ts';
export {
  type ExceptionResolution,
  type ExceptionSources,
  parseExceptionFile,
  resolveExceptions,
} from './config/load-exceptions.ts';
export {
  PSS_NEWEST_MINOR,
  PSS_OLDEST_MINOR,
  PSS_VERSION_PARAM,
  type PssVersion,
} from './config/pss-version.ts';
export {
  type ConfigSource,
  type ResolvedRule,
  type RuleCatalog,
  type RuleResolution,
  type RuleSelectionOverrides,
  resolveRules,
} from './config/resolve-rules.ts';
export { type ConfigValidation, validateConfig } from './config/validate-config.ts';
export {
  type CrdSchemaRegistryResult,
  createCrdSchemaRegistry,
} from './crd/crd-schema-registry.ts';
export {
  type EvaluateResult,
  evaluateRule,
  resolveParams,
  type Violation,
} from './engine/evaluate.ts';
export { exampleObjectSet, loadExampleCluster } from './engine/example-set.ts';
export {
  type ContainerRef,
  containerAt,
  type ExceptionSubject,
  type ExceptionVerdict,
  exceptionFor,
  subjectOf,
} from './engine/exception-match.ts';
export {
  type ImageVerificationLintOptions,
  lintImageVerifications,
} from './engine/image-verification-lint.ts';
export {
  type Finding,
  type FindingResource,
  type LintOptions,
  type LintResult,
  lint,
} from './engine/lint.ts';
export {
  type GetOptions,
  type ListOptions,
  NeedsObjectSetError,
  type ObjectLookups,
  objectLookups,
  UndeclaredReadError,
} from './engine/lookups.ts';
export {
  type Container,
  type EphemeralContainer,
  KIND_API_VERSIONS,
  type KindTypes,
  type ObjectMeta,
  type PodSpec,
  type Workload,
} from './k8s/types.ts';
export { DEFAULT_LOADER_LIMITS } from './loader/limits.ts';
export {
  type InputEntry,
  type LoadInputsOptions,
  listInputs,
  loadInputParts,
  loadInputs,
  loadInputsByFile,
} from './loader/load-inputs.ts';
export {
  type LoadPart,
  parseManifestParts,
  parseManifestText,
} from './loader/parse-manifest-text.ts';
export type { LoadedDocument, LoaderLimits, LoadResult } from './loader/types.ts';
export {
  defineReporter,
  FileSink,
  getReporter,
  JSON_REPORT_SCHEMA_VERSION,
  type LintReport,
  POLICY_REPORT_API_VERSION,
  POLICY_REPORT_SOURCE,
  type PolicyReportObject,
  type PolicyReportResult,
  type PolicyReportVerdict,
  REPORTERS,
  type Reporter,
  type ReporterOptions,
  type ReportHeader,
  type ReportObject,
  type ReportPart,
  type ReportRule,
  type ReportSink,
  type ReportStats,
  type ReportSummary,
  type ReportWriter,
  reporterNames,
  toPolicyReports,
  toSarif,
} from './report/index.ts';
export {
  type AnyRule,
  type ControlMapping,
  type DefaultElement,
  defineRule,
  formatTarget,
  isRule,
  type KindList,
  type KindName,
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
  type TargetObject,
  targetKinds,
} from './rule/define-rule.ts';
export {
  allContainers,
  booleanFlag,
  type CommandLine,
  flagValue,
  flagValues,
  imageDigest,
  imageMatches,
  imageReference,
  imageRegistry,
  imageTag,
  labelSelectorMatches,
  textAfter,
} from './rule/helpers.ts';
export { k8sStructure } from './schema/k8s-structure.ts';
export {
  type KindSchema,
  type KindSchemaRegistry,
  type ValidateOptions,
  validateDocument,
} from './schema/validate-document.ts';
