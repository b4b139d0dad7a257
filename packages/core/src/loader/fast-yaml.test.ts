import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document, stringify } from 'yaml';
import { createScalarResolver, fastParseStream, MAY_BE_TYPED_FIRST } from './fast-yaml.ts';
import { parseManifestText, YAML_OPTIONS } from './parse-manifest-text.ts';
import { expectSameLoad } from './test-support/expect-same-load.ts';

const FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../tests/fixtures/hostile',
);
const runs = process.env.KPC_DEEP ? 20_000 : 200;

/** The fast path must give exactly what the `yaml` path gives: values, indices, positions, diagnostics. */
function expectSameAsSlow(text: string): boolean {
  const fast = parseManifestText(text, 'f.yaml');
  const slow = parseManifestText(text, 'f.yaml', undefined, { fastPath: false });
  expectSameLoad(fast, slow);
  return (
    fastParseStream(text, createScalarResolver(YAML_OPTIONS), {
      maxDepth: 100,
      maxDocuments: 1e5,
    }) !== undefined
  );
}

const REALISTIC = `# Source: chart/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: "web"   # trailing comment
  namespace: shop
  labels:
    app.kubernetes.io/name: web
    enabled: yes
    'quoted key': 'it''s'
  annotations: {a: "b", c: [1, 2.5, ~], d: {}}
spec:
  replicas: 0x10
  template:
    spec:
      containers:
      - name: app
        image: nginx:1.27
        args: ["--port", "8080", "--flag=\\u00e9"]
        command:
        - sh
        - -c
        securityContext:
          privileged: off
          runAsUser: 0755
        env:
        -   name: A
            value: "1"
        - name: EMPTY
          value:
      volumes: []
      nodeSelector:
---
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data:
  script: |
    #!/bin/sh
    echo "hi: there"

    exit 0
  keep: |+
    a

  strip: |-
    b
  when: 2024-01-01
  time: 1:30
  float: 1e3
  neg: -12
  half: .5
  url: http://example.com:8080/x
`;

