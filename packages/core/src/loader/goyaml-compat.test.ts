/**
 * The loader reads manifests as the API server does (go-yaml v2 via sigs.k8s.io/yaml), and
 * reports as input errors what the API server would reject. Checked against the real decoder
 * when goyaml-probe is available.
 */

import {
  GOYAML_PROBE_MISSING,
  goYamlProbeCommand,
  readWithGoYamlProbe,
  YAML_SPECIAL_STRINGS,
} from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseManifestText } from './parse-manifest-text.ts';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';

function load(text: string, fastPath = true) {
  const r = parseManifestText(text, 'in.yaml', undefined, { fastPath });
  return {
    objects: r.documents.map((d) => d.object),
    codes: r.diagnostics.map((d) => d.code),
    lines: r.diagnostics.map((d) => d.location?.line),
  };
}

describe('scalars as go-yaml reads them', () => {
  it('reads go-yaml numbers, booleans and strings, the same on the fast and the full path', () => {
    const text = `${POD}data:\n  a: 0o17\n  b: 1:30\n  c: e3\n  d: 1_000\n  e: 0b11\n  f: yes\n  g: 08\n  h: 1e400\n  i: 2001-12-14\n  0o17: key\n  y: key\n`;
    for (const fast of [true, false]) {
      const r = load(text, fast);
      expect(r.codes).toEqual([]);
      expect((r.objects[0] as { data: unknown }).data).toEqual({
        a: 15,
        b: '1:30',
        c: 'e3',
        d: 1000,
        e: 3,
        f: true,
        g: 8,
        h: '1e400',
        i: '2001-12-14',
        '15': 'key',
        true: 'key',
      });
    }
  });

  it('reports .inf and .nan (no JSON number) as input errors with a location', () => {
    for (const v of ['.inf', '-.Inf', '.NaN']) {
      const r = load(`${POD}spec:\n  x: ${v}\n---\n${POD}`);
      expect(r.codes, v).toEqual(['LOAD_UNSUPPORTED_VALUE']);
      expect(r.lines).toEqual([6]);
      expect(r.objects).toHaveLength(1); // the valid document next to it is still read
    }
  });
});

describe('input the API server rejects', () => {
  it('reports raw control characters and go-yaml line breaks, and reads the other documents', () => {
    for (const ch of [
      '\u001b',
      '\u0007',
      '\u007f',
      '\u0080',
      '\u009b',
      '\ufffe',
      '\u0085',
      '\u2028',
      '\u2029',
    ]) {
      for (const fast of [true, false]) {
        const r = load(`${POD}  labels:\n    a: "x${ch}y"\n---\n${POD}`, fast);
        expect(r.codes, JSON.stringify(ch)).toEqual(['LOAD_CONTROL_CHARACTER']);
        expect(r.lines).toEqual([6]);
        expect(r.objects).toHaveLength(1);
      }
    }
  });

  it('accepts the escaped forms of the same characters', () => {
    const r = load(`${POD}  labels:\n    a: "x\\e\\x85\\u2028\\L"\n`);
    expect(r.codes).toEqual([]);
    expect(r.objects[0]).toMatchObject({
      metadata: { labels: { a: 'x\u001b\u0085\u2028\u2028' } },
    });
  });

  it('reports unrendered templates and keys JSON cannot hold, instead of linting them', () => {
    for (const body of [
      '  image: {{x}}\n',
      '  {{x}}: 1\n',
      '  ~: 1\n',
      '  null: 1\n',
      '  ? [a]\n  : 1\n',
    ]) {
      for (const fast of [true, false]) {
        const r = load(`${POD}spec:\n${body}`, fast);
        expect(r.codes, body).toEqual(['LOAD_UNSUPPORTED_VALUE']);
        expect(r.objects).toEqual([]);
      }
    }
    // Quoted, a template is a string.
    expect(load(`${POD}spec:\n  image: "{{x}}"\n`).codes).toEqual([]);
  });
});

const probe = goYamlProbeCommand();
if (!probe) console.log(GOYAML_PROBE_MISSING);

describe.skipIf(!probe)('against the real sigs.k8s.io/yaml decoder (goyaml-probe)', () => {
  it('reads what the API server reads, and refuses what it refuses', () => {
    const scalars = [
      ...YAML_SPECIAL_STRINGS.filter((s) => !s.includes('\n') && !s.includes('\u0000')),
      ...fc.sample(fc.stringMatching(/^[-+.0-9eE_xXoObB:]{1,8}$/), { numRuns: 400, seed: 15 }),
    ];
    const texts = scalars.flatMap((s) => [
      `${POD}data:\n  v: ${s}\n`,
      `${POD}data:\n  v: "${s.replace(/["\\]/g, '\\$&')}"\n`,
    ]);
    const real = readWithGoYamlProbe(probe as string, texts);
    expect(real).toHaveLength(texts.length);
    texts.forEach((t, i) => {
      const r = real[i] as { value?: unknown; error?: string };
      const ours = load(t);
      if (r.error !== undefined) {
        // Refused by the API server: kpc reports an input error and lints nothing.
        expect(ours.objects, `${JSON.stringify(t)}: ${r.error}`).toEqual([]);
        expect(ours.codes.length, JSON.stringify(t)).toBeGreaterThan(0);
      } else if (ours.codes.length === 0) {
        expect(ours.objects, JSON.stringify(t)).toEqual([r.value]);
      } else {
        // kpc refuses more than the API server only for raw line breaks that go-yaml and
        // YAML 1.2 disagree on (NEL, LS, PS, lone CR; docs/loader.md).
        expect(ours.codes, JSON.stringify(t)).toEqual(['LOAD_CONTROL_CHARACTER']);
        expect(t).toMatch(/[\u0085\u2028\u2029\r]/);
      }
    });
  });
});
