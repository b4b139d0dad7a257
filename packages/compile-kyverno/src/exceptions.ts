/**
 * kpc exceptions → Kyverno PolicyExceptions (docs/exceptions.md#kyverno): a `kyverno.io/v2`
 * PolicyException for ClusterPolicy output, a `policies.kyverno.io/v1` PolicyException for
 * ValidatingPolicy output, one per kpc exception, exempting exactly the objects lint exempts.
 * What a PolicyException cannot say exactly (`images`; for ClusterPolicy, Kyverno's own
 * reading of wildcards and namespaces) is folded into the policy's CEL instead.
 */

import { celMapAtPath, celString } from '@kpc/cel';
import {
  type CompileException,
  type CompileRuleInput,
  generatedHeader,
  globToRegex,
  type OutputFile,
  toYamlDocuments,
} from '@kpc/compile';
import { globMatch, POD_SPEC_LOCATIONS } from '@kpc/ir';
import { kindGroups, kyvernoKind } from './kinds.ts';
import { clusterPolicyRuleName } from './policies.ts';

/** Where the PolicyExceptions are created: Kyverno's `--exceptionNamespace` must allow it. */
export const EXCEPTION_NAMESPACE = 'kyverno';

/** The directory (inside the kyverno output) holding the exception objects. */
export const EXCEPTIONS_DIR = 'exceptions';

type Kind = 'ClusterPolicy' | 'ValidatingPolicy';

/** The file of an exception's PolicyException for one policy kind. */
export function exceptionFile(id: string, kind: Kind): string {
  return `${EXCEPTIONS_DIR}/${id}/${kind === 'ClusterPolicy' ? 'policyexception.yaml' : 'validatingpolicy-exception.yaml'}`;
}

/**
 * Kinds known to be namespaced. A namespace selector in Kyverno's resource filter also
 * matches a Namespace object by its name, and `*` matches a cluster-scoped object's empty
 * namespace; in kpc, cluster-scoped objects never match a namespace selector. So an exception
 * with a namespace selector is compiled only for rules whose kinds are all namespaced.
 */
const NAMESPACED = new Set([
  ...POD_SPEC_LOCATIONS.map((l) => l.gvk.kind),
  'Service',
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'Ingress',
  'NetworkPolicy',
  'PersistentVolumeClaim',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'Endpoints',
  'LimitRange',
  'ResourceQuota',
]);

const hasGlob = (s: string) => s.includes('*') || s.includes('?');

interface Entry {
  readonly exception: CompileException;
  readonly rules: CompileRuleInput[];
}

/**
 * True when `e` is compiled as a PolicyException of `kind` for `rule`; otherwise it is folded
 * into the policy's own CEL (compile-kyverno.ts): an exception with `images` (a
 * PolicyException exempts whole objects), or one a PolicyException cannot state exactly.
 */
export function inPolicyException(
  e: CompileException,
  rule: CompileRuleInput,
  kind: Kind,
): boolean {
  return e.images === undefined && refusal(e, rule, kind) === undefined;
}

/** Why `e` cannot be a PolicyException of `kind` for `rule`, or undefined when it can. */
function refusal(e: CompileException, rule: CompileRuleInput, kind: Kind): string | undefined {
  if (kind === 'ClusterPolicy') {
    // Kyverno's resource filters read `*` and `?` in kinds, namespaces and label selectors
    // as wildcards, where kpc compares those exactly.
    const literal = [
      ...(e.resources ?? []).flatMap((r) => [r.kind ?? '', r.namespace ?? '']),
      ...Object.entries(e.labels ?? {}).flat(),
    ];
    if (literal.some(hasGlob))
      return 'a kind, an exact namespace or a label contains `*` or `?`, which Kyverno would read as a wildcard';
    // Kyverno matches a missing name or namespace as the empty string; kpc never matches it.
    const globs = [...(e.namespaces ?? []), ...(e.resources ?? []).map((r) => r.name ?? 'x')];
    if (globs.some((g) => globMatch(g, '')))
      return 'a name or namespace glob matches the empty string, which Kyverno would match for objects without a name (generateName) or namespace';
  }
  const namespaced =
    e.namespaces !== undefined || (e.resources ?? []).some((r) => r.namespace !== undefined);
  if (
    kind === 'ClusterPolicy' &&
    namespaced &&
    (rule.ir.target.kind === 'resources'
      ? rule.ir.target.resources
      : (rule.podSpecLocations ?? POD_SPEC_LOCATIONS).map((l) => l.gvk)
    ).some((k) => !NAMESPACED.has(k.kind))
  )
    return `it selects by namespace and rule ${rule.meta.id} also judges kinds that may be cluster-scoped, which Kyverno matches by namespace differently`;
  return undefined;
}

