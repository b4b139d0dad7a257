/** Which exceptions the Gatekeeper backend encodes (match.excludedNamespaces) and which it refuses. */
import { ir } from '@kpc/ir';
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
    ['an image glob with ?', { images: ['r/?'] }],
    ['a glob with ?', { namespaces: ['te?m'] }],
    ['a glob matching the empty string', { namespaces: ['*'] }],
    ['a star in the middle', { namespaces: ['a*b'] }],
  ] as const)
    it(`${what}: folded into the template's Rego, the constraint unchanged`, () => {
      const plain = compileGatekeeper([inputFor(privilegedIR)]);
      const out = compileGatekeeper([
        { ...inputFor(privilegedIR), exceptions: [{ id: 'x', ...exc, ...base, location }] },
      ]);
      expect(out.diagnostics).toEqual([]);
      const file = (o: typeof out, end: string) => o.files.find((f) => f.path.endsWith(end))!;
      expect(file(out, 'constraint.yaml')).toEqual(file(plain, 'constraint.yaml'));
      expect(file(out, 'template.yaml')).not.toEqual(file(plain, 'template.yaml'));
    });

  it('an image exception for elements it cannot place: a located EXC_NOT_COMPILED', () => {
    // Elements made by `map` have no place the compiler knows (inside a container or not).
    const rule = {
      ...privilegedIR,
      each: ir.comprehension(
        'map',
        ir.get(ir.ref('spec'), 'containers'),
        'c',
        ir.get(ir.ref('c'), 'securityContext'),
      ),
    };
    const plain = compileGatekeeper([inputFor(rule)]);
    expect(plain.diagnostics).toEqual([]);
    const out = compileGatekeeper([
      { ...inputFor(rule), exceptions: [{ id: 'x', images: ['r/*'], ...base, location }] },
    ]);
    expect(out.diagnostics.map((d) => [d.code, d.location])).toEqual([
      ['EXC_NOT_COMPILED', location],
    ]);
    expect(out.files).toEqual(plain.files);
  });
});
