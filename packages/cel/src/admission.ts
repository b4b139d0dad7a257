/**
 * The parts of a CEL admission policy that Kyverno's ValidatingPolicy and Kubernetes'
 * ValidatingAdmissionPolicy share: which kinds a rule matches (grouped by where the pod
 * spec lives; POD_SPEC_LOCATIONS is the single source), `matchConstraints.resourceRules`
 * by plural resource name, and the variables that pick the pod spec and metadata by kind
 * before the rule's own variables.
 */
import type { Diagnostic, DiagnosticCode, GroupVersionKind, RuleIR, SchemaTypeData } from '@kpc/ir';
import { diagnostic, POD_SPEC_LOCATIONS, type PodSpecLocation } from '@kpc/ir';
import { formatCel } from './format.ts';
import { celString } from './literal.ts';
import {
  type CelLoweringOptions,
  type CelRule,
  type CelVariable,
  celMapAtPath,
  type LowerRuleResult,
  lowerRule,
  optionalChain,
  typedMapPath,
} from './rule.ts';

/** Kinds that share one pod spec path (one branch of the pick by kind). */
export interface KindGroup {
  readonly kinds: readonly GroupVersionKind[];
  /**
   * The resource (plural) name of each kind when it is not `resourceName(kind)` (a custom
   * kind's declared plural), by kind. Absent when every kind has the regular plural.
   */
  readonly plurals?: Readonly<Record<string, string>>;
  /** Path of the pod spec (podSpec targets), else undefined. */
  readonly specPath?: readonly string[];
  /** Path of the metadata the rule's `metadata` root reads. */
  readonly metadataPath: readonly string[];
}

/**
 * Groups the kinds a rule applies to by where the pod spec lives, in a stable order: the
 * built-in locations first, then those of `locations` beyond them (config `podTemplates`).
 */
