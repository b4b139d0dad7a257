import { describe, expect, it } from 'vitest';
import { validateConfig } from './validate-config.ts';

const SOURCE = `import { defineConfig } from '@kpc/core';
export default defineConfig({
  podTemplates: [
    'Rollout.argoproj.io',
    'Rollout.argoproj',
    { group: 'jobset.x-k8s.io', kind: 'JobSet', path: 'spec.replicatedJobs[].template.spec.template' },
    { group: 'apps', kind: 'Deployment', path: 'spec.template' },
    { group: 'example.com', kind: 'Widget', path: 'spec.template', specPath: 'spec.pod' },
  ],
});
`;

describe('config podTemplates', () => {
  it('accepts built-in names and declarations', () => {
    const v = validateConfig(
      {
        podTemplates: [
          'Rollout.argoproj.io',
          { group: 'example.com', kind: 'Widget', specPath: 'spec.pod' },
        ],
      },
      'kpc.config.ts',
    );
    expect(v.diagnostics).toEqual([]);
    expect(v.config?.podTemplates).toHaveLength(2);
  });

  it('reports each bad entry as CFG_INVALID at its line, with a hint', () => {
    const value = {
      podTemplates: [
        'Rollout.argoproj.io',
        'Rollout.argoproj',
        {
          group: 'jobset.x-k8s.io',
          kind: 'JobSet',
          path: 'spec.replicatedJobs[].template.spec.template',
        },
        { group: 'apps', kind: 'Deployment', path: 'spec.template' },
        { group: 'example.com', kind: 'Widget', path: 'spec.template', specPath: 'spec.pod' },
      ],
    };
    const v = validateConfig(value, 'kpc.config.ts', SOURCE);
    expect(v.config).toBeUndefined();
    expect(
      v.diagnostics.map((d) => [
        d.code,
        d.location?.line,
        d.message.slice(0, 30),
        d.hint !== undefined,
      ]),
    ).toEqual([
      ['CFG_INVALID', 5, 'podTemplates[1]: "Rollout.argo', true],
      ['CFG_INVALID', 6, 'podTemplates[2].path: "spec.re', true],
      ['CFG_INVALID', 7, 'podTemplates[3].group must be ', true],
      ['CFG_INVALID', 7, 'podTemplates[3]: Deployment is', true],
      ['CFG_INVALID', 8, 'podTemplates[4] needs exactly ', true],
    ]);
    expect(v.diagnostics[0]!.location?.file).toBe('kpc.config.ts');
  });

  it('rejects a podTemplates value that is not a list', () => {
    const v = validateConfig({ podTemplates: 'Rollout.argoproj.io' }, 'kpc.config.ts');
    expect(v.diagnostics.map((d) => d.message)).toEqual(['podTemplates must be an array']);
  });
});
