/**
 * Random object sets for referential rules ("the cluster": docs/ir.md, "Cross-object rules"):
 * a few namespaces, workloads, NetworkPolicies, ServiceAccounts, PodDisruptionBudgets and
 * Services drawn from small pools of namespaces, names and labels, so that lookups often hit
 * (the same namespace, a selector that matches) and often miss. Names are unique per kind and
 * namespace, as in a cluster; some objects have no namespace (as manifests often do).
 */
import fc from 'fast-check';
import type { Manifest } from './arb-workload.ts';

export const SET_NAMESPACES = ['default', 'team-a', 'team-b'] as const;
const LABEL_KEYS = ['app', 'tier'] as const;
const LABEL_VALUES = ['web', 'api', 'db'] as const;
const ACCOUNTS = ['default', 'web', 'ci'] as const;

const arbNamespace = fc.option(fc.constantFrom(...SET_NAMESPACES), { freq: 6, nil: undefined });

const arbLabels = fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), {
  maxKeys: 2,
});

const arbRequirement = fc.oneof(
  fc.record({
    key: fc.constantFrom(...LABEL_KEYS),
    operator: fc.constantFrom('In', 'NotIn'),
    values: fc.uniqueArray(fc.constantFrom(...LABEL_VALUES), { maxLength: 2 }),
  }),
  fc.record({
    key: fc.constantFrom(...LABEL_KEYS),
    operator: fc.constantFrom('Exists', 'DoesNotExist'),
  }),
);

/** A metav1.LabelSelector: `{}` (everything) often, matchLabels and matchExpressions. */
export const arbLabelSelector: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  { weight: 3, arbitrary: fc.record({ matchLabels: arbLabels }) },
  {
    weight: 2,
    arbitrary: fc.record(
      { matchLabels: arbLabels, matchExpressions: fc.array(arbRequirement, { maxLength: 2 }) },
      { requiredKeys: ['matchExpressions'] },
    ),
  },
);

const meta = (name: string, namespace: string | undefined, extra: object = {}) => ({
  name,
  ...(namespace !== undefined ? { namespace } : {}),
  ...extra,
});

const arbWorkload = (i: number) =>
  fc
    .record({
      kind: fc.constantFrom('Deployment', 'StatefulSet', 'Pod', 'DaemonSet'),
      namespace: arbNamespace,
      replicas: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      labels: arbLabels,
      serviceAccountName: fc.option(fc.constantFrom(...ACCOUNTS), { nil: undefined }),
      automount: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(({ kind, namespace, replicas, labels, serviceAccountName, automount }): Manifest => {
      const podSpec = {
        ...(serviceAccountName !== undefined ? { serviceAccountName } : {}),
        ...(automount !== undefined ? { automountServiceAccountToken: automount } : {}),
        containers: [{ name: 'app', image: 'registry.example.com/app:1.0' }],
      };
      const name = `${kind.toLowerCase()}-${i}`;
      if (kind === 'Pod')
        return {
          apiVersion: 'v1',
          kind,
          metadata: meta(name, namespace, { labels }),
          spec: podSpec,
        };
      return {
        apiVersion: 'apps/v1',
        kind,
        metadata: meta(name, namespace),
        spec: {
          ...(replicas !== undefined && kind !== 'DaemonSet' ? { replicas } : {}),
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: podSpec },
        },
      };
    });

const arbNetworkPolicy = (i: number) =>
  fc
    .record({
      namespace: arbNamespace,
      podSelector: arbLabelSelector,
      policyTypes: fc.option(fc.subarray(['Ingress', 'Egress']), { nil: undefined }),
      ingress: fc.option(fc.constant([{}]), { nil: undefined }),
    })
    .map(
      ({ namespace, podSelector, policyTypes, ingress }): Manifest => ({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta(`np-${i}`, namespace),
        spec: {
          podSelector,
          ...(policyTypes !== undefined ? { policyTypes } : {}),
          ...(ingress !== undefined ? { ingress } : {}),
        },
      }),
    );

const arbServiceAccount = fc
  .record({
    name: fc.constantFrom(...ACCOUNTS),
    namespace: arbNamespace,
    automount: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map(
    ({ name, namespace, automount }): Manifest => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(name, namespace),
      ...(automount !== undefined ? { automountServiceAccountToken: automount } : {}),
    }),
  );

const arbPdb = (i: number) =>
  fc
    .record({
      namespace: arbNamespace,
      selector: fc.option(arbLabelSelector, { freq: 6, nil: undefined }),
    })
    .map(
      ({ namespace, selector }): Manifest => ({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: meta(`pdb-${i}`, namespace),
        spec: { minAvailable: 1, ...(selector !== undefined ? { selector } : {}) },
      }),
    );

const arbService = (i: number) =>
  fc.record({ namespace: arbNamespace, selector: fc.option(arbLabels, { nil: undefined }) }).map(
    ({ namespace, selector }): Manifest => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(`svc-${i}`, namespace),
      spec: { ports: [{ port: 80 }], ...(selector !== undefined ? { selector } : {}) },
    }),
  );

const indexed = (
  make: (i: number) => fc.Arbitrary<Manifest>,
  max: number,
): fc.Arbitrary<Manifest[]> =>
  fc
    .integer({ min: 0, max })
    .chain(
      (n): fc.Arbitrary<Manifest[]> =>
        n === 0
          ? fc.constant([])
          : fc.tuple(...Array.from({ length: n }, (_, i) => make(i))).map((xs) => [...xs]),
    );

/**
 * A random object set: namespaces, workloads, NetworkPolicies, ServiceAccounts (unique per
 * namespace and name), PDBs and Services, shuffled (a set has no order).
 */
export function arbObjectSet(): fc.Arbitrary<Manifest[]> {
  return fc
    .record({
      namespaces: fc.subarray([...SET_NAMESPACES]),
      workloads: indexed(arbWorkload, 4),
      policies: indexed(arbNetworkPolicy, 3),
      accounts: fc.uniqueArray(arbServiceAccount, {
        maxLength: 3,
        selector: (a) =>
          `${(a.metadata as { namespace?: string }).namespace}/${(a.metadata as { name: string }).name}`,
      }),
      pdbs: indexed(arbPdb, 2),
      services: indexed(arbService, 2),
    })
    .chain(({ namespaces, workloads, policies, accounts, pdbs, services }) => {
      const all: Manifest[] = [
        ...namespaces.map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } })),
        ...workloads,
        ...policies,
        ...accounts,
        ...pdbs,
        ...services,
      ];
      return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
    });
}

/**
 * An object set as one manifest for `checkEquivalence`: a `v1` `List` whose `items` are the
 * objects, so the harness's shrinking and counterexample printing work unchanged. Evaluate it
 * with `setEvaluator`.
 */
export function arbObjectSetList(): fc.Arbitrary<Manifest> {
  return arbObjectSet().map((items) => ({ apiVersion: 'v1', kind: 'List', items }));
}
