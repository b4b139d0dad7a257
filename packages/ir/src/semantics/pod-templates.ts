/**
 * Pod templates inside custom resources (config `podTemplates`, docs/config.md#podtemplates):
 * where a CRD kind carries the pods it creates, so that every PodSpec rule covers it in lint
 * and in every backend. `podSpecLocationsOf` turns the declarations into the project's pod
 * spec table (the built-in kinds first, then the declared ones); `podTemplateProblems` is the
 * check at config load.
 */
import { POD_SPEC_LOCATIONS, type PodSpecLocation } from './targets.ts';

/** One custom kind that embeds a pod template (or a bare pod spec). */
export interface PodTemplateDeclaration {
  /** The CRD's API group, e.g. `argoproj.io`. */
  readonly group: string;
  /** The kind, e.g. `Rollout`. */
  readonly kind: string;
  /** One served version, e.g. `v1alpha1`. Absent: every version of the group. */
  readonly version?: string;
  /**
   * Dotted path of a PodTemplateSpec (`metadata` + `spec`), e.g. `spec.template`: rules read
   * the pod spec at `<path>.spec` and the pods' metadata at `<path>.metadata`.
   */
  readonly path?: string;
  /**
   * Dotted path of a bare PodSpec, e.g. `spec.podSpec`: rules read the pod spec there and the
   * object's own `metadata` as the pods' metadata. Exactly one of `path` and `specPath`.
   */
  readonly specPath?: string;
  /**
   * The CRD's resource (plural) name (`spec.names.plural`), which the admission policies
   * match by. Default: the kind's regular English plural, lower case (`Rollout` → `rollouts`).
   */
  readonly plural?: string;
}

/**
 * A built-in entry: a declaration, and `checkPodSpec: false` where the kind's pod spec is not
 * exactly a PodSpec (Knative's RevisionSpec adds fields and makes container names optional),
 * so that without the CRD's schema it is not checked as one.
 */
export interface BuiltinPodTemplate extends PodTemplateDeclaration {
  readonly checkPodSpec?: false;
}

/** A config `podTemplates` entry: a built-in entry's name, or a declaration. */
export type PodTemplateEntry = string | PodTemplateDeclaration;

/**
 * Built-in declarations for well-known CRDs whose pod template location is fixed and
 * documented upstream, by name (`Kind.group`, as `kubectl` names resources). None is on by
 * default: a policy that matches a kind its cluster does not serve is refused or not ready in
 * Kyverno (docs/config.md#podtemplates), so a project lists the ones its clusters have.
 */
export const BUILTIN_POD_TEMPLATES: Readonly<Record<string, BuiltinPodTemplate>> = Object.freeze({
  // Argo Rollouts: Rollout.spec.template is a PodTemplateSpec (argoproj.io/v1alpha1).
  'Rollout.argoproj.io': Object.freeze({
    group: 'argoproj.io',
    kind: 'Rollout',
    path: 'spec.template',
  }),
  // Knative Serving: spec.template is a RevisionTemplateSpec; its spec is a RevisionSpec,
  // which inlines the PodSpec fields (serving.knative.dev/v1).
  'Service.serving.knative.dev': Object.freeze({
    group: 'serving.knative.dev',
    kind: 'Service',
    path: 'spec.template',
    checkPodSpec: false,
  }),
  'Configuration.serving.knative.dev': Object.freeze({
    group: 'serving.knative.dev',
    kind: 'Configuration',
    path: 'spec.template',
    checkPodSpec: false,
  }),
});

/** A field name in a dotted path: what Kubernetes' camelCase JSON names look like. */
const SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The segments of a dotted field path (`spec.template` → `['spec', 'template']`). */
export function parseFieldPath(
  path: string,
): { ok: true; segments: string[] } | { ok: false; problem: string; hint: string } {
  if (/[[\]]/.test(path))
    return {
      ok: false,
      problem: `"${path}" goes through a list; a pod template path names one field per step`,
      hint: 'PodSpec rules bind one pod spec per object, so a kind with a list of templates (JobSet spec.replicatedJobs[]) cannot be declared; write a rule that targets the kind itself.',
    };
  const segments = path.split('.');
  const bad = segments.find((s) => !SEGMENT.test(s));
  if (path === '' || bad !== undefined)
    return {
      ok: false,
      problem: `"${path}" is not a dotted field path${bad === '' || path === '' ? ' (an empty step)' : ` ("${bad}" is not a field name)`}`,
      hint: "Write the fields from the object's root, separated by dots, e.g. 'spec.template'.",
    };
  return { ok: true, segments };
}

