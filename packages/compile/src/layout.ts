/**
 * The output layout: per backend a deployable tree `<name>/` that holds only objects to
 * apply, with a generated `kustomization.yaml` listing them, and a test tree
 * `tests/<name>/` (kyverno-test.yaml and its resources, gator suites and samples, suite
 * constraints) that a GitOps tool must never sync. See docs/cli/compile.md.
 */

import { generatedHeader, toYamlDocuments } from '@kpc/yaml';
import type { OutputFile } from './backend.ts';

/** The directory, under the output directory, that holds every backend's test tree. */
export const TEST_TREE = 'tests';

/** The generated kustomization of a deployable tree. */
export const KUSTOMIZATION = 'kustomization.yaml';

/** Where a backend's file lands, relative to the output directory. */
export function placedPath(backend: string, file: OutputFile): string {
  return file.tree === 'test' ? `${TEST_TREE}/${backend}/${file.path}` : `${backend}/${file.path}`;
}

/**
 * The path, relative to the directory of the test file `fromTestFile`, of the deployable
 * file `toDeployFile` (both relative to backend `backend`'s own trees), e.g. from
 * `<rule>/suite.yaml` to `../../../gatekeeper/<rule>/template.yaml`.
 */
export function deployRef(backend: string, fromTestFile: string, toDeployFile: string): string {
  const depth = fromTestFile.split('/').length - 1 + TEST_TREE.split('/').length + 1;
  return `${'../'.repeat(depth)}${backend}/${toDeployFile}`;
}

/** The `kustomization.yaml` listing every deployable YAML file of one backend. */
export function kustomization(backend: string, deployFiles: readonly OutputFile[]): OutputFile {
  const resources = deployFiles
    .filter((f) => f.tree !== 'test' && /\.ya?ml$/.test(f.path) && f.path !== KUSTOMIZATION)
    .map((f) => f.path)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const header =
    `${generatedHeader(undefined, `kpc compile --target ${backend} --out <dir>`)}` +
    `# Everything below is an admission object: sync this directory (kustomize), never\n` +
    `# ../${TEST_TREE}/, which holds the tests.\n`;
  return {
    path: KUSTOMIZATION,
    content: toYamlDocuments(header, [
      { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources },
    ]),
  };
}

/**
 * One backend's files placed in the output layout: deployable files under `<name>/` plus
 * its kustomization.yaml (when it has any deployable file), test files under
 * `tests/<name>/`.
 */
export function placeFiles(backend: string, files: readonly OutputFile[]): OutputFile[] {
  const placed = files.map((f) => ({ path: placedPath(backend, f), content: f.content }));
  if (files.some((f) => f.tree !== 'test'))
    placed.push({
      path: `${backend}/${KUSTOMIZATION}`,
      content: kustomization(backend, files).content,
    });
  return placed;
}

/** The directories, relative to the output directory, that the backends `names` own. */
export function outputScopes(names: readonly string[]): string[] {
  return [...names, ...names.map((n) => `${TEST_TREE}/${n}`)];
}
