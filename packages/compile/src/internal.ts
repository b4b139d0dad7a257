/**
 * @kpc/compile/internal: what kpc's own backends and CLI share — the emitter, the YAML
 * writer, the output layout, the exception guard's parts. Not public API: it may change in
 * any release (docs/api.md lists the public one, `@kpc/compile`).
 */

export { toYamlDocuments } from '@kpc/yaml';
export { Emitter } from './emit/emitter.ts';
export { exceptionNotCompiled, globToRegex, guardChangesVerdict } from './exception-guard.ts';
export {
  type KyvernoTestSubject,
  kyvernoTest,
  kyvernoTestFiles,
  type TestKindGroup,
  type TestResource,
  testResources,
} from './kyverno-test.ts';
export { deployRef, KUSTOMIZATION, outputScopes, placeFiles, TEST_TREE } from './layout.ts';