describe('fast YAML path', () => {
  it('matches the yaml package on a realistic stream (and is taken)', () => {
    expect(expectSameAsSlow(REALISTIC)).toBe(true);
  });

  it('matches the yaml package on every hostile fixture and on edge cases', () => {
    const texts = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => readFileSync(join(FIXTURES, f), 'utf8'));
    texts.push(
      '',
      '---\n',
      '---\n---\n',
      'a: 1\n---\n',
      '# c\n---\napiVersion: v1\nkind: X\n',
      'apiVersion: v1\nkind: X\n...\n',
      'apiVersion: v1\nkind: X\nv: plain\n  continued\n',
      'apiVersion: v1\nkind: X\nv: >\n  folded\n  text\n',
      'apiVersion: v1\nkind: X\nv: "multi\n  line"\n',
      'apiVersion: v1\nkind: X\nv: !!str 1\n',
      'apiVersion: v1\nkind: X\n? complex\n: key\n',
      'apiVersion: v1\nkind: X\nv:\n- - nested\n',
      'apiVersion: v1\nkind: X\nv: {a: 1,}\n',
      'apiVersion: v1\nkind: X\nv: [a, b\n',
      'apiVersion: v1\nkind: X\nv: a: b\n',
      'apiVersion: v1\nkind: X\nv: "\\x41"\n',
      'apiVersion: v1\nkind: X\n"a": 1\na: 2\n',
      'apiVersion: v1\nkind: X\nv:\n  -\n  - b\n',
      'apiVersion: v1\nkind: X\nv: |\n\n  after blank\n',
      'apiVersion: v1\nkind: X\nv: |2\n   indented\n',
      'apiVersion: v1\nkind: X\nv: - a\n',
      '  apiVersion: v1\n  kind: X\n',
      'apiVersion: v1\nkind: X\nitems: []\n',
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n- 3\n',
      'apiVersion: v1\nkind: X\ny: n\n1: 2\n0.5: x\n',
      'apiVersion: v1\nkind: X\nv: [[1, [2]], {a: [b]}]\n',
      'apiVersion: v1\nkind: X\nv: {a: b: c}\n',
      'apiVersion: v1\nkind: X\nv: a #comment\nw: b#not-comment\n',
      'apiVersion: v1\nkind: X\nv: -1\nw: - \n',
      `apiVersion: v1\nkind: X\n${'k'.repeat(1100)}: v\n`,
      'apiVersion: v1\nkind: X\n"a/b~c": {"x~1": 1}\n',
    );
    for (const t of texts) expectSameAsSlow(t);
  });

  it('matches the yaml package on random manifests printed in many styles', () => {
    const scalar = fc.oneof(
      fc.constantFrom(
        'yes',
        'no',
        'on',
        'Off',
        'y',
        'n',
        '~',
        'null',
        '0755',
        '0x1F',
        '1_000',
        '1:30',
        '2024-01-01',
        '.inf',
        '-.5',
        '1e3',
        '+1',
        'true',
        'a: b',
        '- x',
        '#',
        "it's",
        'q"uote',
        'é',
        ' lead',
        'trail ',
        '',
      ),
      fc.string({ maxLength: 8 }),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const key = fc.oneof(
      fc.constantFrom('name', 'y', 'on', '1', 'a.b/c', 'with space', 'x:y', '- k', "'q'", '__x'),
      fc.string({ maxLength: 6 }),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('arr'), tie('obj')),
      arr: fc.array(tie('node'), { maxLength: 3 }),
      obj: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    })).node;
    const manifest = fc.record({
      apiVersion: fc.constant('v1'),
      kind: fc.constant('X'),
      spec: value,
    });
    let taken = 0;
    fc.assert(
      fc.property(
        fc.array(manifest, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(0, 1, 2, 3),
        fc.constantFrom(2, 4),
        (objects, flowLevel, indent) => {
          const text = objects
            .map((o) =>
              stringify(o, {
                version: '1.1',
                indent,
                indentSeq: flowLevel % 2 === 0,
                lineWidth: 0,
                collectionStyle: flowLevel === 3 ? 'flow' : 'any',
                defaultKeyType: flowLevel === 1 ? 'PLAIN' : null,
              }),
            )
            .join('---\n');
          if (expectSameAsSlow(text)) taken++;
        },
      ),
      { numRuns: runs },
    );
    expect(taken).toBeGreaterThan(runs / 4);
  }, 3_600_000);
});

describe('fast YAML scalar resolver', () => {
  it('treats only MAY_BE_TYPED_FIRST first characters as possibly typed (checked against the tags)', () => {
    const tags = (
      new Document(null, YAML_OPTIONS).schema.tags as unknown as Array<{
        test?: RegExp;
        default?: boolean | 'key';
      }>
    ).filter((t) => t.test && t.default);
    const resolve = createScalarResolver(YAML_OPTIONS);
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.constantFrom('', 'es', 'ull', 'rue', 'n', 'x1F', '.5', 'e3', '0_7'),
        (head, tail) => {
          const s = head + tail;
          if (s.charCodeAt(0) >= 128 || MAY_BE_TYPED_FIRST.includes(s[0] ?? '')) return;
          // No implicit tag accepts it, so it must stay a string.
          expect(tags.some((t) => t.test?.test(s))).toBe(false);
          expect(resolve(s, false)).toBe(s);
        },
      ),
      { numRuns: process.env.KPC_DEEP ? 20_000 : 300 },
    );
    // Every tag accepts something starting with a listed character.
    for (const s of [
      '~',
      'null',
      'yes',
      'On',
      'off',
      'TRUE',
      'n',
      '0755',
      '+1',
      '-0b1',
      '.inf',
      '<<',
    ])
      expect(MAY_BE_TYPED_FIRST.includes(s[0] ?? '')).toBe(true);
    expect(resolve('yes', false)).toBe(true);
    expect(resolve('0755', false)).toBe(493);
    expect(resolve('nginx', false)).toBe('nginx');
  });
});
