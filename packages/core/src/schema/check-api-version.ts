/**
 * apiVersion/kind hygiene: is the object's API served by the target Kubernetes version?
 * Removed APIs (with the release that removed them and the replacement, as pluto and kubent
 * report them), deprecated APIs, API groups and kinds Kubernetes does not have (typos, wrong
 * case) — each a located diagnostic, so that no object slips past every rule unnoticed
 * (docs/kubernetes-version.md, "API versions").
 */
import { type Diagnostic, diagnostic, parseApiVersion, podSpecLocationOf } from '@kpc/ir';
import {
  API_LIFECYCLE,
  type ApiLifecycle,
  apiLifecycleOf,
  UNMODELLED_BUILT_IN_KINDS,
} from '../k8s/api-lifecycle.ts';
import { closestName, editDistance } from './edit-distance.ts';
import { builtInKinds } from './k8s-structure.ts';

/** The Kubernetes minor version (1.x) kpc's types and schemas are generated for. */
export const TYPES_KUBERNETES_MINOR = 33;

/** The default target version, `1.33` (the version of kpc's types). */
export const DEFAULT_KUBERNETES_VERSION = `1.${TYPES_KUBERNETES_MINOR}`;

/**
 * The minor version of a Kubernetes version string: `1.29`, `v1.29` and `v1.29.3` → 29.
 * Undefined for anything else.
 */
export function parseKubernetesVersion(version: string): number | undefined {
  const m = /^v?1\.(\d{1,3})(?:\.\d+)?$/.exec(version);
  return m ? Number(m[1]) : undefined;
}

/** Options of {@link createApiChecker}. */
export interface ApiCheckOptions {
  /** Target Kubernetes version (`1.29`, `v1.29`). Default {@link DEFAULT_KUBERNETES_VERSION}. */
  readonly kubernetesVersion?: string;
  /** True for kinds the user declared (the config's `crds`): never reported as unknown. */
  readonly isCustomKind?: (apiVersion: string, kind: string) => boolean;
}

/** What the check found for one apiVersion and kind. */
export interface ApiCheck {
  /** Problems, located at `/apiVersion` or `/kind` (the caller adds the source location). */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * The apiVersion and kind the object most likely means, when it is not its own and that
   * kind carries a pod spec: the replacement of a removed workload API, or the spelling meant
   * by a typo. Pod-spec rules check the object as this kind, so its pod template is still
   * checked; `note` says so on their findings.
   */
  readonly meant?: { readonly apiVersion: string; readonly kind: string; readonly note: string };
}

const OK: ApiCheck = Object.freeze({ diagnostics: Object.freeze([]) });

interface BuiltIns {
  /** apiVersion → kinds served (modelled, unmodelled and deprecated-or-removed). */
  readonly kindsOf: ReadonlyMap<string, ReadonlySet<string>>;
  /** group → its versions. */
  readonly versionsOf: ReadonlyMap<string, readonly string[]>;
  /** kind → the apiVersions that serve it. */
  readonly apiVersionsOf: ReadonlyMap<string, readonly string[]>;
}

function builtIns(): BuiltIns {
  const kindsOf = new Map<string, Set<string>>();
  const add = (apiVersion: string, kind: string) => {
    let set = kindsOf.get(apiVersion);
    if (!set) {
      set = new Set();
      kindsOf.set(apiVersion, set);
    }
    set.add(kind);
  };
  for (const key of builtInKinds()) {
    const slash = key.lastIndexOf('/');
    const kind = key.slice(slash + 1);
    if (!kind.endsWith('List')) add(key.slice(0, slash), kind);
  }
  for (const [apiVersion, kinds] of Object.entries(UNMODELLED_BUILT_IN_KINDS))
    for (const kind of kinds) add(apiVersion, kind);
  for (const e of API_LIFECYCLE) add(e.apiVersion, e.kind);
  const versionsOf = new Map<string, string[]>();
  const apiVersionsOf = new Map<string, string[]>();
  for (const [apiVersion, kinds] of [...kindsOf].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const { group, version } = parseApiVersion(apiVersion);
    const versions = versionsOf.get(group) ?? [];
    versions.push(version);
    versionsOf.set(group, versions);
    for (const kind of kinds) {
      const list = apiVersionsOf.get(kind) ?? [];
      list.push(apiVersion);
      apiVersionsOf.set(kind, list);
    }
  }
  return { kindsOf, versionsOf, apiVersionsOf };
}

/** `1.16` for minor 16. */
function v(minor: number): string {
  return `1.${minor}`;
}