/** Kyverno resource filters for the ClusterPolicy PolicyException (match.any). */
function resourceFilters(e: CompileException, kinds: readonly string[]): Record<string, unknown>[] {
  const selector = e.labels !== undefined ? { selector: { matchLabels: { ...e.labels } } } : {};
  const entries = e.resources ?? [{}];
  const filters: Record<string, unknown>[] = [];
  for (const r of entries) {
    let namespaces: readonly string[] | undefined = e.namespaces;
    if (r.namespace !== undefined) {
      // An exact namespace and namespace globs: decided here, at compile time.
      if (e.namespaces !== undefined && !e.namespaces.some((p) => globMatch(p, r.namespace!)))
        continue;
      namespaces = [r.namespace];
    }
    filters.push({
      resources: {
        kinds: r.kind !== undefined ? [r.kind] : [...kinds],
        ...(r.name !== undefined ? { names: [r.name] } : {}),
        ...(namespaces !== undefined ? { namespaces: [...namespaces] } : {}),
        ...selector,
      },
    });
  }
  return filters;
}

/** The anchored regular expression of a glob, as the v1 PolicyException's CEL matches it. */
export const globRegex = (glob: string): string => globToRegex(glob, '[\\s\\S]');

/** A CEL condition: the string at `sel` (a `.?`/`[?]` optional) exists and satisfies `test`. */
function celStringAt(sel: string, test: (s: string) => string): string {
  return `(type(${sel}.orValue(0)) == string && ${test(`${sel}.orValue("")`)})`;
}

const or = (xs: readonly string[]) => (xs.length === 1 ? xs[0]! : `(${xs.join(' || ')})`);

/** One CEL condition true exactly when the exception's object selectors match `object`. */
export function exceptionCondition(e: CompileException): string {
  const meta = `(${celMapAtPath('object', ['metadata'])})`;
  const labels = `(${celMapAtPath('object', ['metadata', 'labels'])})`;
  const ns = `${meta}[?"namespace"]`;
  const nonEmptyNs = `${ns}.orValue("") != ""`;
  const parts: string[] = [];
  if (e.resources !== undefined)
    parts.push(
      or(
        e.resources.map((r) => {
          const terms: string[] = [];
          if (r.kind !== undefined)
            terms.push(celStringAt('object.?kind', (s) => `${s} == ${celString(r.kind!)}`));
          if (r.namespace !== undefined)
            terms.push(celStringAt(ns, (s) => `${s} == ${celString(r.namespace!)}`));
          if (r.name !== undefined)
            terms.push(
              celStringAt(
                `${meta}[?"name"]`,
                (s) => `${s}.matches(${celString(globRegex(r.name!))})`,
              ),
            );
          return terms.length === 1 ? terms[0]! : `(${terms.join(' && ')})`;
        }),
      ),
    );
  if (e.namespaces !== undefined)
    parts.push(
      `(${nonEmptyNs} && ${celStringAt(ns, (s) => or(e.namespaces!.map((p) => `${s}.matches(${celString(globRegex(p))})`)))})`,
    );
  for (const [k, v] of Object.entries(e.labels ?? {}))
    parts.push(celStringAt(`${labels}[?${celString(k)}]`, (s) => `${s} == ${celString(v)}`));
  return parts.join(' && ');
}

