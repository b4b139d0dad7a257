/**
 * @kpc/core/internal: what the kpc CLI shares with the engine — formatting, version parsing,
 * the report collector, stdin naming. Not public API: it may change in any release
 * (docs/api.md lists the public one, `@kpc/core`).
 */
export { formatDrift } from './audit/compare.ts';
export { isActive, parseExpiryDate } from './config/exception-spec.ts';
export { imageVerificationLocation } from './config/image-verification-config.ts';
export {
  formatPssVersion,
  isPssVersionProblem,
  type PssVersionProblem,
  parsePssVersion,
} from './config/pss-version.ts';
export { exceptionRunDiagnostics } from './engine/exception-match.ts';
export { SEVERITY_ORDER } from './engine/lint.ts';
export { resolveLimits } from './loader/limits.ts';
export { loadManifestFile, loadManifestFileParts, STDIN_FILE } from './loader/load-inputs.ts';
export {
  collectReport,
  displayPath,
  formatDiagnostics,
  type ReportCollector,
  renderPolicyReports,
  SummaryCounter,
} from './report/index.ts';
export {
  type ApiCheck,
  type ApiCheckOptions,
  createApiChecker,
  DEFAULT_KUBERNETES_VERSION,
  parseKubernetesVersion,
  TYPES_KUBERNETES_MINOR,
} from './schema/check-api-version.ts';
