export { controlRef, policyAnnotations, subject } from './annotations.ts';
export { kyvernoBackend } from './backend.ts';
export {
  compileKyverno,
  DEFAULT_KYVERNO_KINDS,
  KYVERNO,
  type KyvernoOptions,
  type KyvernoPolicyKind,
  POLICY_FILE,
} from './compile-kyverno.ts';
export { type KindGroup, kindGroups, kyvernoKind, resourceName } from './kinds.ts';
export { kyvernoTest, type TestResource, testResources } from './kyverno-test.ts';
export {
  CLUSTER_POLICY_MIN_VERSION,
  clusterPolicy,
  VALIDATING_POLICY_MIN_VERSION,
  validatingPolicy,
} from './policies.ts';
