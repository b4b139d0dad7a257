import { describe, expect, it } from 'vitest';
import { bindTarget } from './bind.ts';
import {
  BUILTIN_POD_TEMPLATES,
  parseFieldPath,
  podSpecLocationsOf,
  podTemplateProblems,
} from './pod-templates.ts';
import { POD_SPEC_LOCATIONS, podSpecLocationOf, targetApplies } from './targets.ts';

const podSpec = { kind: 'podSpec' } as const;

describe('podSpecLocationsOf', () => {
  it('is the built-in table itself without declarations (output unchanged)', () => {
    expect(podSpecLocationsOf(undefined)).toBe(POD_SPEC_LOCATIONS);
    expect(podSpecLocationsOf([])).toBe(POD_SPEC_LOCATIONS);
  });

  it('appends built-in names and declarations after the built-in kinds', () => {
    const table = podSpecLocationsOf([
      'Rollout.argoproj.io',
      {
        group: 'example.com',
        kind: 'Widget',
        version: 'v2',
        specPath: 'spec.pod',
        plural: 'widgetz',
      },
    ]);
    expect(table.slice(0, POD_SPEC_LOCATIONS.length)).toEqual(POD_SPEC_LOCATIONS);
    expect(table.slice(POD_SPEC_LOCATIONS.length)).toEqual([
      {
        gvk: { group: 'argoproj.io', version: '*', kind: 'Rollout' },
        specPath: ['spec', 'template', 'spec'],
        metadataPath: ['spec', 'template', 'metadata'],
      },
      {
        gvk: { group: 'example.com', version: 'v2', kind: 'Widget' },
        plural: 'widgetz',
        specPath: ['spec', 'pod'],
        metadataPath: ['metadata'],
      },
    ]);
  });

  it('matches a version-less declaration in every version of its group only', () => {
    const table = podSpecLocationsOf(['Rollout.argoproj.io']);
    const rollout = (apiVersion: string) => ({ apiVersion, kind: 'Rollout', spec: {} });
    expect(targetApplies(podSpec, rollout('argoproj.io/v1alpha1'), table)).toBe(true);
    expect(targetApplies(podSpec, rollout('argoproj.io/v9'), table)).toBe(true);
    expect(targetApplies(podSpec, rollout('example.com/v1alpha1'), table)).toBe(false);
    expect(targetApplies(podSpec, rollout('argoproj.io'), table)).toBe(false);
    // Without the table (the default), custom kinds are not pod spec kinds.
    expect(targetApplies(podSpec, rollout('argoproj.io/v1alpha1'))).toBe(false);
    expect(podSpecLocationOf('argoproj.io/v1alpha1', 'Rollout')).toBeUndefined();
  });

  it('matches a pinned version exactly', () => {
    const table = podSpecLocationsOf([
      { group: 'example.com', kind: 'Widget', version: 'v2', specPath: 'spec.pod' },
    ]);
    expect(podSpecLocationOf('example.com/v2', 'Widget', table)).toBeDefined();
    expect(podSpecLocationOf('example.com/v1', 'Widget', table)).toBeUndefined();
  });

  it("binds the pod spec and the pods' metadata at the declared paths", () => {
    const table = podSpecLocationsOf([
      'Rollout.argoproj.io',
      { group: 'example.com', kind: 'Widget', specPath: 'spec.pod' },
    ]);
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'r' },
      spec: { template: { metadata: { labels: { a: 'b' } }, spec: { hostPID: true } } },
    };
    const bound = bindTarget(podSpec, rollout, {}, table);
    expect(bound.ctx.spec).toEqual({ hostPID: true });
    expect(bound.ctx.metadata).toEqual({ labels: { a: 'b' } });
    expect(bound.defaultPointer).toBe('/spec/template/spec');
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { pod: { hostIPC: true } },
    };
    const w = bindTarget(podSpec, widget, {}, table);
    expect(w.ctx.spec).toEqual({ hostIPC: true });
    expect(w.ctx.metadata).toEqual({ name: 'w' });
    expect(w.defaultPointer).toBe('/spec/pod');
  });

  it('leaves out entries the check rejects', () => {
    const table = podSpecLocationsOf([
      { group: 'example.com', kind: 'Deployment', path: 'spec.template' },
      'Nope.example.com',
      'Rollout.argoproj.io',
    ]);
    expect(table.slice(POD_SPEC_LOCATIONS.length).map((l) => l.gvk.kind)).toEqual(['Rollout']);
  });
});

