/**
 * @kpc/compile-vap: the Kubernetes ValidatingAdmissionPolicy backend. Its public API is the
 * backend factory (docs/api.md); everything else is internal.
 */
export { vapBackend } from './backend.ts';
export { VAP_DIAGNOSTIC_CODES } from './diagnostics.ts';
export { vapImageVerificationRefusals } from './image-verification.ts';
