import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_LIFECYCLE } from '../k8s/api-lifecycle.ts';
import { withApiLifecycleTable } from '../k8s/api-lifecycle-doc.ts';
import { parseManifestText } from '../loader/parse-manifest-text.ts';
import { createApiChecker, parseKubernetesVersion } from './check-api-version.ts';
import { isBuiltInKind } from './k8s-structure.ts';
import { validateDocument } from './validate-document.ts';

const codes = (apiVersion: string, kind: string, kubernetesVersion?: string) =>
  createApiChecker(kubernetesVersion ? { kubernetesVersion } : {})(
    apiVersion,
    kind,
  ).diagnostics.map((d) => [d.code, d.severity, d.pointer]);

describe('createApiChecker', () => {
  it('accepts served built-in APIs, and custom resources', () => {
    for (const [apiVersion, kind] of [
      ['v1', 'Pod'],
      ['apps/v1', 'Deployment'],
      ['batch/v1', 'CronJob'],
      ['networking.k8s.io/v1', 'Ingress'],
      ['resource.k8s.io/v1beta1', 'ResourceClaim'], // beta, not in kubernetes-models
      ['example.com/v1', 'Widget'],
      ['argoproj.io/v1alpha1', 'Rollout'],
      ['gateway.networking.k8s.io/v1', 'HTTPRoute'],
    ] as const)
      expect(codes(apiVersion, kind), `${apiVersion} ${kind}`).toEqual([]);
  });

  it('reports a removed API with the release that removed it and its replacement', () => {
    const check = createApiChecker()('extensions/v1beta1', 'DaemonSet');
    expect(check.diagnostics.map((d) => [d.code, d.severity, d.pointer])).toEqual([
      ['SCHEMA_API_REMOVED', 'error', '/apiVersion'],
    ]);
    const [d] = check.diagnostics;
    expect(d?.message).toContain('removed in Kubernetes 1.16');
    expect(d?.message).toContain('apps/v1');
    expect(d?.hint).toContain('apiVersion: apps/v1');
    // Pod-spec rules check it as the replacement.
    expect(check.meant).toMatchObject({ apiVersion: 'apps/v1', kind: 'DaemonSet' });
  });

  it('depends on the target version: served, deprecated, removed', () => {
    expect(codes('batch/v1beta1', 'CronJob', '1.20')).toEqual([]);
    expect(codes('batch/v1beta1', 'CronJob', 'v1.24')).toEqual([
      ['SCHEMA_API_DEPRECATED', 'warning', '/apiVersion'],
    ]);
    expect(codes('batch/v1beta1', 'CronJob', '1.25')).toEqual([
      ['SCHEMA_API_REMOVED', 'error', '/apiVersion'],
    ]);
    const deprecated = createApiChecker({ kubernetesVersion: '1.24' })('batch/v1beta1', 'CronJob');
    expect(deprecated.diagnostics[0]?.message).toContain('removed in 1.25');
    // Still served, and still checked as the kind it is.
    expect(deprecated.meant).toMatchObject({ apiVersion: 'batch/v1', kind: 'CronJob' });
  });

  it('names the lack of a replacement (PodSecurityPolicy)', () => {
    const [d] = createApiChecker()('policy/v1beta1', 'PodSecurityPolicy').diagnostics;
    expect(d?.code).toBe('SCHEMA_API_REMOVED');
    expect(d?.hint).toContain('Pod Security Admission');
  });

  it('reports unknown groups with the apiVersion meant', () => {
    const check = createApiChecker()('app/v1', 'Deployment');
    expect(check.diagnostics.map((d) => [d.code, d.severity, d.pointer, d.hint])).toEqual([
      ['SCHEMA_UNKNOWN_API_VERSION', 'error', '/apiVersion', 'Did you mean `apiVersion: apps/v1`?'],
    ]);
    expect(check.meant).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(codes('Apps/v1', 'StatefulSet')).toEqual([
      ['SCHEMA_UNKNOWN_API_VERSION', 'error', '/apiVersion'],
    ]);
    // A dotted group close to a built-in one is a typo, not a custom resource.
    expect(codes('rbac.authorization.k8s.i/v1', 'Role')).toEqual([
      ['SCHEMA_UNKNOWN_API_VERSION', 'error', '/apiVersion'],
    ]);
  });

  it('reports unknown versions of a built-in group', () => {
    const check = createApiChecker()('apps/v2', 'Deployment');
    expect(check.diagnostics.map((d) => [d.code, d.hint])).toEqual([
      ['SCHEMA_UNKNOWN_API_VERSION', 'Deployment is served at apps/v1: use apiVersion: apps/v1.'],
    ]);
  });

  it('reports unknown kinds with the spelling meant (case first)', () => {
    const pod = createApiChecker()('v1', 'pod');
    expect(pod.diagnostics.map((d) => [d.code, d.pointer, d.hint])).toEqual([
      ['SCHEMA_UNKNOWN_KIND', '/kind', 'Did you mean `kind: Pod`?'],
    ]);
    expect(pod.meant).toMatchObject({ apiVersion: 'v1', kind: 'Pod' });
    expect(createApiChecker()('apps/v1', 'Deploymnet').diagnostics[0]?.hint).toBe(
      'Did you mean `kind: Deployment`?',
    );
    // A kind served by another group.
    expect(createApiChecker()('apps/v1', 'CronJob').diagnostics[0]?.hint).toContain('batch/v1');
    // Not a workload: no kind to check as.
    expect(createApiChecker()('v1', 'Secrte').meant).toBeUndefined();
  });

  it('exempts the kinds of declared CRDs', () => {
    const check = createApiChecker({ isCustomKind: (a, k) => a === 'apps/v1' && k === 'Widget' });
    expect(check('apps/v1', 'Widget').diagnostics).toEqual([]);
    expect(check('apps/v1', 'Gadget').diagnostics.map((d) => d.code)).toEqual([
      'SCHEMA_UNKNOWN_KIND',
    ]);
  });

  it('warns only, for targets newer than its types, about unknown versions of built-in groups', () => {
    expect(codes('resource.k8s.io/v1', 'ResourceClaim', '1.34')).toEqual([
      ['SCHEMA_UNKNOWN_API_VERSION', 'warning', '/apiVersion'],
    ]);
    expect(codes('resource.k8s.io/v1', 'ResourceClaim')).toEqual([
      ['SCHEMA_UNKNOWN_API_VERSION', 'error', '/apiVersion'],
    ]);
    // A dotless group is a mistake at any version.
    expect(codes('app/v1', 'Deployment', '1.34')).toEqual([
      ['SCHEMA_UNKNOWN_API_VERSION', 'error', '/apiVersion'],
    ]);
  });
});

