/**
 * The `kyverno test` files for one rule: its examples as resources, and the expected
 * result of each example under the policy (Kyverno CLI Test format, cli.kyverno.io/v1alpha1).
 * Shared by the Kyverno backend (ClusterPolicy, ValidatingPolicy) and the VAP backend
 * (the Kyverno CLI also tests ValidatingAdmissionPolicies).
 */
import type { GroupVersionKind } from '@kpc/ir';
import { type Diagnostic, diagnostic, evaluateRuleIR, parseApiVersion } from '@kpc/ir';
import { toYamlDocuments } from '@kpc/yaml';
import { parseAllDocuments } from 'yaml';
import type { CompileRuleInput, OutputFile } from './backend.ts';
import { deployRef } from './layout.ts';

/** The kinds one policy rule matches (a `@kpc/cel` KindGroup has this shape). */
export interface TestKindGroup {
  readonly kinds: readonly GroupVersionKind[];
  /** Present for pod-spec kinds (which are namespaced). */
  readonly specPath?: unknown;
}

/** Which policy kind a test's results are for. */
export type KyvernoTestSubject =
  | { readonly clusterPolicyRule: string }
  | 'ValidatingPolicy'
  | 'ValidatingAdmissionPolicy';

/** One example manifest prepared for `kyverno test`. */
export interface TestResource {
  readonly object: Record<string, unknown>;
  readonly group: TestKindGroup;
  readonly kind: string;
  readonly name: string;
  /** `skip` when the example lives in an excluded namespace (the policy does not judge it). */
  readonly expect: 'pass' | 'fail' | 'skip';
}

function matchGroup(
  groups: readonly TestKindGroup[],
  obj: Record<string, unknown>,
): TestKindGroup | undefined {
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return undefined;
  const { group, version } = parseApiVersion(obj.apiVersion);
  const same = (k: GroupVersionKind) =>
    k.group === group && k.version === version && k.kind === obj.kind;
  return groups.find((g) => g.kinds.some(same));
}

/**
 * Parses the rule's examples. Left out: examples whose kind no policy rule matches (the
 * rule does not apply to them) and examples written for other parameter values than the
 * compiled ones. Names are made unique per kind, since `kyverno test` refers to resources
 * by name.
 */
export function testResources(
  input: CompileRuleInput,
  groups: readonly TestKindGroup[],
  options: {
    /** The backend's code for an example left out (`KYV_UNSUPPORTED`, `VAP_UNSUPPORTED`). */
    readonly code: Diagnostic['code'];
    /** True for an example an exception exempts (it no longer fails). */
    readonly exempted?: (object: Record<string, unknown>) => boolean;
  },
): { resources: TestResource[]; diagnostics: Diagnostic[] } {
  const { code, exempted = () => false } = options;
  const resources: TestResource[] = [];
  const diagnostics: Diagnostic[] = [];
  const used = new Set<string>();
  const all = [
    ...input.examples.pass.map((e) => ({ e, expect: 'pass' as const })),
    ...input.examples.fail.map((e) => ({ e, expect: 'fail' as const })),
  ];
  for (const { e, expect } of all) {
    // The policy carries the configured parameter values; an example is written for its own
    // `params` and the rule's defaults for the rest (a PSS example without params is written
    // for the latest PSS version). When those differ from the configured values, a document
    // stays only if the reference semantics (the IR interpreter) gives it the same verdict
    // under both: its expectation then holds for the compiled policy too.
    const exampleParams = e.params ?? {};
    const writtenFor: Record<string, unknown> = {};
    for (const [k, spec] of Object.entries(input.ir.params))
      writtenFor[k] = Object.hasOwn(exampleParams, k) ? exampleParams[k] : spec.default;
    const differs = Object.entries(input.ir.params).some(
      ([k, spec]) =>
        JSON.stringify(writtenFor[k]) !== JSON.stringify(input.params[k] ?? spec.default),
    );
    const docs = parseAllDocuments(e.yaml);
    const list = Array.isArray(docs) ? docs : [docs];
    if (list.some((d) => d.errors.length > 0)) {
      diagnostics.push(
        diagnostic({
          code,
          severity: 'warning',
          ruleId: input.meta.id,
          message: `example "${e.name}" is not valid YAML; it is left out of kyverno-test.yaml`,
        }),
      );
      continue;
    }
    for (const doc of list) {
      const obj = doc.toJS() as unknown;
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) continue;
      const o = obj as Record<string, unknown>;
      const group = matchGroup(groups, o);
      if (group === undefined || exempted(o)) continue;
      if (differs && !sameVerdict(input, o, writtenFor)) continue;
      const meta = (
        o.metadata !== null && typeof o.metadata === 'object' ? o.metadata : {}
      ) as Record<string, unknown>;
      let name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : e.name;
      const kind = o.kind as string;
      const base = name;
      for (let i = 2; used.has(`${kind}/${name}`); i++) name = `${base}-${i}`;
      used.add(`${kind}/${name}`);
      // `kyverno test` puts a namespaced resource without a namespace into `default`
      // (pod-spec kinds are all namespaced). Whether another kind without a namespace is
      // judged when `default` is excluded depends on its scope as the CLI sees it, which
      // was not observed: such an example is left out rather than given a guessed result.
      const explicit = typeof meta.namespace === 'string';
      const namespace = explicit ? (meta.namespace as string) : 'default';
      const podKind = group.specPath !== undefined;
      if (!explicit && !podKind && input.excludedNamespaces.includes('default')) continue;
      const excluded = (explicit || podKind) && input.excludedNamespaces.includes(namespace);
      resources.push({
        object: { ...o, metadata: { ...meta, name } },
        group,
        kind,
        name,
        expect: excluded ? 'skip' : expect,
      });
    }
  }
  return { resources, diagnostics };
}

