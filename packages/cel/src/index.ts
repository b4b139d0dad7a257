export {
  ADMISSION_OPERATIONS,
  admissionValidation,
  admissionVariables,
  formattedVariables,
  type KindGroup,
  kindGroups,
  lowerAdmissionRule,
  type ResourceRule,
  resourceName,
  resourceRules,
} from './admission.ts';
export {
  type CelUnsupported,
  checkCelCapabilities,
  type EachSegment,
  eachSegments,
} from './capabilities.ts';
export { formatCel } from './format.ts';
export {
  celNumber,
  celString,
  hasLoneSurrogate,
  isSafeVariableName,
  isSelectableField,
} from './literal.ts';
export {
  type CelBinding,
  type CelExpr,
  type CelKind,
  type CelScope,
  lowerExpr,
  NameSource,
} from './lower.ts';
export { type RegexTranslation, translateRegex } from './regex.ts';
export {
  type CelRoots,
  type CelRule,
  type CelVariable,
  celMapAtPath,
  celParamValue,
  type LowerRuleResult,
  lowerRule,
  paramVariableName,
} from './rule.ts';