export function kindGroups(
  ir: Pick<RuleIR, 'target'>,
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
): KindGroup[] {
  if (ir.target.kind === 'resources') {
    return [{ kinds: ir.target.resources, metadataPath: ['metadata'] }];
  }
  const groups = new Map<string, PodSpecLocation[]>();
  for (const loc of locations) {
    const key = `${loc.specPath.join('/')}|${loc.metadataPath.join('/')}`;
    const list = groups.get(key) ?? [];
    list.push(loc);
    groups.set(key, list);
  }
  return [...groups.values()].map((locs) => {
    const plurals = Object.fromEntries(
      locs.flatMap((l) => (l.plural !== undefined ? [[l.gvk.kind, l.plural]] : [])),
    );
    return {
      kinds: locs.map((l) => l.gvk),
      ...(Object.keys(plurals).length > 0 ? { plurals } : {}),
      specPath: locs[0]!.specPath,
      metadataPath: locs[0]!.metadataPath,
    };
  });
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

/** One `matchConstraints.resourceRules` entry. */
export interface ResourceRule {
  readonly apiGroups: string[];
  readonly apiVersions: string[];
  readonly operations: string[];
  readonly resources: string[];
}

/** CREATE and UPDATE: DELETE carries no new object to validate. */
export const ADMISSION_OPERATIONS: readonly string[] = Object.freeze(['CREATE', 'UPDATE']);

/**
 * The resource name admission matches `kind` by, given the pod spec table: a custom kind's
 * declared plural (config `podTemplates`), else `resourceName(kind)`.
 */
export function podSpecResourceName(locations: readonly PodSpecLocation[], kind: string): string {
  return locations.find((l) => l.gvk.kind === kind)?.plural ?? resourceName(kind);
}

/**
 * The resources (plurals) each built-in group serves at v1, from the API server's discovery
 * (`kubectl api-resources`), subresources aside. A `resourceRules` entry matches the cross
 * product of its groups, versions and resources, so kinds of these groups share one entry
 * only when no group of the entry serves a resource named for another's kind; the table is
 * what `resourceRules` checks that against (and its test proves the entry exact).
 */
export const BUILTIN_RESOURCES: Readonly<Record<string, readonly string[]>> = {
  '/v1': [
    'bindings',
    'componentstatuses',
    'configmaps',
    'endpoints',
    'events',
    'limitranges',
    'namespaces',
    'nodes',
    'persistentvolumeclaims',
    'persistentvolumes',
    'pods',
    'podtemplates',
    'replicationcontrollers',
    'resourcequotas',
    'secrets',
    'serviceaccounts',
    'services',
  ],
  'apps/v1': ['controllerrevisions', 'daemonsets', 'deployments', 'replicasets', 'statefulsets'],
  'batch/v1': ['cronjobs', 'jobs'],
};

/**
 * `resourceRules`: one entry per group/version with the plural resources of every kind,
 * then the entries of built-in groups (BUILTIN_RESOURCES) of one version merged into one
 * when the merge matches nothing more: every resource of the merged entry is served by
 * exactly one of its groups, the one it was listed for. Custom groups keep their own entry
 * (a CRD group may serve `pods`, as metrics.k8s.io does).
 */
export function resourceRules(groups: readonly KindGroup[]): ResourceRule[] {
  const byGv = new Map<string, { group: string; version: string; resources: string[] }>();
  for (const g of groups)
    for (const k of g.kinds) {
      const key = `${k.group}/${k.version}`;
      const entry = byGv.get(key) ?? { group: k.group, version: k.version, resources: [] };
      const r = g.plurals?.[k.kind] ?? resourceName(k.kind);
      if (!entry.resources.includes(r)) entry.resources.push(r);
      byGv.set(key, entry);
    }
  const rules: ResourceRule[] = [];
  const merged = new Map<string, ResourceRule & { apiGroups: string[]; resources: string[] }>();
  for (const e of byGv.values()) {
    const served = BUILTIN_RESOURCES[`${e.group}/${e.version}`];
    const rule = {
      apiGroups: [e.group],
      apiVersions: [e.version],
      operations: [...ADMISSION_OPERATIONS],
      resources: e.resources,
    };
    if (served === undefined || !e.resources.every((r) => served.includes(r))) {
      rules.push(rule);
      continue;
    }
    const into = merged.get(e.version);
    const servedBy = (groups: readonly string[], r: string) =>
      groups.some((g) => BUILTIN_RESOURCES[`${g}/${e.version}`]!.includes(r));
    // Exact when no resource of one side is served by a group of the other.
    if (
      into !== undefined &&
      !e.resources.some((r) => servedBy(into.apiGroups, r)) &&
      !into.resources.some((r) => servedBy([e.group], r))
    ) {
      into.apiGroups.push(e.group);
      into.resources.push(...e.resources);
      continue;
    }
    if (into === undefined) merged.set(e.version, rule);
    rules.push(rule);
  }
  return rules;
}

/** The groups other than the fallback (the largest group), each with its `object.kind` test. */
function kindTests(groups: readonly KindGroup[]): {
  fallback: KindGroup;
  tests: [string, KindGroup][];
} {
  const fallback = [...groups].sort((a, b) => b.kinds.length - a.kinds.length)[0]!;
  const tests = groups
    .filter((g) => g !== fallback)
    .map((g): [string, KindGroup] => [
      g.kinds.map((k) => `object.kind == ${celString(k.kind)}`).join(' || '),
      g,
    ]);
  return { fallback, tests };
}

/**
 * Picks `byGroup(group)` by `object.kind`, falling back to the largest group. Admission
 * objects always carry their kind (the API server matched them by it; Kyverno sets it
 * before it evaluates), and a kind-less object would make the read a CEL error, which
 * failurePolicy Fail turns into a denial: fail closed.
 */
function byKind(groups: readonly KindGroup[], byGroup: (g: KindGroup) => string): string {
  if (groups.length === 1) return byGroup(groups[0]!);
  const { fallback, tests } = kindTests(groups);
  return `${tests.map(([test, g]) => `${test} ? (${byGroup(g)}) :`).join(' ')} (${byGroup(fallback)})`;
}

/**
 * The map at each group's `path` of `object`. Typed by the schema (every step an object or
 * a map for every kind): one optional chain per group, picked by kind, and one
 * `orValue({})`: the value is a map, or null when the object says null (the lowering reads a
 * typed root null-safely). Otherwise each group's guarded read (celMapAtPath).
 */
function mapByKind(
  groups: readonly KindGroup[],
  path: (g: KindGroup) => readonly string[],
  types: SchemaTypeData | undefined,
): string {
  const typed =
    types !== undefined && groups.every((g) => typedMapPath({ types, kinds: g.kinds }, path(g)));
  if (!typed)
    return byKind(groups, (g) =>
      celMapAtPath('object', path(g), types === undefined ? undefined : { types, kinds: g.kinds }),
    );
  const chain = (g: KindGroup) => optionalChain('object', path(g));
  if (groups.length === 1)
    return path(groups[0]!).length === 0 ? 'object' : `${chain(groups[0]!)}.orValue({})`;
  const { fallback, tests } = kindTests(groups);
  const pick = `${tests.map(([test, g]) => `${test} ? ${chain(g)} :`).join(' ')} ${chain(fallback)}`;
  return `(${pick}).orValue({})`;
}

/**
 * The policy's variables: `podSpec` (pod-spec rules) and `metadata` picked by kind, then
 * the rule's own variables; only those the validation or the message reads, directly or
 * through another kept variable (usedVariables).
 */
export function admissionVariables(
  groups: readonly KindGroup[],
  cel: CelRule,
  /** The structure map (`CompileRuleInput.schemaTypes`): roots read without type guards. */
  types?: SchemaTypeData,
): CelVariable[] {
  const variables: CelVariable[] = [];
  if (groups.some((g) => g.specPath !== undefined))
    variables.push({
      name: 'podSpec',
      expression: mapByKind(groups, (g) => g.specPath ?? [], types),
    });
  variables.push({
    name: 'metadata',
    expression: mapByKind(groups, (g) => g.metadataPath, types),
  });
  variables.push(...cel.variables);
  return usedVariables(variables, [cel.validation, cel.messageExpression]);
}

/**
 * The variables some expression of `uses` reads, directly or through a later kept variable
 * (variables may read only those before them, so one pass from the end decides). A read is
 * the token `variables.<name>`; one inside a string literal keeps the variable too, which
 * costs a line and never a verdict.
 */
export function usedVariables(
  variables: readonly CelVariable[],
  uses: readonly string[],
): CelVariable[] {
  const reads = (text: string, name: string) =>
    new RegExp(`\\bvariables\\.${name}(?![\\w$])`).test(text);
  const kept: CelVariable[] = [];
  for (let i = variables.length - 1; i >= 0; i--) {
    const v = variables[i]!;
    if ([...uses, ...kept.map((k) => k.expression)].some((t) => reads(t, v.name))) kept.unshift(v);
  }
  return kept;
}

/** The validation entry: the rule's expression, a fixed message and the messageExpression. */
export function admissionValidation(cel: CelRule, message: string): Record<string, string> {
  return {
    expression: formatCel(cel.validation),
    message,
    messageExpression: formatCel(cel.messageExpression),
  };
}

/** Variables laid out over lines for reading (CEL ignores the whitespace). */
export function formattedVariables(vars: readonly CelVariable[]): CelVariable[] {
  return vars.map((v) => ({ name: v.name, expression: formatCel(v.expression) }));
}

/**
 * Lowers a rule for an admission policy (roots `variables.podSpec`, `variables.metadata`,
 * `object`), or returns one located error diagnostic per construct CEL cannot express
 * exactly, with the backend's `code`, `target` name (in the message) and `hint`.
 */
export function lowerAdmissionRule(
  ir: RuleIR,
  params: Parameters<typeof lowerRule>[1],
  report: { readonly code: DiagnosticCode; readonly target: string; readonly hint: string },
  options: CelLoweringOptions = {},
): { ok: true; rule: CelRule } | { ok: false; diagnostics: Diagnostic[] } {
  const lowered: LowerRuleResult = lowerRule(
    ir,
    params,
    {
      spec: ir.target.kind === 'podSpec' ? 'variables.podSpec' : undefined,
      metadata: 'variables.metadata',
      object: 'object',
    },
    options,
  );
  if (lowered.ok) return { ok: true, rule: lowered.rule };
  return {
    ok: false,
    diagnostics: lowered.unsupported.map((u) =>
      diagnostic({
        code: report.code,
        severity: 'error',
        ruleId: ir.id,
        message: `rule ${ir.id}: ${u.construct} cannot be compiled to ${report.target} exactly: ${u.reason}`,
        hint: report.hint,
        ...(u.span
          ? { location: { file: u.span.file, line: u.span.line, column: u.span.column } }
          : {}),
      }),
    ),
  };
}
