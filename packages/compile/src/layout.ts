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

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function kustomizationFile(path: string, header: string, resources: string[]): OutputFile {
  return {
    path,
    content: toYamlDocuments(header, [
      { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources },
    ]),
  };
}

/** The deployable YAML files of one backend's output, sorted. */
function deployablePaths(files: readonly OutputFile[]): string[] {
  return files
    .filter(
      (f) =>
        f.tree !== 'test' && /\.ya?ml$/.test(f.path) && f.path.split('/').pop() !== KUSTOMIZATION,
    )
    .map((f) => f.path)
    .sort(byString);
}

/** The `kustomization.yaml` listing every deployable YAML file of one backend. */
export function kustomization(backend: string, deployFiles: readonly OutputFile[]): OutputFile {
  return kustomizationFile(KUSTOMIZATION, rootHeader(backend, ''), deployablePaths(deployFiles));
}

function regenerateHeader(backend: string): string {
  return generatedHeader(undefined, `kpc compile --target ${backend} --out <dir>`);
}

function rootHeader(backend: string, more: string): string {
  return (
    `${regenerateHeader(backend)}# Everything below is an admission object: sync this directory (kustomize), never\n` +
    `# ../${TEST_TREE}/, which holds the tests.\n${more}`
  );
}

/**
 * The kustomization.yaml files of one backend's deployable tree: one listing every
 * deployable file, or, with `stages` (Backend.stages), one per stage listing the stage's
 * files and one at the top listing the stages in order. None when nothing is deployable.
 */
export function kustomizations(
  backend: string,
  files: readonly OutputFile[],
  stages: readonly string[] = [],
): OutputFile[] {
  const paths = deployablePaths(files);
  if (paths.length === 0) return [];
  const used = stages.filter((stage) => paths.some((p) => p.startsWith(`${stage}/`)));
  const loose = paths.filter((p) => !used.some((stage) => p.startsWith(`${stage}/`)));
  const order =
    used.length > 1
      ? `# Its parts apply in order: ${used.map((s) => `${s}/`).join(', then ')}. A tool that dry-runs\n` +
        `# a whole set first (Flux) must sync each part on its own, each after the one before\n` +
        `# (docs/cli/compile.md, "Layout").\n`
      : '';
  const out = [kustomizationFile(KUSTOMIZATION, rootHeader(backend, order), [...used, ...loose])];
  used.forEach((stage, i) => {
    const prefix = `${stage}/`;
    const step =
      i === 0 ? 'apply it first' : `apply it once ../${used[i - 1]}/ is applied and processed`;
    out.push(
      kustomizationFile(
        `${stage}/${KUSTOMIZATION}`,
        `${regenerateHeader(backend)}# Part ${i + 1} of ${used.length} of ${backend}/, admission objects only:\n# ${step}.\n`,
        paths.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length)),
      ),
    );
  });
  return out;
}

/**
 * One backend's files placed in the output layout: deployable files under `<name>/` plus
 * its kustomization.yaml files (when it has any deployable file; one per stage too, see
 * Backend.stages), test files under `tests/<name>/`.
 */
export function placeFiles(
  backend: string,
  files: readonly OutputFile[],
  stages: readonly string[] = [],
): OutputFile[] {
  const placed = files.map((f) => ({ path: placedPath(backend, f), content: f.content }));
  for (const k of kustomizations(backend, files, stages))
    placed.push({ path: `${backend}/${k.path}`, content: k.content });
  return placed;
}

/** The directories, relative to the output directory, that the backends `names` own. */
export function outputScopes(names: readonly string[]): string[] {
  return [...names, ...names.map((n) => `${TEST_TREE}/${n}`)];
}