/**
 * Creates a checker of apiVersion/kind pairs against one target Kubernetes version. The
 * checker remembers its answers per pair (objects repeat a handful of kinds). Never throws.
 *
 * - a removed API (served no more at the target) is an error SCHEMA_API_REMOVED naming the
 *   release that removed it and the replacement; a deprecated one a warning
 *   SCHEMA_API_DEPRECATED naming the removal release;
 * - an API group Kubernetes does not have but that is close to one (`app/v1`), or any group
 *   without a dot (custom resource groups always have one), is an error
 *   SCHEMA_UNKNOWN_API_VERSION; a version the group does not serve, the same;
 * - a kind the apiVersion does not serve (`kind: pod`, `Deploymnet`) is an error
 *   SCHEMA_UNKNOWN_KIND with the kind meant;
 * - anything else in a group with a dot is a custom resource (left to the CRD check).
 *
 * For a target newer than kpc's types (1.33), an unknown version or kind of a built-in group
 * is a warning: it may be an API added after 1.33.
 */
export function createApiChecker(
  options: ApiCheckOptions = {},
): (apiVersion: string, kind: string) => ApiCheck {
  const target =
    parseKubernetesVersion(options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION) ??
    TYPES_KUBERNETES_MINOR;
  const known = builtIns();
  const cache = new Map<string, ApiCheck>();
  return (apiVersion, kind) => {
    const key = `${apiVersion}\n${kind}`;
    let result = cache.get(key);
    if (result === undefined) {
      result =
        options.isCustomKind?.(apiVersion, kind) === true
          ? OK
          : check(apiVersion, kind, target, known);
      if (cache.size < 1000) cache.set(key, result);
    }
    return result;
  };
}

function check(apiVersion: string, kind: string, target: number, known: BuiltIns): ApiCheck {
  const lifecycle = apiLifecycleOf(apiVersion, kind);
  if (lifecycle) return checkLifecycle(lifecycle, target);
  if (known.kindsOf.get(apiVersion)?.has(kind)) return OK;
  const { group, version } = parseApiVersion(apiVersion);
  const newer = target > TYPES_KUBERNETES_MINOR;
  const severity = newer ? 'warning' : 'error';
  const newerNote = newer
    ? ` kpc knows the built-in APIs of Kubernetes ${v(TYPES_KUBERNETES_MINOR)}; if this one was added later, ignore this warning.`
    : '';
  const versions = known.versionsOf.get(group);
  if (versions !== undefined) {
    const kinds = known.kindsOf.get(apiVersion);
    if (kinds !== undefined) {
      // The group and version exist: the kind is misspelt, or served at another version.
      const servedAt = servingApiVersions(kind, target, known);
      const spelt = servedAt.length > 0 ? undefined : closestKind(kind, kinds);
      const hint =
        servedAt.length > 0
          ? `${kind} is served at ${servedAt.join(', ')}: use apiVersion: ${servedAt[0]}.`
          : spelt !== undefined
            ? `Did you mean \`kind: ${spelt}\`?`
            : `${apiVersion} serves ${[...kinds].sort().join(', ')}.`;
      return {
        diagnostics: [
          diagnostic({
            code: 'SCHEMA_UNKNOWN_KIND',
            severity,
            message: `${apiVersion} has no kind \`${kind}\`, so Kubernetes would reject this object.${newerNote}`,
            hint,
            pointer: '/kind',
          }),
        ],
        ...meantOf(servedAt[0] ?? apiVersion, spelt ?? kind, `${apiVersion} ${kind}`),
      };
    }
    const servedAt = servingApiVersions(kind, target, known);
    return {
      diagnostics: [
        diagnostic({
          code: 'SCHEMA_UNKNOWN_API_VERSION',
          severity,
          message: `The API group \`${group || 'core'}\` has no version \`${version}\`, so Kubernetes would reject this object.${newerNote}`,
          hint:
            servedAt.length > 0
              ? `${kind} is served at ${servedAt.join(', ')}: use apiVersion: ${servedAt[0]}.`
              : `Versions of ${group || 'the core group'}: ${versions.join(', ')}.`,
          pointer: '/apiVersion',
        }),
      ],
      ...(servedAt[0] !== undefined ? meantOf(servedAt[0], kind, `${apiVersion} ${kind}`) : {}),
    };
  }
  // A group Kubernetes does not have. Custom resource groups contain a dot (CRD validation
  // requires it), so a dotless group is always a mistake; a dotted one close to a built-in
  // group (`rbac.authorization.k8s.i`) most likely is.
  const closeGroup = closestGroup(group, known);
  if (group.includes('.') && closeGroup === undefined) return OK;
  const servedAt = servingApiVersions(kind, target, known);
  const suggestion =
    servedAt[0] ?? (closeGroup !== undefined ? `${closeGroup}/${version}` : undefined);
  return {
    diagnostics: [
      diagnostic({
        code: 'SCHEMA_UNKNOWN_API_VERSION',
        severity: 'error',
        message: `\`${apiVersion}\` is not a Kubernetes API: there is no API group \`${group}\`${group.includes('.') ? '' : ' (the groups of custom resources contain a dot)'}, so Kubernetes would reject this object.`,
        hint:
          suggestion !== undefined
            ? `Did you mean \`apiVersion: ${suggestion}\`?`
            : 'Check the apiVersion against the API reference, or declare the CustomResourceDefinition in the config (`crds`).',
        pointer: '/apiVersion',
      }),
    ],
    ...(suggestion !== undefined ? meantOf(suggestion, kind, `${apiVersion} ${kind}`) : {}),
  };
}

