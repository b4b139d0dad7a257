/**
 * @kpc/compile-gatekeeper: the Gatekeeper backend (ConstraintTemplates with Rego, Constraints
 * and gator suites). Its public API is the backend factory and its options (docs/api.md);
 * everything else is internal.
 */
export { gatekeeperBackend } from './backend.ts';
export {
  type CompileGatekeeperOptions,
  constraintPath,
  GATEKEEPER_STAGES,
  templatePath,
} from './compile-gatekeeper.ts';
export { GATEKEEPER_DIAGNOSTIC_CODES } from './diagnostics.ts';
export {
  imageVerificationRego,
  RATIFY_DEFAULT_URL,
  RATIFY_PROVIDER,
  type RatifyOptions,
  ratifyObjects,
  ratifyProblems,
  ratifyTemplateName,
} from './image-verification.ts';
