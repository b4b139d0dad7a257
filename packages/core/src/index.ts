/**
 * @kpc/core: the authoring API (`defineRule`, `defineConfig`, helpers), Kubernetes types,
 * the manifest loader and schema validation, the native engine, reporters and config.
 * The CRD type generator is `@kpc/core/crd-types`; the Rule IR is `@kpc/ir`.
 */
// audit: cluster dumps and the comparison with the cluster's engines
export {
  type ClusterVerdict,
  compareWithCluster,
  type Drift,
  type DriftKind,
  type EngineVerdicts,
  formatDrift,
  readClusterVerdicts,
  type VerdictSubject,
} from './audit/compare.ts';
export {
  isGatekeeperConstraint,
  isPolicyReport,
  type SortedDump,
  sortDump,
} from './audit/dump-documents.ts';
export {
  type ControllerRef,
  controllerRefOf,
  type DumpObject,
  dumpObjectOf,
  type FoldResult,
  foldOwnedResults,
} from './audit/fold-owned.ts';
export { recoverTruncatedDump } from './audit/recover-dump.ts';
// config, lint orchestration and reporters (kpc lint)

export {
  BUILTIN_POD_TEMPLATES,
  type CosignAttestor,
  type CosignKeyAttestor,
  type CosignKeylessAttestor,
  DIAGNOSTIC_CODES,
  type Diagnostic,
  type DiagnosticCode,
  defineImageVerification,
  diagnostic,
  escapePointerToken,
  formatApiVersion,
  fromPointer,
  type ImageVerification,
  type JsonValue,
  normalizeManifest,
  type ObjectSet,
  objectSet,
  POD_SPEC_LOCATIONS,
  type PodSpecLocation,
  type PodTemplateDeclaration,
  type PodTemplateEntry,
  parseApiVersion,
  podSpecLocationOf,
  podSpecLocationsOf,
  type Severity,
  type SourceLocation,
  toPointer,
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
  type ExceptionRef,
  type ExceptionResource,
  exceptionRef,
  globMatch,
  isActive,
  isExactPattern,
  type PolicyExceptionSpec,
  parseExpiryDate,
  type ResolvedException,
} from './config/exception-spec.ts';
export {
  imageVerificationConfigProblems,
  imageVerificationLocation,
} from './config/image-verification-config.ts';
export {
  CONFIG_FILE_NAMES,
  findConfigFile,
  type LoadedConfig,
  loadConfig,
} from './config/load-config.ts';
export {
  type ExceptionResolution,
  type ExceptionSources,
  parseExceptionFile,
  resolveExceptions,
} from './config/load-exceptions.ts';
export {
  DEFAULT_PSS_VERSION,
  formatPssVersion,
  isPssVersionProblem,
  PSS_NEWEST_MINOR,
  PSS_OLDEST_MINOR,
  PSS_VERSION_PARAM,
  type PssVersion,
  type PssVersionProblem,
  parsePssVersion,
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
  ruleApplies,
  type Violation,
} from './engine/evaluate.ts';
export { exampleObjectSet, loadExampleCluster } from './engine/example-set.ts';
export {
  type ContainerRef,
  containerAt,
  type ExceptionSubject,
  type ExceptionVerdict,
  exceptionCovers,
  exceptionFor,
  exceptionRunDiagnostics,
  selectsAnything,
  selectsObject,
  subjectOf,
} from './engine/exception-match.ts';
export {
  type ImageVerificationLintOptions,
  imageVerificationRuleId,
  lintImageVerifications,
} from './engine/image-verification-lint.ts';
export {
  atOrAbove,
  type Finding,
  type FindingResource,
  type LintOptions,
  type LintResult,
  lint,
  SCHEMA_RULE_ID,
  SEVERITY_ORDER,
} from './engine/lint.ts';
export {
  type GetOptions,
  type ListOptions,
  NeedsObjectSetError,
  type ObjectLookups,
  objectLookups,
} from './engine/lookups.ts';
export { API_LIFECYCLE, type ApiLifecycle, apiLifecycleOf } from './k8s/api-lifecycle.ts';
export {
  type Container,
  type EphemeralContainer,
  KIND_API_VERSIONS,
  type KindTypes,
  type ObjectMeta,
  type PodSpec,
  type Workload,
} from './k8s/types.ts';
export { DEFAULT_LOADER_LIMITS, resolveLimits } from './loader/limits.ts';
export {
  type LoadInputsOptions,
  loadInputs,
  loadInputsByFile,
  STDIN_FILE,
} from './loader/load-inputs.ts';
export { parseManifestText } from './loader/parse-manifest-text.ts';
export type { LoadedDocument, LoaderLimits, LoadResult } from './loader/types.ts';
export {
  collectReport,
  defineReporter,
  displayPath,
  escapeXml,
  FileSink,
  formatDiagnostics,
  getReporter,
  JSON_REPORT_SCHEMA_VERSION,
  type LintReport,
  POLICY_REPORT_API_VERSION,
  POLICY_REPORT_SOURCE,
  type PolicyReportObject,
  type PolicyReportResult,
  type PolicyReportVerdict,
  REPORTERS,
  type ReportCollector,
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
  renderPolicyReports,
  reporterNames,
  SCHEMA_REPORT_RULE,
  SPOOL_MEMORY_CHARS,
  SummaryCounter,
  summarize,
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
export {
  type ApiCheck,
  type ApiCheckOptions,
  createApiChecker,
  DEFAULT_KUBERNETES_VERSION,
  parseKubernetesVersion,
  TYPES_KUBERNETES_MINOR,
} from './schema/check-api-version.ts';
export { builtInKinds, isBuiltInKind, k8sStructure } from './schema/k8s-structure.ts';
export {
  findUnknownFields,
  type KindSchema,
  type KindSchemaRegistry,
  type ValidateOptions,
  validateDocument,
} from './schema/validate-document.ts';