/** A declaration as written, or the built-in one a name stands for. */
export function podTemplateDeclarationOf(entry: unknown): BuiltinPodTemplate | undefined {
  if (typeof entry === 'string')
    return Object.hasOwn(BUILTIN_POD_TEMPLATES, entry) ? BUILTIN_POD_TEMPLATES[entry] : undefined;
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  return entry as PodTemplateDeclaration;
}

/** One problem of a `podTemplates` entry: its index, the key at fault, and what to do. */
export interface PodTemplateProblem {
  readonly index: number;
  /** The key of the entry at fault, absent when the entry as a whole is. */
  readonly key?: string;
  readonly message: string;
  readonly hint: string;
}

const DECLARATION_KEYS = ['group', 'kind', 'version', 'path', 'specPath', 'plural'];
const GROUP = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
const LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Checks config `podTemplates`: each entry a built-in name or a declaration with a CRD group,
 * a kind, an optional version, exactly one of `path`/`specPath` as a dotted field path, and
 * an optional plural; no kind declared twice, and no kind that kpc already knows as a pod
 * spec kind (the CEL policies pick the pod spec by kind). Never throws.
 */
export function podTemplateProblems(value: unknown): PodTemplateProblem[] {
  const problems: PodTemplateProblem[] = [];
  if (!Array.isArray(value))
    return [
      {
        index: -1,
        message: 'podTemplates must be an array',
        hint: "Write podTemplates: ['Rollout.argoproj.io', { group, kind, path }].",
      },
    ];
  // Compared in lower case: the ClusterPolicy rule of a kind is named after it in lower case.
  const builtInKinds = new Set(POD_SPEC_LOCATIONS.map((l) => l.gvk.kind.toLowerCase()));
  const seen = new Map<string, number>();
  value.forEach((entry, index) => {
    const at = `podTemplates[${index}]`;
    const fail = (message: string, hint: string, key?: string) =>
      problems.push({ index, ...(key !== undefined ? { key } : {}), message, hint });
    if (typeof entry === 'string') {
      if (!Object.hasOwn(BUILTIN_POD_TEMPLATES, entry))
        fail(
          `${at}: "${entry}" is not a built-in pod template`,
          `Built-in entries: ${Object.keys(BUILTIN_POD_TEMPLATES).join(', ')}; declare other kinds as { group, kind, path }.`,
        );
    } else if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      fail(
        `${at} must be a built-in name or { group, kind, path }, got ${entry === null ? 'null' : Array.isArray(entry) ? 'an array' : typeof entry}`,
        "Write e.g. { group: 'argoproj.io', kind: 'Rollout', path: 'spec.template' }.",
      );
    } else {
      const d = entry as Record<string, unknown>;
      for (const k of Object.keys(d))
        if (!DECLARATION_KEYS.includes(k))
          fail(`unknown key "${k}" in ${at}`, `Known keys: ${DECLARATION_KEYS.join(', ')}.`, k);
      if (typeof d.group !== 'string' || !GROUP.test(d.group))
        fail(
          `${at}.group must be the CRD's API group (a DNS name with a dot, e.g. 'argoproj.io'), got ${show(d.group)}`,
          "Copy spec.group of the CustomResourceDefinition; built-in kinds (group '' or 'apps') are covered already.",
          'group',
        );
      if (typeof d.kind !== 'string' || !KIND.test(d.kind))
        fail(
          `${at}.kind must be a kind name such as 'Rollout', got ${show(d.kind)}`,
          'Copy spec.names.kind of the CustomResourceDefinition.',
          'kind',
        );
      else if (builtInKinds.has(d.kind.toLowerCase()))
        fail(
          `${at}: ${d.kind} is a built-in pod spec kind; kpc checks it already`,
          'The compiled policies pick the pod spec by kind, so a custom kind cannot share the name of a built-in one (Pod, Deployment, …, PodTemplate).',
          'kind',
        );
      if (d.version !== undefined && (typeof d.version !== 'string' || !LABEL.test(d.version)))
        fail(
          `${at}.version must be a version name such as 'v1alpha1', got ${show(d.version)}`,
          'Leave version out to cover every served version of the CRD.',
          'version',
        );
      if (d.plural !== undefined && (typeof d.plural !== 'string' || !LABEL.test(d.plural)))
        fail(
          `${at}.plural must be the CRD's resource name such as 'rollouts', got ${show(d.plural)}`,
          'Copy spec.names.plural of the CustomResourceDefinition.',
          'plural',
        );
      const paths = (['path', 'specPath'] as const).filter((k) => d[k] !== undefined);
      if (paths.length !== 1)
        fail(
          `${at} needs exactly one of path (a PodTemplateSpec: metadata + spec) and specPath (a bare PodSpec)${paths.length === 2 ? ', not both' : ''}`,
          "Write path: 'spec.template' when the field holds { metadata, spec }, specPath when it holds the pod spec itself.",
          paths.length === 2 ? 'specPath' : undefined,
        );
      for (const k of paths) {
        const p = d[k];
        if (typeof p !== 'string') {
          fail(`${at}.${k} must be a string, got ${show(p)}`, "Write e.g. 'spec.template'.", k);
          continue;
        }
        const parsed = parseFieldPath(p);
        if (!parsed.ok) fail(`${at}.${k}: ${parsed.problem}`, parsed.hint, k);
      }
    }
    const declaration = podTemplateDeclarationOf(entry);
    const kind = declaration?.kind;
    if (typeof kind === 'string' && KIND.test(kind) && !builtInKinds.has(kind.toLowerCase())) {
      const first = seen.get(kind.toLowerCase());
      if (first !== undefined)
        fail(
          `${at}: kind ${kind} is declared twice (first in podTemplates[${first}])`,
          'Declare each kind once: the compiled policies pick the pod spec by kind, so one kind has one location.',
          'kind',
        );
      else seen.set(kind.toLowerCase(), index);
    }
  });
  return problems;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  return typeof v === 'string' ? `"${v}"` : v === null ? 'null' : typeof v;
}

