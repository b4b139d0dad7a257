/**
 * @kpc/ir: the Rule IR (node types and factories, validator, interpreter), the value
 * semantics it shares with the native engine (normalisation, root binding, targets, image
 * references), the rule metadata types and the one diagnostic shape. No runtime dependencies.
 */
export {
  type BackendDiagnosticCodes,
  DIAGNOSTIC_CODES,
  type Diagnostic,
  type DiagnosticCode,
  diagnostic,
  type Severity,
  type SourceLocation,
} from './diagnostics/diagnostic.ts';
export { escapePointerToken, fromPointer, toPointer } from './diagnostics/json-pointer.ts';
export { canonicalJson, irEquals } from './equality.ts';
export { globMatch } from './glob.ts';
export {
  type EvalEnv,
  type EvalOutcome,
  evaluateExpr,
  evaluateRuleIR,
  type IrEvalError,
  type IrEvaluateResult,
  type IrValue,
  orderedKeys,
  planRule,
  type RulePlan,
} from './interpret.ts';
export { isListNode } from './list-node.ts';
export type { AbsentNode } from './nodes/absent.ts';
export {
  type CallNode,
  FLAG_HELPERS,
  FLAG_NAME_PATTERN,
  HELPER_ARITY,
  HELPER_NAMES,
  type HelperName,
} from './nodes/call.ts';
export type { CoalesceNode } from './nodes/coalesce.ts';
export type { CompareNode, CompareOp } from './nodes/compare.ts';
export type { ComprehensionNode, ComprehensionOp } from './nodes/comprehension.ts';
export type { ConcatNode } from './nodes/concat.ts';
export type { CondNode } from './nodes/cond.ts';
export { type Expr, type ExprKind, type ExprVisitor, unhandled, visit } from './nodes/expr.ts';
/** The node factories as one namespace: `ir.get(…)` (nodes/factories.ts). */
export * as ir from './nodes/factories.ts';
export type { GetNode } from './nodes/get.ts';
export type { IndexNode } from './nodes/index-node.ts';
export type { LengthNode } from './nodes/length.ts';
export type { LetNode } from './nodes/let.ts';
export type { ListNode } from './nodes/list.ts';
export type { ListConcatNode } from './nodes/list-concat.ts';
export type { ListIncludesNode } from './nodes/list-includes.ts';
export type { LiteralNode } from './nodes/literal.ts';
export type { LogicalNode } from './nodes/logical.ts';
export type { LookupNode } from './nodes/lookup.ts';
export { type NodeBase, withSpan } from './nodes/node-base.ts';
export type { NotNode } from './nodes/not.ts';
export type { ObjectViewNode } from './nodes/object-view.ts';
export type { ParamNode } from './nodes/param.ts';
export { type RefNode, ROOT_NAMES, type RootName } from './nodes/ref.ts';
export type { RegexTestNode } from './nodes/regex-test.ts';
export {
  children,
  type FieldKind,
  forEachChild,
  forEachExpr,
  NODE_SCHEMA,
  PARAM_NAME,
} from './nodes/schema.ts';
export type { Span } from './nodes/span.ts';
export type { StringTestNode } from './nodes/string-test.ts';
export type { TruthyNode } from './nodes/truthy.ts';
export { type PrintRuleMeta, printRuleTs } from './print-ts.ts';
export { lookupsOf, type ReferencedKind, referencedKinds } from './referenced-kinds.ts';
export {
  MAX_REPEAT,
  parseRegex,
  printRegex,
  type RegexClassItem,
  type RegexParse,
  type RegexPrinter,
  type RegexToken,
} from './regex.ts';
export {
  type GroupVersionKind,
  IR_VERSION,
  type ParamType,
  type RuleIR,
  type RuleTarget,
} from './rule-ir.ts';
export type {
  ControlMapping,
  ParamSpec,
  ParamSpecs,
  RuleAction,
  RuleExample,
  RuleMetadata,
  RuleSeverity,
} from './rule-meta.ts';
export {
  controlRef,
  declaredReads,
  fitsParamType,
  isReferential,
  PARAM_TYPES,
  paramSpec,
  readsDeclaration,
} from './rule-meta.ts';
export {
  type BoundTarget,
  bindTarget,
  isMap,
  resolveParams,
  type Violation,
} from './semantics/bind.ts';
export {
  booleanFlag,
  FALSE_SPELLINGS,
  FLAG_SEPARATOR,
  flagValue,
  flagValues,
  TRUE_SPELLINGS,
} from './semantics/flags.ts';
export { imageDigest, imageRegistry, imageTag } from './semantics/image.ts';
export {
  IMAGE_ASCII_REGEX,
  IMAGE_DOMAIN_REGEX,
  IMAGE_IDENTIFIER_REGEX,
  IMAGE_PATH_MAX,
  IMAGE_PATTERN_ALPHABET_REGEX,
  IMAGE_PATTERN_ESCAPED,
  IMAGE_REMAINDER_REGEX,
  IMAGE_UPPERCASE_REGEX,
  type ImagePatternProblem,
  type ImageReference,
  imageMatches,
  imagePatternProblem,
  imageReference,
  parseImageReference,
} from './semantics/image-reference.ts';
export {
  type CosignAttestor,
  type CosignKeyAttestor,
  type CosignKeylessAttestor,
  defineImageVerification,
  IMAGE_CONTAINER_LISTS,
  IMAGE_VERIFICATION_TARGETS,
  type ImageVerification,
  type ImageVerificationProblem,
  type ImageVerificationTarget,
  imageVerificationProblems,
  pemProblem,
  type SelectedImage,
  selectImages,
} from './semantics/image-verification.ts';
export { KIND_API_VERSIONS } from './semantics/kinds.ts';
export { labelSelectorMatches, labelSelectorMatchesExpr } from './semantics/label-selector.ts';
export { type JsonValue, type NormalizeOptions, normalizeManifest } from './semantics/normalize.ts';
export {
  EMPTY_OBJECT_SET,
  needsObjectSetMessage,
  type ObjectSet,
  type ObjectSetBuilder,
  objectSet,
  objectSetBuilder,
} from './semantics/object-set.ts';
export {
  BUILTIN_POD_TEMPLATES,
  type BuiltinPodTemplate,
  type PodTemplateDeclaration,
  type PodTemplateEntry,
  type PodTemplateProblem,
  parseFieldPath,
  podSpecLocationsOf,
  podTemplateDeclarationOf,
  podTemplateProblems,
} from './semantics/pod-templates.ts';
export {
  childSchemaType,
  hasSchemaType,
  joinSchemaTypes,
  kindSchemaType,
  ruleRootSchemaTypes,
  type SchemaRootTypes,
  type SchemaStep,
  type SchemaType,
  type SchemaTypeData,
  schemaTypeAtPath,
  schemaTypeOfRef,
  UNKNOWN_TYPE,
} from './semantics/schema-types.ts';
export {
  formatApiVersion,
  POD_SPEC_LOCATIONS,
  type PodSpecLocation,
  parseApiVersion,
  podSpecLocationOf,
  ruleTargetOf,
  targetApplies,
} from './semantics/targets.ts';
export { textAfter } from './semantics/text-after.ts';
export {
  API_VERSION_PATTERN,
  isValidatedRuleIR,
  MAX_IR_DEPTH,
  type ValidatedRuleIR,
  type ValidateRuleIRResult,
  validateRuleIR,
} from './validate.ts';
export {
  GOYAML_EXTRA_LINE_BREAK,
  GOYAML_FORBIDDEN_CHAR,
  goYamlKeepsString,
  loneSurrogateIndex,
  type PlainResolution,
  resolveGoYamlPlain,
} from './yaml/goyaml-scalar.ts';
