/**
 * `@kpc/testing`: fast-check arbitraries for Kubernetes objects and Rule IR, the
 * equivalence harness every backend plugs its evaluator into, and a CEL evaluator with
 * Kyverno's bindings (cel-js). For tests only: never a runtime dependency. See docs/ir.md,
 * "Equivalence harness".
 */

export { arbCommandLine, FLAG_NAMES, FLAG_VALUES, PROGRAMS } from './arb-command-line.ts';
export {
  type ArbExceptionOptions,
  arbException,
  arbExceptions,
  lintFailsWith,
  notCompiledExceptionIds,
} from './arb-exception.ts';
export { list as arbList, object as arbJsonObject, optional as arbOptional } from './arb-field.ts';
export { arbImageCase, arbImagePattern, arbImageReference } from './arb-image-reference.ts';
export {
  arbImageVerificationCase,
  type ImageVerificationCase,
  TEST_COSIGN_PUBLIC_KEY,
} from './arb-image-verification.ts';
export { arbLookupObjectSet, REFERENTIAL_SAMPLE_RULES } from './arb-lookup-set.ts';
export {
  arbLabelSelector,
  arbObjectSet,
  arbObjectSetList,
  SET_NAMESPACES,
} from './arb-object-set.ts';
export {
  arbAnnotations,
  arbContainer,
  arbEphemeralContainer,
  arbLabels,
  arbObjectMeta,
  arbPodSecurityContext,
  arbPodSpec,
  arbSecurityContext,
  IMAGES,
} from './arb-pod-spec.ts';
export {
  arbPodTemplateWorkload,
  TEST_POD_SPEC_LOCATIONS,
  TEST_POD_TEMPLATES,
} from './arb-pod-template.ts';
export {
  type ArbRuleIROptions,
  type ArbRuleTarget,
  arbRuleIR,
  arbTargetKinds,
} from './arb-rule-ir.ts';
export {
  type ArbWorkloadOptions,
  arbManifest,
  arbObject,
  arbTargetManifests,
  arbWorkload,
  type Manifest,
  type ObjectKind,
  WORKLOAD_KINDS,
  type WorkloadKind,
  wrapPodSpec,
} from './arb-workload.ts';
export { arbYamlString, YAML_HOSTILE_CHARS } from './arb-yaml-string.ts';
export { arbPssMinor, CATALOG_PARAMS, VERSIONED_PSS_RULES } from './catalog-params.ts';
export { awkwardString, imageString, workloadArbitrary } from './cel/arbitraries.ts';
export {
  CelContext,
  celEnvironment,
  flattenGroups,
  fromCelValue,
  type KyvernoBindings,
  type NumberMode,
  offendingMessages,
  ResourceLibraryMock,
  toCelValue,
  type VapBindings,
  type VariableDecl,
} from './cel/evaluate-cel.ts';
export { SAMPLE_RULES, type SampleRule } from './cel/sample-rules.ts';
export {
  CEL_PER_CALL_LIMIT,
  CEL_POLICY_BUDGET,
  type CelCheckEvaluation,
  type CelCheckExpression,
  type CelCheckPolicy,
  type CelCheckRequest,
  type CelCheckResult,
  celCheckFailures,
  celCheckPolicies,
  celCheckPoliciesAsync,
  celCheckSkipReason,
  celPoliciesOf,
  celTypeErrors,
  paramTypingRules,
} from './cel-check.ts';
export { inputForIR, schemaTypeData, validatedIR } from './compile-input.ts';
export { closedSchema, crdSchema, crdValidator, sharedSchemaDir } from './crd-schema.ts';
export {
  type CheckEquivalenceOptions,
  checkEquivalence,
  defaultNumRuns,
  defaultSeed,
  disagreeing,
  EquivalenceError,
  type EquivalenceVerdict,
  type EquivalenceViolation,
  type Evaluator,
  formatCounterexample,
  seedOption,
} from './equivalence.ts';
export { irEvaluator, nativeEvaluator } from './evaluators.ts';
export {
  GOYAML_PROBE_MISSING,
  type GoYamlDocument,
  goYamlProbeCommand,
  readAsYaml12,
  readLikeGoYaml,
  readWithGoYamlProbe,
} from './goyaml-reader.ts';
export { jsonPointers } from './json-pointers.ts';
export { loadRuleSource } from './load-rule-source.ts';
export { type ProcessResult, type RunProcessOptions, runProcess } from './run-process.ts';
export {
  irSetEvaluator,
  nativeSetEvaluator,
  type SetMemberEvaluator,
  setEvaluator,
  setItems,
} from './set-evaluators.ts';
export { YAML_SPECIAL_STRINGS } from './yaml-special-strings.ts';