/** The IR interpreter's verdict on `object` is the same under `params` and the compiled ones. */
function sameVerdict(
  input: CompileRuleInput,
  object: Record<string, unknown>,
  params: Readonly<Record<string, unknown>>,
): boolean {
  const a = evaluateRuleIR(input.ir, object, params);
  const b = evaluateRuleIR(input.ir, object, input.params);
  return (
    a.errors.length === 0 &&
    b.errors.length === 0 &&
    a.violations.length > 0 === b.violations.length > 0
  );
}

/**
 * The Test document. `policyFile` is the policy file's path from the test's directory; a
 * ClusterPolicy's results name its one rule, a ValidatingPolicy's and a
 * ValidatingAdmissionPolicy's are flagged as such (they have no rules).
 */
export function kyvernoTest(
  ruleId: string,
  policyFile: string,
  subject: KyvernoTestSubject,
  resources: readonly TestResource[],
): Record<string, unknown> {
  const results = new Map<string, { kind: string; result: string; names: string[] }>();
  const flag =
    subject === 'ValidatingPolicy'
      ? { isValidatingPolicy: true }
      : subject === 'ValidatingAdmissionPolicy'
        ? { isValidatingAdmissionPolicy: true }
        : { rule: subject.clusterPolicyRule };
  for (const r of resources) {
    const key = `${r.kind}|${r.expect}`;
    const entry = results.get(key) ?? {
      kind: r.kind,
      result: r.expect,
      names: [],
    };
    entry.names.push(r.name);
    results.set(key, entry);
  }
  return {
    apiVersion: 'cli.kyverno.io/v1alpha1',
    kind: 'Test',
    metadata: { name: ruleId },
    policies: [policyFile],
    resources: ['resources.yaml'],
    results: [...results.values()].map((e) => ({
      policy: ruleId,
      ...flag,
      resources: e.names,
      kind: e.kind,
      result: e.result,
    })),
  };
}

/**
 * A rule's two files in the test tree: `<ruleId>/resources.yaml` (the examples) and
 * `<ruleId>/kyverno-test.yaml`, whose policy is `policyFile` of `backend`'s deployable tree
 * (a path inside it, e.g. `<ruleId>/validatingpolicy.yaml`). Both start with `header`.
 */
export function kyvernoTestFiles(
  backend: string,
  ruleId: string,
  header: string,
  policyFile: string,
  subject: KyvernoTestSubject,
  resources: readonly TestResource[],
): OutputFile[] {
  const testFile = `${ruleId}/kyverno-test.yaml`;
  return [
    {
      path: `${ruleId}/resources.yaml`,
      content: toYamlDocuments(
        header,
        resources.map((r) => r.object),
      ),
      tree: 'test',
    },
    {
      path: testFile,
      content: toYamlDocuments(header, [
        kyvernoTest(ruleId, deployRef(backend, testFile, policyFile), subject, resources),
      ]),
      tree: 'test',
    },
  ];
}
