/**
 * The RBAC a ValidatingPolicy of a referential rule needs: Kyverno's `resource.List` runs as
 * Kyverno's own service accounts, so the admission controller (admission requests) and the
 * reports controller (background scans) must be allowed to read the kinds the rules list.
 * One ClusterRole with Kyverno's aggregation labels: Kyverno's Helm chart aggregates every
 * ClusterRole labelled `rbac.kyverno.io/aggregate-to-<controller>: "true"` into that
 * controller's role, so nothing else needs binding. See docs/backends/kyverno.md.
 */
import type { CompileRuleInput } from '@kpc/compile';
import { POD_SPEC_LOCATIONS, parseApiVersion, referencedKinds } from '@kpc/ir';
import { podSpecResourceName } from './kinds.ts';

/** The deployable file of the ClusterRole (top level: no rule directory has this path). */
export const LOOKUP_ROLE_FILE = 'clusterrole-kpc-lookups.yaml';

/** The ClusterRole's name. */
export const LOOKUP_ROLE_NAME = 'kpc-kyverno-lookups';

/** The Kyverno controllers that evaluate ValidatingPolicies, by their aggregation label. */
export const KYVERNO_AGGREGATE_LABELS: Readonly<Record<string, string>> = Object.freeze({
  'rbac.kyverno.io/aggregate-to-admission-controller': 'true',
  'rbac.kyverno.io/aggregate-to-reports-controller': 'true',
});

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The ClusterRole that lets Kyverno read every kind `inputs` look up: one rule per API group
 * (sorted), its resources sorted, read-only verbs.
 */
export function lookupClusterRole(inputs: readonly CompileRuleInput[]): Record<string, unknown> {
  const byGroup = new Map<string, Set<string>>();
  for (const input of inputs) {
    const locations = input.podSpecLocations ?? POD_SPEC_LOCATIONS;
    for (const k of referencedKinds(input.ir)) {
      const { group } = parseApiVersion(k.apiVersion);
      const set = byGroup.get(group) ?? new Set<string>();
      set.add(podSpecResourceName(locations, k.kind));
      byGroup.set(group, set);
    }
  }
  const ids = [...new Set(inputs.map((i) => i.meta.id))].sort(byText);
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {
      name: LOOKUP_ROLE_NAME,
      labels: { ...KYVERNO_AGGREGATE_LABELS, 'app.kubernetes.io/managed-by': 'kpc' },
      annotations: { 'kpc.dev/rules': ids.join(', ') },
    },
    rules: [...byGroup.keys()].sort(byText).map((group) => ({
      apiGroups: [group],
      resources: [...(byGroup.get(group) ?? [])].sort(byText),
      verbs: ['get', 'list', 'watch'],
    })),
  };
}