function annotations(e: CompileException): Record<string, string> {
  return {
    'kpc.dev/exception': e.id,
    'kpc.dev/owner': e.owner,
    'kpc.dev/reason': e.reason,
    'kpc.dev/expires': e.expires,
  };
}

/** The `kyverno.io/v2` PolicyException exempting `rules` (ClusterPolicy output). */
function clusterPolicyException(
  e: CompileException,
  rules: readonly CompileRuleInput[],
): Record<string, unknown> | undefined {
  const kinds = [
    ...new Set(
      rules.flatMap((r) =>
        kindGroups(r.ir, r.podSpecLocations).flatMap((g) => g.kinds.map(kyvernoKind)),
      ),
    ),
  ].sort();
  const filters = resourceFilters(e, kinds);
  if (filters.length === 0) return undefined;
  return {
    apiVersion: 'kyverno.io/v2',
    kind: 'PolicyException',
    metadata: { name: e.id, namespace: EXCEPTION_NAMESPACE, annotations: annotations(e) },
    spec: {
      background: true,
      exceptions: rules.map((r) => ({
        policyName: r.meta.id,
        ruleNames: [clusterPolicyRuleName(r.meta.id)],
      })),
      match: { any: filters },
    },
  };
}

/** The `policies.kyverno.io/v1` PolicyException exempting `rules` (ValidatingPolicy output). */
function validatingPolicyException(
  e: CompileException,
  rules: readonly CompileRuleInput[],
): Record<string, unknown> {
  return {
    apiVersion: 'policies.kyverno.io/v1',
    kind: 'PolicyException',
    metadata: { name: e.id, namespace: EXCEPTION_NAMESPACE, annotations: annotations(e) },
    spec: {
      policyRefs: rules.map((r) => ({ name: r.meta.id, kind: 'ValidatingPolicy' })),
      matchConditions: [{ name: 'kpc-exception-selectors', expression: exceptionCondition(e) }],
      ...(e.expires !== 'never' ? { expiresAt: `${e.expires}T00:00:00Z` } : {}),
      properties: { owner: e.owner, reason: e.reason, expires: e.expires },
    },
  };
}

/**
 * The PolicyException files for the exceptions of `inputs` that a PolicyException states
 * exactly (`inPolicyException`), for each policy kind emitted; the others are folded into the
 * policy (or said to be not compiled) by compile-kyverno.ts. Only rules that compiled (`compiled`) are exempted: a refused rule has no policy.
 */
export function policyExceptionFiles(
  inputs: readonly CompileRuleInput[],
  kinds: readonly Kind[],
  compiled: ReadonlySet<string>,
): OutputFile[] {
  const files: OutputFile[] = [];
  const byId = new Map<string, Map<Kind, Entry>>();
  for (const input of inputs) {
    if (!compiled.has(input.meta.id)) continue;
    for (const e of input.exceptions ?? [])
      for (const kind of kinds) {
        // The rest is folded into the policy itself (compile-kyverno.ts), or said there.
        if (!inPolicyException(e, input, kind)) continue;
        const perKind = byId.get(e.id) ?? new Map<Kind, Entry>();
        byId.set(e.id, perKind);
        const entry = perKind.get(kind) ?? { exception: e, rules: [] };
        entry.rules.push(input);
        perKind.set(kind, entry);
      }
  }
  for (const [id, perKind] of byId)
    for (const [kind, { exception, rules }] of perKind) {
      const object =
        kind === 'ClusterPolicy'
          ? clusterPolicyException(exception, rules)
          : validatingPolicyException(exception, rules);
      // No object when the selectors can match nothing (an exact namespace outside the globs).
      if (object === undefined) continue;
      files.push({
        path: exceptionFile(id, kind),
        content: toYamlDocuments(
          generatedHeader(undefined, 'kpc compile --target kyverno --out <dir>'),
          [object],
        ),
      });
    }
  return files;
}
