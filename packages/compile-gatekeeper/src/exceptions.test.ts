/** Which exceptions the Gatekeeper backend encodes (match.excludedNamespaces) and which it refuses. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileGatekeeper } from './compile-gatekeeper.ts';
import { inputFor, privilegedIR } from './test-support.ts';

const base = { reason: 'r', owner: 'o', expires: 'never' };
const location = { file: 'kpc.config.ts', line: 4, column: 7 };

describe('Gatekeeper exceptions', () => {
  it('a namespaces-only exception becomes match.excludedNamespaces', () => {
    const out = compileGatekeeper([
      {
        ...inputFor(privilegedIR),
        exceptions: [{ id: 'a', namespaces: ['team-*', 'prod'], ...base }],
      },
    ]);
    expect(out.diagnostics).toEqual([]);
    const constraint = out.files.find((f) => f.path.endsWith('constraint.yaml'))!;
    expect(parse(constraint.content.replace(/^#.*\n/gm, '')).spec.match.excludedNamespaces).toEqual(
      ['team-*', 'prod'],
    );
  });

  for (const [what, exc] of [
    ['a name selector', { resources: [{ name: 'web' }] }],
    ['labels', { labels: { app: 'x' } }],
    ['images', { namespaces: ['a'], images: ['r/*'] }],
    ['a glob with ?', { namespaces: ['te?m'] }],
    ['a glob matching the empty string', { namespaces: ['*'] }],
    ['a star in the middle', { namespaces: ['a*b'] }],
  ] as const)
    it(`${what}: refused with a located EXC_NOT_COMPILED, the constraint unchanged`, () => {
      const plain = compileGatekeeper([inputFor(privilegedIR)]);
      const out = compileGatekeeper([
        { ...inputFor(privilegedIR), exceptions: [{ id: 'x', ...exc, ...base, location }] },
      ]);
      expect(out.diagnostics.map((d) => [d.code, d.location])).toEqual([
        ['EXC_NOT_COMPILED', location],
      ]);
      expect(out.files).toEqual(plain.files);
    });
});
