/**
 * Where a pod spec lives in each workload kind. This table is the single source for the
 * native engine, the Kyverno backend and the Gatekeeper backend.
 */
import type { GroupVersionKind } from '../ir/rule-ir.ts';

export interface PodSpecLocation {
  readonly gvk: GroupVersionKind;
  /** Path of the pod spec inside the object. */
  readonly specPath: readonly string[];
  /** Path of the metadata that belongs to the pods (the template's, or the Pod's own). */
  readonly metadataPath: readonly string[];
}

const template = ['spec', 'template'];
const jobTemplate = ['spec', 'jobTemplate', 'spec', 'template'];

/** Every kind that carries a pod spec, in a stable order. */
export const POD_SPEC_LOCATIONS: readonly PodSpecLocation[] = Object.freeze([
  {
    gvk: { group: '', version: 'v1', kind: 'Pod' },
    specPath: ['spec'],
    metadataPath: ['metadata'],
  },
  {
    gvk: { group: 'apps', version: 'v1', kind: 'Deployment' },
    specPath: [...template, 'spec'],
    metadataPath: [...template, 'metadata'],
  },
  {
    gvk: { group: 'apps', version: 'v1', kind: 'ReplicaSet' },
    specPath: [...template, 'spec'],
    metadataPath: [...template, 'metadata'],
  },
  {
    gvk: { group: 'apps', version: 'v1', kind: 'StatefulSet' },
    specPath: [...template, 'spec'],
    metadataPath: [...template, 'metadata'],
  },
  {
    gvk: { group: 'apps', version: 'v1', kind: 'DaemonSet' },
    specPath: [...template, 'spec'],
    metadataPath: [...template, 'metadata'],
  },
  {
    gvk: { group: 'batch', version: 'v1', kind: 'Job' },
    specPath: [...template, 'spec'],
    metadataPath: [...template, 'metadata'],
  },
  {
    gvk: { group: 'batch', version: 'v1', kind: 'CronJob' },
    specPath: [...jobTemplate, 'spec'],
    metadataPath: [...jobTemplate, 'metadata'],
  },
  {
    gvk: { group: '', version: 'v1', kind: 'ReplicationController' },
    specPath: [...template, 'spec'],
    metadataPath: [...template, 'metadata'],
  },
  {
    gvk: { group: '', version: 'v1', kind: 'PodTemplate' },
    specPath: ['template', 'spec'],
    metadataPath: ['template', 'metadata'],
  },
]);

/** Splits `apiVersion` into group and version (`v1` → core group `''`). */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** `apps/v1` for group `apps`, `v1` for the core group. */
export function formatApiVersion(gvk: Pick<GroupVersionKind, 'group' | 'version'>): string {
  return gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
}

/** The pod spec location for an object's apiVersion and kind, if it carries one. */
export function podSpecLocationOf(apiVersion: unknown, kind: unknown): PodSpecLocation | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const { group, version } = parseApiVersion(apiVersion);
  return POD_SPEC_LOCATIONS.find(
    (l) => l.gvk.group === group && l.gvk.version === version && l.gvk.kind === kind,
  );
}
