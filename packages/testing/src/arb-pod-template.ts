/**
 * Random workloads wrapped in custom kinds that carry a pod template (config
 * `podTemplates`), for the equivalence tests of every backend: a built-in entry (Argo
 * Rollouts), a bare PodSpec at a version-pinned kind, and a deep PodTemplateSpec path with
 * an irregular plural. Mixed with the built-in workload kinds, and with objects of the same
 * kinds that the declarations do not match (another version, another group).
 */
import { type PodTemplateEntry, podSpecLocationsOf } from '@kpc/ir';
import fc from 'fast-check';
import { object } from './arb-field.ts';
import { arbAnnotations, arbLabels, arbObjectMeta, arbPodSpec } from './arb-pod-spec.ts';
import { arbWorkload, type Manifest } from './arb-workload.ts';

/** The declarations the tests compile and lint with. */
export const TEST_POD_TEMPLATES: readonly PodTemplateEntry[] = Object.freeze([
  'Rollout.argoproj.io',
  { group: 'batch.example.io', kind: 'Pipeline', version: 'v1beta1', specPath: 'spec.pod' },
  { group: 'ops.example.io', kind: 'Mouse', path: 'spec.runner.template', plural: 'mice' },
]);

/** The pod spec table of TEST_POD_TEMPLATES (the built-in kinds first). */
export const TEST_POD_SPEC_LOCATIONS = podSpecLocationsOf(TEST_POD_TEMPLATES);

/** One custom object around `spec`; `apiVersion` decides whether a declaration matches it. */
function wrap(
  kind: 'Rollout' | 'Pipeline' | 'Mouse',
  apiVersion: string,
  metadata: Manifest,
  podMetadata: Manifest,
  spec: Manifest,
): Manifest {
  const template = { metadata: podMetadata, spec };
  switch (kind) {
    case 'Rollout':
      return {
        apiVersion,
        kind,
        metadata,
        spec: { replicas: 2, selector: { matchLabels: { app: 'x' } }, template },
      };
    case 'Pipeline':
      return { apiVersion, kind, metadata, spec: { pod: spec, retries: 1 } };
    case 'Mouse':
      return { apiVersion, kind, metadata, spec: { runner: { template } } };
  }
}

/**
 * A workload of a TEST_POD_TEMPLATES kind (any version where the declaration has none;
 * sometimes a version or group it does not match), or of a built-in pod spec kind.
 */
export function arbPodTemplateWorkload(): fc.Arbitrary<Manifest> {
  const custom = fc
    .record({
      target: fc.constantFrom(
        { kind: 'Rollout', apiVersion: 'argoproj.io/v1alpha1' },
        { kind: 'Rollout', apiVersion: 'argoproj.io/v1' },
        { kind: 'Rollout', apiVersion: 'rollouts.example.io/v1alpha1' },
        { kind: 'Pipeline', apiVersion: 'batch.example.io/v1beta1' },
        { kind: 'Pipeline', apiVersion: 'batch.example.io/v1' },
        { kind: 'Mouse', apiVersion: 'ops.example.io/v2' },
        { kind: 'Mouse', apiVersion: 'ops.example.io/v1alpha3' },
      ) as fc.Arbitrary<{ kind: 'Rollout' | 'Pipeline' | 'Mouse'; apiVersion: string }>,
      metadata: arbObjectMeta(),
      podMetadata: object({}, { labels: arbLabels(), annotations: arbAnnotations() }),
      spec: arbPodSpec(),
    })
    .map(({ target, metadata, podMetadata, spec }) =>
      wrap(target.kind, target.apiVersion, metadata, podMetadata as Manifest, spec),
    );
  return fc.oneof({ weight: 3, arbitrary: custom }, { weight: 1, arbitrary: arbWorkload() });
}
