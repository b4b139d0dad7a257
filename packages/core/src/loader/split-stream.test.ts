import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseManifestText, splitYamlStream } from './parse-manifest-text.ts';
import { expectSameLoad } from './test-support/expect-same-load.ts';
import type { LoaderLimits } from './types.ts';

/** Cases per property; `KPC_DEEP=1` for the long campaign. */
const runs = process.env.KPC_DEEP ? 5_000 : 150;

/** Documents as raw text, each ending with a line break: what manifests and streams hold. */
const RAW_DOCUMENTS = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  k: v\n',
  // A block scalar holding `---` and `...` lines that are indented: content, not markers.
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: block}\ndata:\n  s: |\n    ---\n    x: 1\n    ...\n  t: >\n    --- a\n',
  // A block scalar ended by the marker that follows it (no trailing line break kept).
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: block-end}\ndata:\n  s: |-\n    last\n',
  // A quoted scalar across lines; the second holds a marker-like text that is not at column 0.
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: quoted}\ndata:\n  s: "a\n    --- b"\n  t: \'c\n    ... d\'\n',
  // A quoted scalar cut by a marker at column 0: an error in the yaml package and go-yaml.
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cut}\ndata:\n  s: "open\n---\n  rest"\n',
  // Quoted scalars never closed: they run on to the next quote of their kind, or the end.
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: open}\ndata:\n  s: "never closed\n',
  "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: open1}\ndata:\n  s: 'never closed\n",
  // Malformed: an unclosed flow sequence.
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec: [1,\n',
  'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p0}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p1}\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: alias}\ndata: {x: *m}\n',
  '- not\n- an object\n',
  'apiVersion: v1\nkind: X\nmetadata:\n\tname: tab\n',
  'apiVersion: v1\nkind: X\nkind: Y\n',
  'apiVersion: v1\nkind: X\nmetadata: {name: "\u0007"}\n',
  'kind: NoVersion\n',
  '# only a comment\n',
  '',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "{{ .Values.x }}"}\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n',
  'apiVersion: v1\nkind: X\nmetadata: {name: ended}\n...\n',
  'apiVersion: v1\nkind: X\nmetadata: {name: flow}\nspec: {a: [1, 2], b: {c: d}}\n',
];

/** What comes between two documents. */
const SEPARATORS = [
  '---\n',
  '--- # a comment\n',
  '---\n# a comment\n',
  '--- \n',
  '---\t\n',
  '...\n---\n',
  '...\n%YAML 1.1\n---\n',
  '...\n# c\n%TAG !e! tag:example.com,2000:\n\n---\n',
  '---\n---\n',
  '# between\n---\n',
];

const manifestValue = fc.record({
  apiVersion: fc.constant('v1'),
  kind: fc.constantFrom('ConfigMap', 'Pod'),
  metadata: fc.record({ name: fc.string({ maxLength: 6 }) }),
  data: fc.dictionary(
    fc.string({ maxLength: 5 }),
    fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom('yes', '0755', '---', '...', 'a\n---\nb', '... x', '%x', '#'),
      fc.integer(),
      fc.boolean(),
    ),
    { maxKeys: 4 },
  ),
});

const document = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...RAW_DOCUMENTS) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(manifestValue, fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'BLOCK_LITERAL'))
      .map(([v, style]) =>
        stringify(v, {
          defaultStringType: style as 'PLAIN',
          defaultKeyType: 'PLAIN',
          lineWidth: 20,
        }),
      ),
  },
);

const stream = fc
  .record({
    docs: fc.array(fc.tuple(fc.constantFrom(...SEPARATORS), document), {
      minLength: 1,
      maxLength: 8,
    }),
    lead: fc.constantFrom('', '---\n', '# head\n', '%YAML 1.1\n---\n'),
    bom: fc.boolean(),
    crlf: fc.boolean(),
    noFinalBreak: fc.boolean(),
  })
  .map(({ docs, lead, bom, crlf, noFinalBreak }) => {
    let text = lead + docs.map(([sep, d], i) => (i === 0 ? d : sep + d)).join('');
    if (noFinalBreak) text = text.replace(/\n$/, '');
    if (crlf) text = text.replace(/\n/g, '\r\n');
    return bom ? `\uFEFF${text}` : text;
  });