describe('API lifecycle table', () => {
  it('is consistent: removed after deprecated, replacements served', () => {
    const check = createApiChecker();
    for (const e of API_LIFECYCLE) {
      if (e.removedIn !== undefined) expect(e.removedIn).toBeGreaterThan(e.deprecatedIn);
      if (e.replacement === '') continue;
      const kind = e.replacementKind ?? e.kind;
      // Every replacement is itself an API the newest target serves.
      expect(check(e.replacement, kind).diagnostics, `${e.replacement} ${kind}`).toEqual([]);
      expect(isBuiltInKind(e.replacement, kind), `${e.replacement} ${kind}`).toBe(true);
    }
  });
});

describe('parseKubernetesVersion', () => {
  it('takes 1.x, v1.x and v1.x.y', () => {
    expect(['1.29', 'v1.29', 'v1.29.3', '1.5'].map(parseKubernetesVersion)).toEqual([
      29, 29, 29, 5,
    ]);
    for (const bad of ['', '29', '2.1', 'latest', 'v1', '1.29-rc'])
      expect(parseKubernetesVersion(bad), bad).toBeUndefined();
  });
});

describe('validateDocument with the API check', () => {
  const check = (yaml: string) => {
    const [doc] = parseManifestText(yaml, 'm.yaml').documents;
    if (!doc) throw new Error('no document');
    return validateDocument(doc).map((d) => [d.code, d.location?.line, d.location?.column]);
  };

  it('locates the API diagnostics and reports no "unchecked kind" for a mistake', () => {
    expect(check('apiVersion: app/v1\nkind: Deployment\nmetadata: {name: d}\n')).toEqual([
      ['SCHEMA_UNKNOWN_API_VERSION', 1, 13],
    ]);
    expect(check('apiVersion: v1\nkind: pod\nmetadata: {name: p}\n')).toEqual([
      ['SCHEMA_UNKNOWN_KIND', 2, 7],
    ]);
  });

  it('still schema-checks a removed API against its last schema', () => {
    expect(
      check(
        'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  bakend: {}\n',
      ),
    ).toEqual([
      ['SCHEMA_API_REMOVED', 1, 13],
      ['SCHEMA_UNKNOWN_FIELD', 5, 3],
    ]);
  });
});

describe('docs/kubernetes-version.md', () => {
  it('has the current table of deprecated and removed APIs (regenerate: npx tsx packages/core/scripts/gen-api-lifecycle-doc.ts)', () => {
    const page = readFileSync(
      join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'kubernetes-version.md'),
      'utf8',
    );
    expect(withApiLifecycleTable(page)).toBe(page);
    expect(page).toContain('| `extensions/v1beta1` | DaemonSet | 1.9 | 1.16 | `apps/v1` |');
  });
});
