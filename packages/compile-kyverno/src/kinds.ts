/**
 * Which kinds a rule matches: Kyverno's autogen is off, so kpc spells out every kind. The
 * grouping and plural names are shared with the VAP backend (@kpc/cel admission.ts).
 */

import type { GroupVersionKind } from '@kpc/ir';
import { formatApiVersion } from '@kpc/ir';

export { type KindGroup, kindGroups, podSpecResourceName, resourceName } from '@kpc/cel';

/** `v1/Pod`, `apps/v1/Deployment`: the exact-GVK form of a Kyverno `kinds` entry. */
export function kyvernoKind(gvk: GroupVersionKind): string {
  return `${formatApiVersion(gvk)}/${gvk.kind}`;
}
