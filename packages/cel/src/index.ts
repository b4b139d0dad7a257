/**
 * @kpc/cel: the CEL lowering shared by the Kyverno and VAP backends (not a public API of its
 * own: it is what those two packages import). Rule IR → CEL variables and validations, the
 * capability check, kind groups and resource names, and CEL literals.
 */
export {
  ADMISSION_OPERATIONS,
  admissionValidation,
  admissionVariables,
  formattedVariables,
  type KindGroup,
  kindGroups,
  lowerAdmissionRule,
  podSpecResourceName,
  resourceName,
  resourceRules,
} from './admission.ts';
export { checkCelCapabilities } from './capabilities.ts';
export { formatCel } from './format.ts';
export { celImageMatches, celImageParts } from './image-reference.ts';
export { celString } from './literal.ts';
export type { ResourceNameOf } from './lower.ts';
export { translateRegex } from './regex.ts';
export {
  type CelLoweringOptions,
  type CelRule,
  type CelVariable,
  celMapAtPath,
  optionalChain,
  typedMapPath,
} from './rule.ts';
