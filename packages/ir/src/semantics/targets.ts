/**
 * Where a pod spec lives in each workload kind. The built-in table, extended per project
 * with the custom kinds of config `podTemplates` (pod-templates.ts), is the single source
 * for the native engine, the IR interpreter and every backend: each takes the table as an
 * input (default: the built-in one).
 */
import type { GroupVersionKind, RuleTarget } from '../rule-ir.ts';
import { KIND_API_VERSIONS } from './kinds.ts';

export interface PodSpecLocation {
  /** The kind; `version` is `*` for a custom kind matched in any served version. */
  readonly gvk: GroupVersionKind;
  /**
   * The resource (plural) name admission rules match, for custom kinds whose plural is not
   * the regular one (`resourceName` in @kpc/cel). Absent for built-in kinds.
   */
  readonly plural?: string;
  /**
   * `false` when a custom kind's pod spec is not exactly a PodSpec (Knative's RevisionSpec),
   * so that it is not schema-checked as one without the CRD's schema.
   */
  readonly checkPodSpec?: false;
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

/**
 * The pod spec location for an object's apiVersion and kind in `locations` (default the
 * built-in table), if it carries one. A location with version `*` matches any version of
 * its group.
 */
export function podSpecLocationOf(
  apiVersion: unknown,
  kind: unknown,
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
): PodSpecLocation | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  // Called for every rule on every object: remembered per table and apiVersion/kind (bounded).
  let cache = podSpecLocationCache.get(locations);
  if (cache === undefined) {
    cache = new Map();
    podSpecLocationCache.set(locations, cache);
  }
  const key = `${apiVersion}\n${kind}`;
  const known = cache.get(key);
  if (known !== undefined || cache.has(key)) return known;
  const { group, version } = parseApiVersion(apiVersion);
  const found = locations.find(
    (l) =>
      l.gvk.group === group &&
      (l.gvk.version === '*' || l.gvk.version === version) &&
      l.gvk.kind === kind,
  );
  if (cache.size < 1000) cache.set(key, found);
  return found;
}

const podSpecLocationCache = new WeakMap<
  readonly PodSpecLocation[],
  Map<string, PodSpecLocation | undefined>
>();

/**
 * The IR target of an authoring-API target: `PodSpec` → `podSpec`; a kind name, or a list of
 * kind names, → `resources` with one group/version/kind per name, in the given order. A kind
 * kpc does not know (e.g. a CRD added to `KindTypes`) gets group and version `*`, which match
 * any apiVersion.
 */
export function ruleTargetOf(target: string | readonly string[]): RuleTarget {
  if (target === 'PodSpec') return { kind: 'podSpec' };
  const names = typeof target === 'string' ? [target] : target;
  return { kind: 'resources', resources: names.map(resourceOf) };
}

function resourceOf(name: string): GroupVersionKind {
  const apiVersion = Object.hasOwn(KIND_API_VERSIONS, name) ? KIND_API_VERSIONS[name] : undefined;
  if (apiVersion === undefined) return { group: '*', version: '*', kind: name };
  return { ...parseApiVersion(apiVersion), kind: name };
}

/**
 * True when `object` (a manifest) is matched by `target`: for `podSpec`, any kind in
 * `locations` (default POD_SPEC_LOCATIONS); for `resources`, one listed GVK (`*` matches any
 * group or version). Shared by the native engine and the IR interpreter so that both match
 * identically.
 */
export function targetApplies(
  target: RuleTarget,
  object: unknown,
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
): boolean {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return false;
  const o = object as { apiVersion?: unknown; kind?: unknown };
  if (target.kind === 'podSpec')
    return podSpecLocationOf(o.apiVersion, o.kind, locations) !== undefined;
  if (typeof o.kind !== 'string' || typeof o.apiVersion !== 'string') return false;
  const { group, version } = parseApiVersion(o.apiVersion);
  return target.resources.some(
    (r) =>
      r.kind === o.kind &&
      (r.group === '*' || r.group === group) &&
      (r.version === '*' || r.version === version),
  );
}
