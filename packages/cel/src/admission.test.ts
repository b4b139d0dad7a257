import { POD_SPEC_LOCATIONS } from '@kpc/ir';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_RESOURCES,
  kindGroups,
  type ResourceRule,
  resourceName,
  resourceRules,
} from './admission.ts';

/** Every (group, version, resource) an entry matches: the cross product of its lists. */
const matched = (rules: readonly ResourceRule[]) =>
  new Set(
    rules.flatMap((r) =>
      r.apiGroups.flatMap((g) =>
        r.apiVersions.flatMap((v) => r.resources.map((res) => `${g}/${v}/${res}`)),
      ),
    ),
  );

/** What the cluster serves of the built-in groups: BUILTIN_RESOURCES. */
const served = new Set(
  Object.entries(BUILTIN_RESOURCES).flatMap(([gv, rs]) => rs.map((r) => `${gv}/${r}`)),
);

describe('resourceRules', () => {
  it('matches exactly the pod-spec kinds in one entry for the built-in groups', () => {
    const rules = resourceRules(kindGroups({ target: { kind: 'podSpec' } } as never));
    expect(rules).toEqual([
      {
        apiGroups: ['', 'apps', 'batch'],
        apiVersions: ['v1'],
        operations: ['CREATE', 'UPDATE'],
        resources: [
          'pods',
          'replicationcontrollers',
          'podtemplates',
          'deployments',
          'replicasets',
          'statefulsets',
          'daemonsets',
          'jobs',
          'cronjobs',
        ],
      },
    ]);
    // Of everything the built-in groups serve, the entry matches the nine kinds and no more.
    const wanted = POD_SPEC_LOCATIONS.map(
      (l) => `${l.gvk.group}/${l.gvk.version}/${resourceName(l.gvk.kind)}`,
    );
    expect([...matched(rules)].filter((x) => served.has(x)).sort()).toEqual(wanted.sort());
  });

  it('keeps a kind apart when merging would match a resource another group serves', () => {
    // Any built-in group/version pair: the merged entry matches only what was asked.
    const gvs = Object.keys(BUILTIN_RESOURCES);
    for (const a of gvs)
      for (const b of gvs) {
        const kinds = [a, b].map((gv, i) => {
          const [group, version] = gv.split('/') as [string, string];
          const resource = BUILTIN_RESOURCES[gv]![i]!;
          return { group, version, resource };
        });
        const rules = resourceRules([
          {
            kinds: kinds.map((k) => ({ group: k.group, version: k.version, kind: k.resource })),
            plurals: Object.fromEntries(kinds.map((k) => [k.resource, k.resource])),
            metadataPath: ['metadata'],
          },
        ]);
        const asked = new Set(kinds.map((k) => `${k.group}/${k.version}/${k.resource}`));
        for (const x of matched(rules)) if (served.has(x)) expect(asked.has(x)).toBe(true);
        for (const x of asked) expect(matched(rules).has(x)).toBe(true);
      }
  });

  it('keeps custom groups in their own entries', () => {
    const rules = resourceRules([
      {
        kinds: [
          { group: '', version: 'v1', kind: 'Pod' },
          { group: 'metrics.k8s.io', version: 'v1beta1', kind: 'Pod' },
        ],
        metadataPath: ['metadata'],
      },
    ]);
    expect(rules.map((r) => r.apiGroups)).toEqual([[''], ['metrics.k8s.io']]);
  });
});