/**
 * The project's pod spec table: the built-in kinds, then each declared kind in order.
 * Without declarations it is POD_SPEC_LOCATIONS itself, so that output for projects that
 * declare none is unchanged. Entries `podTemplateProblems` rejects are left out (check first).
 */
export function podSpecLocationsOf(
  entries: readonly PodTemplateEntry[] | undefined,
): readonly PodSpecLocation[] {
  if (entries === undefined || entries.length === 0) return POD_SPEC_LOCATIONS;
  const valid = entries.filter((e) => podTemplateProblems([e]).length === 0);
  const extra: PodSpecLocation[] = [];
  const kinds = new Set<string>();
  for (const entry of valid) {
    const d = podTemplateDeclarationOf(entry)!;
    // Once per kind, compared as podTemplateProblems does (in lower case).
    if (kinds.has(d.kind.toLowerCase())) continue;
    kinds.add(d.kind.toLowerCase());
    const template = d.path !== undefined ? parseFieldPath(d.path) : undefined;
    const spec = d.specPath !== undefined ? parseFieldPath(d.specPath) : undefined;
    const gvk = Object.freeze({ group: d.group, version: d.version ?? '*', kind: d.kind });
    const extras = {
      ...(d.plural !== undefined ? { plural: d.plural } : {}),
      ...((d as BuiltinPodTemplate).checkPodSpec === false && typeof entry === 'string'
        ? { checkPodSpec: false as const }
        : {}),
    };
    if (template?.ok)
      extra.push(
        Object.freeze({
          gvk,
          ...extras,
          specPath: Object.freeze([...template.segments, 'spec']),
          metadataPath: Object.freeze([...template.segments, 'metadata']),
        }),
      );
    else if (spec?.ok)
      extra.push(
        Object.freeze({
          gvk,
          ...extras,
          specPath: Object.freeze(spec.segments),
          metadataPath: Object.freeze(['metadata']),
        }),
      );
  }
  return Object.freeze([...POD_SPEC_LOCATIONS, ...extra]);
}
