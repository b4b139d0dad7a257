/**
 * @kpc/compile-kyverno: the Kyverno backend (ValidatingPolicy or ClusterPolicy, PolicyExceptions
 * and `kyverno test` suites). Its public API is the backend factory and its options
 * (docs/api.md); everything else is internal.
 */
export { kyvernoBackend } from './backend.ts';
export {
  DEFAULT_KYVERNO_KINDS,
  type KyvernoOptions,
  type KyvernoPolicyKind,
} from './compile-kyverno.ts';
export { KYVERNO_DIAGNOSTIC_CODES } from './diagnostics.ts';
export {
  type ImageValidatingPolicyOptions,
  imagePinned,
  imageSelection,
  imageValidatingPolicy,
  imageVerificationPolicyName,
} from './image-validating-policy.ts';
/**
 * The plural resource name Kyverno derives for a kind, and the one it matches a pod template
 * kind by (config podTemplates); the CLI checks CRDs' plurals against them.
 */
export { podSpecResourceName, resourceName } from './kinds.ts';
