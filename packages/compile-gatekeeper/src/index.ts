export { gatekeeperBackend } from './backend.ts';
export { checkCapabilities } from './capabilities.ts';
export {
  type CompileGatekeeperOptions,
  compileGatekeeper,
  GATEKEEPER,
  REGENERATE,
} from './compile-gatekeeper.ts';
export {
  ADMISSION_TARGET,
  enforcementAction,
  formatControls,
  matchKinds,
  parametersSchema,
} from './manifests.ts';
export { constraintKind, templateName } from './naming.ts';
export { type RegexTranslation, translateRegex } from './regex.ts';
export { buildRegoModule } from './rego-module.ts';
export { regoString } from './rego-string.ts';