describe('splitting a YAML stream at `---` before parsing', () => {
  it('cuts only at markers at column 0 followed by a space, tab, line break or the end', () => {
    const text = 'a: 1\n---\nb: |\n  ---\n---x\n--- # c\nc: 1\n---\td: 1\n---';
    expect(splitYamlStream(text, 1)).toEqual([5, 25, 38, 47]);
    expect(splitYamlStream(text, 2)).toEqual([25, 47]);
    expect(splitYamlStream(text, Number.POSITIVE_INFINITY)).toEqual([]);
    // Directives belong to the document after them: no cut before their marker.
    expect(splitYamlStream('a: 1\n...\n%YAML 1.1\n# c\n---\nb: 1\n---\nc: 1\n', 1)).toEqual([32]);
  });

  it('gives the same documents, locations and diagnostics as the whole-file parse (random streams)', () => {
    fc.assert(
      fc.property(
        stream,
        fc.constantFrom(1, 2, 3),
        fc.boolean(),
        fc.constantFrom(undefined, 1, 3),
        (text, chunkDocuments, fastPath, maxDocuments) => {
          const limits: Partial<LoaderLimits> = maxDocuments ? { maxDocuments } : {};
          const whole = parseManifestText(text, 's.yaml', limits, {
            fastPath,
            chunkDocuments: Number.POSITIVE_INFINITY,
          });
          const split = parseManifestText(text, 's.yaml', limits, { fastPath, chunkDocuments });
          expectSameLoad(split, whole);
        },
      ),
      { numRuns: runs },
    );
  });
});

describe('a 100,000-document stream with a malformed document every 1,000', () => {
  it('locates every bad document and loads every good one', () => {
    const total = 100_000;
    const parts: string[] = [];
    const badLines: number[] = [];
    let line = 1;
    for (let i = 0; i < total; i++) {
      const bad = i % 1000 === 999;
      const doc = bad
        ? `apiVersion: v1\nkind: Pod\nmetadata:\n  name: d${i}\nspec: [1,\n`
        : `apiVersion: v1\nkind: Pod\nmetadata:\n  name: d${i}\nspec: {}\n`;
      if (bad) badLines.push(line + 1); // the document's first line, after its `---`
      parts.push(`---\n${doc}`);
      line += 6;
    }
    const started = performance.now();
    const r = parseManifestText(parts.join(''), 'stream.yaml');
    const ms = performance.now() - started;
    console.log(`100,000-document stream with 100 malformed: loaded in ${Math.round(ms)} ms`);
    expect(r.unreadableInputs).toBe(0);
    expect(r.documents.length).toBe(total - 100);
    expect(r.documents.map((d) => d.name)).toEqual(
      Array.from({ length: total }, (_, i) => `d${i}`).filter((_, i) => i % 1000 !== 999),
    );
    expect(r.documents.map((d) => d.documentIndex)).toEqual(
      Array.from({ length: total }, (_, i) => i).filter((i) => i % 1000 !== 999),
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(Array(100).fill('LOAD_YAML_SYNTAX'));
    // Each error is in its own document: from its first line to the next document's `---`.
    r.diagnostics.forEach((d, i) => {
      const first = badLines[i] ?? 0;
      expect(d.location?.file).toBe('stream.yaml');
      expect(d.location?.line).toBeGreaterThanOrEqual(first);
      expect(d.location?.line).toBeLessThanOrEqual(first + 5);
    });
    // A good document just after a bad one is located exactly.
    const after = r.documents.find((d) => d.name === 'd1000');
    expect(after?.locate('/metadata/name')).toMatchObject({ line: 1000 * 6 + 5, column: 9 });
  });
});
