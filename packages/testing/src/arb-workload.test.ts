import { normalizeManifest, POD_SPEC_LOCATIONS, podSpecLocationOf } from '@kpc/ir';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbManifest, arbObject, arbWorkload, WORKLOAD_KINDS } from './arb-workload.ts';

function at(value: unknown, path: readonly string[]): unknown {
  let cur = value;
  for (const k of path) cur = (cur as Record<string, unknown> | undefined)?.[k];
  return cur;
}

function walk(v: unknown, visit: (v: unknown, key: string) => void, key = ''): void {
  visit(v, key);
  if (Array.isArray(v)) for (const x of v) walk(x, visit, key);
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) walk(x, visit, k);
}

describe('arbWorkload', () => {
  const samples = fc.sample(arbWorkload(), { numRuns: 400, seed: 42 });

  it('generates every pod-spec kind, with the pod spec where targets.ts says it lives', () => {
    expect(new Set(samples.map((s) => s.kind))).toEqual(new Set(WORKLOAD_KINDS));
    for (const s of samples) {
      const loc = podSpecLocationOf(s.apiVersion, s.kind);
      expect(loc).toBeDefined();
      const spec = at(s, loc!.specPath) as { containers?: unknown[] };
      expect(Array.isArray(spec.containers) && spec.containers.length > 0).toBe(true);
    }
    expect(POD_SPEC_LOCATIONS.length).toBe(WORKLOAD_KINDS.length);
  });

  it('covers absent, null, false and true for security fields, and empty lists', () => {
    const seen = new Set<string>();
    for (const s of samples) {
      walk(s, (v, key) => {
        if (key === 'privileged' || key === 'runAsNonRoot' || key === 'hostNetwork')
          seen.add(`${key}=${String(v)}`);
        if (key === 'initContainers' && Array.isArray(v) && v.length === 0) seen.add('init=[]');
        if (key === 'ephemeralContainers' && Array.isArray(v) && v.length > 0) seen.add('eph');
        if (key === 'runAsUser' && v === 0) seen.add('uid0');
      });
    }
    for (const k of ['privileged', 'runAsNonRoot', 'hostNetwork'])
      for (const v of ['null', 'false', 'true']) expect(seen).toContain(`${k}=${v}`);
    for (const k of ['init=[]', 'eph', 'uid0']) expect(seen).toContain(k);
  });

  it('uses integers where Kubernetes types integers and unique container names', () => {
    for (const s of samples) {
      walk(s, (v, key) => {
        if (['containerPort', 'hostPort', 'runAsUser', 'runAsGroup', 'fsGroup'].includes(key))
          expect(Number.isInteger(v) || v === null).toBe(true);
      });
      const spec = at(s, podSpecLocationOf(s.apiVersion, s.kind)!.specPath) as Record<
        string,
        { name: string }[] | null
      >;
      const names = ['containers', 'initContainers', 'ephemeralContainers'].flatMap((k) =>
        (spec[k] ?? []).map((c) => c.name),
      );
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('survives normalisation (nulls dropped, nothing else)', () => {
    for (const s of samples.slice(0, 50)) {
      const { value } = normalizeManifest(s);
      walk(value, (v) => expect(v).not.toBeNull());
    }
  });
});

describe('arbObject', () => {
  it('generates each kind with apiVersion, kind and a named metadata', () => {
    for (const kind of [
      'Service',
      'Ingress',
      'Namespace',
      'Role',
      'ClusterRole',
      'RoleBinding',
      'ClusterRoleBinding',
      'ServiceAccount',
    ] as const) {
      for (const o of fc.sample(arbObject(kind), { numRuns: 20, seed: 1 })) {
        expect(o.kind).toBe(kind);
        expect(typeof o.apiVersion).toBe('string');
        expect(typeof (o.metadata as { name?: unknown }).name).toBe('string');
      }
    }
    expect(fc.sample(arbManifest(), { numRuns: 10, seed: 3 })).toHaveLength(10);
  });
});