describe('podTemplateProblems', () => {
  const messages = (v: unknown) => podTemplateProblems(v).map((p) => p.message);

  it('accepts every built-in name and well-formed declarations', () => {
    expect(podTemplateProblems(Object.keys(BUILTIN_POD_TEMPLATES))).toEqual([]);
    expect(
      podTemplateProblems([
        { group: 'example.com', kind: 'Widget', path: 'spec.template' },
        {
          group: 'x.example.com',
          kind: 'Gadget',
          version: 'v1beta1',
          specPath: 'spec.pod_spec',
          plural: 'gadgetz',
        },
      ]),
    ).toEqual([]);
  });

  it('rejects unknown path syntax, with a hint for lists', () => {
    expect(
      messages([
        {
          group: 'jobset.x-k8s.io',
          kind: 'JobSet',
          path: 'spec.replicatedJobs[].template.spec.template',
        },
      ]),
    ).toEqual([
      'podTemplates[0].path: "spec.replicatedJobs[].template.spec.template" goes through a list; a pod template path names one field per step',
    ]);
    expect(podTemplateProblems([{ group: 'a.io', kind: 'A', path: 'spec[0]' }])[0]!.hint).toMatch(
      /one pod spec per object/,
    );
    for (const path of ['', 'spec..template', '.spec', 'spec.', 'spec/template', 'spec.tem plate'])
      expect(podTemplateProblems([{ group: 'a.io', kind: 'A', path }]).map((p) => p.key)).toEqual([
        'path',
      ]);
  });

  it('rejects a kind kpc already knows, and kinds declared twice', () => {
    expect(messages([{ group: 'example.com', kind: 'Deployment', path: 'spec.template' }])).toEqual(
      ['podTemplates[0]: Deployment is a built-in pod spec kind; kpc checks it already'],
    );
    expect(
      messages([
        'Rollout.argoproj.io',
        { group: 'other.io', kind: 'Rollout', path: 'spec.template' },
        'Rollout.argoproj.io',
      ]),
    ).toEqual([
      'podTemplates[1]: kind Rollout is declared twice (first in podTemplates[0])',
      'podTemplates[2]: kind Rollout is declared twice (first in podTemplates[0])',
    ]);
  });

  it('compares kinds in lower case (ClusterPolicy rule names are the kinds in lower case)', () => {
    const entries = [
      { group: 'a.example.com', kind: 'Runner', specPath: 'spec.pod' },
      { group: 'b.example.com', kind: 'RUNNER', specPath: 'spec.pod' },
      { group: 'c.example.com', kind: 'POD', specPath: 'spec.pod' },
    ];
    expect(podTemplateProblems(entries).map((p) => [p.index, p.key])).toEqual([
      [1, 'kind'],
      [2, 'kind'],
    ]);
    expect(
      podSpecLocationsOf(entries)
        .slice(POD_SPEC_LOCATIONS.length)
        .map((l) => l.gvk.kind),
    ).toEqual(['Runner']);
  });

  it('rejects bad shapes with the key at fault', () => {
    const keys = (v: unknown) => podTemplateProblems([v]).map((p) => p.key ?? '(entry)');
    expect(keys('Rollout')).toEqual(['(entry)']);
    expect(podTemplateProblems(['Rollout'])[0]!.hint).toContain('Rollout.argoproj.io');
    expect(keys(42)).toEqual(['(entry)']);
    expect(keys({ group: 'example.com', kind: 'Widget' })).toEqual(['(entry)']);
    expect(keys({ group: 'example.com', kind: 'Widget', path: 'a', specPath: 'b' })).toEqual([
      'specPath',
    ]);
    expect(keys({ group: 'Example', kind: 'Widget', path: 'a' })).toEqual(['group']);
    expect(keys({ group: '', kind: 'Widget', path: 'a' })).toEqual(['group']);
    expect(keys({ group: 'example.com', kind: 'widget', path: 'a' })).toEqual(['kind']);
    expect(keys({ group: 'example.com', kind: 'Widget', path: 'a', version: 'V1' })).toEqual([
      'version',
    ]);
    expect(keys({ group: 'example.com', kind: 'Widget', path: 'a', plural: 'Widgets' })).toEqual([
      'plural',
    ]);
    expect(keys({ group: 'example.com', kind: 'Widget', path: 'a', template: 'x' })).toEqual([
      'template',
    ]);
    expect(messages({})).toEqual(['podTemplates must be an array']);
  });

  it('parseFieldPath splits dotted paths', () => {
    expect(parseFieldPath('spec.template')).toEqual({ ok: true, segments: ['spec', 'template'] });
  });
});
