/**
 * Which kinds a rule matches and how each policy kind finds the pod spec: Kyverno's
 * autogen is off, so kpc spells out every kind (POD_SPEC_LOCATIONS is the single source).
 */

import type { GroupVersionKind, RuleIR } from '@kpc/ir';
import { formatApiVersion, POD_SPEC_LOCATIONS, type PodSpecLocation } from '@kpc/ir';

/** Kinds that share one pod spec path, judged by one ClusterPolicy rule. */
export interface KindGroup {
  /** The Kyverno rule name: `pod`, `pod-controllers`, `cronjob`, … */
  readonly name: string;
  readonly kinds: readonly GroupVersionKind[];
  /** Path of the pod spec (podSpec targets), else undefined. */
  readonly specPath?: readonly string[];
  /** Path of the metadata the rule's `metadata` root reads. */
  readonly metadataPath: readonly string[];
}

const CONTROLLER_GROUP_NAME = 'pod-controllers';

/** Groups the kinds a rule applies to by where the pod spec lives, in a stable order. */
export function kindGroups(ir: RuleIR): KindGroup[] {
  if (ir.target.kind === 'resources') {
    const kinds = ir.target.resources;
    const name = kinds.length === 1 ? kinds[0]!.kind.toLowerCase() : 'resources';
    return [{ name, kinds, metadataPath: ['metadata'] }];
  }
  const groups = new Map<string, PodSpecLocation[]>();
  for (const loc of POD_SPEC_LOCATIONS) {
    const key = `${loc.specPath.join('/')}|${loc.metadataPath.join('/')}`;
    const list = groups.get(key) ?? [];
    list.push(loc);
    groups.set(key, list);
  }
  return [...groups.values()].map((locs) => ({
    name: locs.length === 1 ? locs[0]!.gvk.kind.toLowerCase() : CONTROLLER_GROUP_NAME,
    kinds: locs.map((l) => l.gvk),
    specPath: locs[0]!.specPath,
    metadataPath: locs[0]!.metadataPath,
  }));
}

/** `v1/Pod`, `apps/v1/Deployment`: the exact-GVK form of a Kyverno `kinds` entry. */
export function kyvernoKind(gvk: GroupVersionKind): string {
  return `${formatApiVersion(gvk)}/${gvk.kind}`;
}

const IRREGULAR_PLURALS: Readonly<Record<string, string>> = {
  Endpoints: 'endpoints',
  PodSecurityPolicy: 'podsecuritypolicies',
  NetworkPolicy: 'networkpolicies',
  Ingress: 'ingresses',
  IngressClass: 'ingressclasses',
  StorageClass: 'storageclasses',
  PriorityClass: 'priorityclasses',
  RuntimeClass: 'runtimeclasses',
};

/** The resource (plural) name of a kind, as the API server registers it. */
export function resourceName(kind: string): string {
  const irregular = IRREGULAR_PLURALS[kind];
  if (irregular !== undefined) return irregular;
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}