function checkLifecycle(e: ApiLifecycle, target: number): ApiCheck {
  const replacement = e.replacement
    ? `Use \`apiVersion: ${e.replacement}\`${e.replacementKind ? ` with \`kind: ${e.replacementKind}\`` : ''}.`
    : (e.note ?? 'It has no replacement.');
  const removed = e.removedIn !== undefined && target >= e.removedIn;
  const meant = e.replacement
    ? meantOf(
        e.replacement,
        e.replacementKind ?? e.kind,
        `${e.apiVersion} ${e.kind}`,
        removed
          ? `was removed in Kubernetes ${v(e.removedIn ?? 0)}, so Kubernetes ${v(target)} cannot apply this object`
          : undefined,
      )
    : {};
  const checkedAs =
    'meant' in meant && meant.meant
      ? ` kpc checks its pod template as ${meant.meant.apiVersion} ${meant.meant.kind}.`
      : '';
  if (removed && e.removedIn !== undefined) {
    return {
      diagnostics: [
        diagnostic({
          code: 'SCHEMA_API_REMOVED',
          severity: 'error',
          message: `${e.apiVersion} ${e.kind} was removed in Kubernetes ${v(e.removedIn)} (deprecated in ${v(e.deprecatedIn)}${e.replacement ? `, replaced by ${e.replacement}` : ', no replacement'}): Kubernetes ${v(target)} cannot apply this object.`,
          hint: `${replacement}${checkedAs}`,
          pointer: '/apiVersion',
        }),
      ],
      ...meant,
    };
  }
  if (target >= e.deprecatedIn) {
    return {
      diagnostics: [
        diagnostic({
          code: 'SCHEMA_API_DEPRECATED',
          severity: 'warning',
          message: `${e.apiVersion} ${e.kind} is deprecated since Kubernetes ${v(e.deprecatedIn)}${e.removedIn !== undefined ? ` and removed in ${v(e.removedIn)}` : ''}${e.replacement ? `; replaced by ${e.replacement}` : ''}.`,
          hint: replacement,
          pointer: '/apiVersion',
        }),
      ],
      ...meant,
    };
  }
  return { diagnostics: [], ...meant };
}

/**
 * `{ meant }` when `apiVersion`/`kind` carries a pod spec (so pod-spec rules check it).
 * `why` completes the note on the findings ("`written` <why>; checked as …"); undefined for
 * an API that is still served.
 */
function meantOf(
  apiVersion: string,
  kind: string,
  written: string,
  why: string | undefined = 'is not a Kubernetes API, so Kubernetes cannot apply this object',
): Partial<ApiCheck> {
  if (podSpecLocationOf(apiVersion, kind) === undefined) return {};
  const note =
    why === undefined
      ? `${written} was checked as ${apiVersion} ${kind}, its replacement (the same pod template).`
      : `${written} ${why}; this was checked as ${apiVersion} ${kind}, the API it means.`;
  return { meant: { apiVersion, kind, note } };
}

/** The apiVersions that serve `kind` at the target, GA versions first. */
function servingApiVersions(kind: string, target: number, known: BuiltIns): string[] {
  const all = known.apiVersionsOf.get(kind) ?? [];
  return all
    .filter((av) => {
      const e = apiLifecycleOf(av, kind);
      return e === undefined || e.removedIn === undefined || target < e.removedIn;
    })
    .sort((a, b) => stability(a) - stability(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** 0 for GA versions (`v1`, `v2`), 1 for beta, 2 for alpha. */
function stability(apiVersion: string): number {
  const { version } = parseApiVersion(apiVersion);
  return version.includes('alpha') ? 2 : version.includes('beta') ? 1 : 0;
}

/** A kind of the same spelling in another case first (`pod` → `Pod`), else the closest. */
function closestKind(kind: string, kinds: ReadonlySet<string>): string | undefined {
  const lower = kind.toLowerCase();
  for (const k of kinds) if (k.toLowerCase() === lower) return k;
  return closestName(kind, kinds);
}

/** The built-in group within two edits of `group` (case ignored), if any. */
function closestGroup(group: string, known: BuiltIns): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const g of known.versionsOf.keys()) {
    if (g === '') continue;
    const d = editDistance(group, g, 2);
    if (d < bestDistance || (d === bestDistance && best !== undefined && g < best)) {
      best = g;
      bestDistance = d;
    }
  }
  return best;
}
