import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInputs } from './load-inputs.ts';
import { parseManifestText } from './parse-manifest-text.ts';

const FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../tests/fixtures/hostile',
);

/** file → [code, line, column] of every diagnostic, and the names of the objects still loaded. */
const EXPECTED: Record<string, { diagnostics: [string, number, number][]; loaded?: string[] }> = {
  'alias-bomb.yaml': { diagnostics: [['LOAD_ALIAS_LIMIT', 1, 1]] },
  'bad-list-items.yaml': {
    diagnostics: [
      ['LOAD_NOT_AN_OBJECT', 7, 3],
      ['LOAD_MISSING_API_VERSION', 8, 3],
    ],
    loaded: ['ok'],
  },
  'bad-then-good.yaml': {
    diagnostics: [
      ['LOAD_YAML_SYNTAX', 4, 9],
      ['LOAD_YAML_SYNTAX', 4, 9],
    ],
    loaded: ['good'],
  },
  'directives.yaml': { diagnostics: [], loaded: ['Pod'] },
  'duplicate-key.json': { diagnostics: [['LOAD_DUPLICATE_KEY', 1, 37]] },
  'duplicate-key.yaml': { diagnostics: [['LOAD_DUPLICATE_KEY', 7, 3]] },
  'empty.yaml': { diagnostics: [['LOAD_EMPTY', 1, 1]] },
  'malformed.yaml': {
    diagnostics: [
      ['LOAD_YAML_SYNTAX', 8, 1],
      ['LOAD_YAML_SYNTAX', 8, 1],
    ],
  },
  'missing-type-meta.yaml': {
    diagnostics: [
      ['LOAD_MISSING_API_VERSION', 1, 1],
      ['LOAD_MISSING_KIND', 5, 1],
      ['LOAD_MISSING_API_VERSION', 9, 13],
      ['LOAD_MISSING_KIND', 13, 1],
    ],
  },
  'scalar-documents.yaml': {
    diagnostics: [
      ['LOAD_NOT_AN_OBJECT', 1, 1],
      ['LOAD_NOT_AN_OBJECT', 3, 1],
      ['LOAD_NOT_AN_OBJECT', 6, 1],
    ],
  },
  'tabs.yaml': { diagnostics: [['LOAD_YAML_TAB', 4, 1]] },
  'trailing-comma.json': { diagnostics: [['LOAD_JSON_SYNTAX', 4, 28]] },
  'truncated.json': { diagnostics: [['LOAD_JSON_SYNTAX', 5, 19]] },
  'unclosed-flow.yaml': { diagnostics: [['LOAD_YAML_SYNTAX', 4, 1]] },
  'undefined-alias.yaml': { diagnostics: [['LOAD_YAML_SYNTAX', 4, 9]] },
};

const summary = (r: ReturnType<typeof parseManifestText>) =>
  r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column]);

describe('hostile input corpus', () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: located diagnostics, no crash`, () => {
      const r = parseManifestText(readFileSync(join(FIXTURES, file)), file);
      expect(summary(r)).toEqual(expected.diagnostics);
      for (const d of r.diagnostics) {
        expect(d.location?.file).toBe(file);
        expect(d.message).not.toMatch(/\n\s+at /); // never a stack trace
      }
      expect(r.documents.map((d) => d.name ?? d.kind)).toEqual(expected.loaded ?? []);
    });
  }

  it('covers every fixture file', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(FIXTURES).filter((f) => f !== 'README.md');
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });
});

describe('generated hostile inputs', () => {
  it('binary file (NUL byte) → LOAD_BINARY at the byte, unreadable', () => {
    const r = parseManifestText(Buffer.from('apiVersion: v1\nki\u0000nd: Pod\n'), 'bin.yaml');
    expect(summary(r)).toEqual([['LOAD_BINARY', 2, 3]]);
    expect(r.unreadableInputs).toBe(1);
  });

  it('a real binary prefix (PNG header) → LOAD_BINARY', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(summary(parseManifestText(png, 'x.png'))[0]?.[0]).toBe('LOAD_BINARY');
  });

  it('invalid UTF-8 → LOAD_INVALID_UTF8 at the first bad byte', () => {
    const bytes = Buffer.concat([
      Buffer.from('apiVersion: v1\nkind: Pé'),
      Buffer.from([0xc3, 0x28]),
    ]);
    const r = parseManifestText(bytes, 'latin.yaml');
    expect(summary(r)).toEqual([['LOAD_INVALID_UTF8', 2, 9]]);
    expect(r.unreadableInputs).toBe(1);
  });

  it('overlong and surrogate encodings are invalid UTF-8', () => {
    for (const bad of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
    ]) {
      const r = parseManifestText(Buffer.from([0x61, ...bad]), 'u.yaml');
      expect(summary(r)).toEqual([['LOAD_INVALID_UTF8', 1, 2]]);
    }
  });

  it('a file over maxFileBytes → LOAD_TOO_LARGE without parsing it', () => {
    const big = `apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "${'x'.repeat(2000)}"\n`;
    const r = parseManifestText(big, 'big.yaml', { maxFileBytes: 1000 });
    expect(summary(r)).toEqual([['LOAD_TOO_LARGE', 1, 1]]);
    expect(r.unreadableInputs).toBe(1);
  });

  it('deep flow nesting (100k levels) → LOAD_TOO_DEEP, no stack overflow', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    const r = parseManifestText(text, 'deep.yaml');
    expect(summary(r)).toEqual([['LOAD_TOO_DEEP', 3, 106]]);
  });

  it('deep block nesting → LOAD_TOO_DEEP at the first level over the limit', () => {
    let text = 'apiVersion: v1\nkind: ConfigMap\n';
    for (let i = 0; i < 3000; i++) text += `${' '.repeat(i)}k:\n`;
    const r = parseManifestText(text, 'deep.yaml', { maxDepth: 10 });
    expect(summary(r)).toEqual([['LOAD_TOO_DEEP', 13, 11]]);
  });

  it('deep JSON nesting → LOAD_TOO_DEEP before JSON.parse', () => {
    const text = `{"apiVersion":"v1","kind":"ConfigMap","data":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`;
    const r = parseManifestText(text, 'deep.json');
    expect(summary(r)).toEqual([['LOAD_TOO_DEEP', 1, 1 + text.indexOf('{"a":') + 99 * 5]]);
  });

  it('nesting multiplied through aliases is caught after expansion', () => {
    let text = 'apiVersion: v1\nkind: ConfigMap\na0: &a0 [x]\n';
    for (let i = 1; i < 9; i++) text += `a${i}: &a${i} [[[[[[[[*a${i - 1}]]]]]]]]\n`;
    const r = parseManifestText(text, 'alias-deep.yaml', { maxDepth: 50, maxAliasCount: 10_000 });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['LOAD_TOO_DEEP']);
  });

  it('more documents than maxDocuments → LOAD_TOO_MANY_DOCUMENTS, the first ones are kept', () => {
    const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`;
    const text = Array.from({ length: 6 }, (_, i) => doc(i)).join('---\n');
    const r = parseManifestText(text, 'many.yaml', { maxDocuments: 4 });
    expect(summary(r)).toEqual([['LOAD_TOO_MANY_DOCUMENTS', 16, 1]]);
    expect(r.documents.map((d) => d.name)).toEqual(['c0', 'c1', 'c2', 'c3']);
  });

  it('a List with more items than maxDocuments stops at the limit', () => {
    const items = Array.from(
      { length: 5 },
      (_, i) => `- {apiVersion: v1, kind: ConfigMap, metadata: {name: c${i}}}`,
    );
    const text = `apiVersion: v1\nkind: List\nitems:\n${items.join('\n')}\n`;
    const r = parseManifestText(text, 'list.yaml', { maxDocuments: 3 });
    expect(summary(r)).toEqual([['LOAD_TOO_MANY_DOCUMENTS', 7, 3]]);
    expect(r.documents).toHaveLength(3);
  });

  it('random bytes never throw', () => {
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const alphabet = 'ab: -[]{}&*!|>\'"#%@`\n\t ,?:0123456789.';
    for (let n = 0; n < 300; n++) {
      let text = '';
      const len = rnd() % 200;
      for (let i = 0; i < len; i++) text += alphabet[rnd() % alphabet.length];
      expect(() => parseManifestText(text, 'fuzz.yaml')).not.toThrow();
      expect(() => parseManifestText(text, 'fuzz.json')).not.toThrow();
    }
  });
});

describe('hostile files next to good ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpc-hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('good files are still loaded; unreadable inputs are counted', async () => {
    writeFileSync(
      join(dir, 'a-good.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: good}\n',
    );
    writeFileSync(join(dir, 'b-binary.yaml'), Buffer.from([0x61, 0, 0x62]));
    writeFileSync(join(dir, 'c-bad.yaml'), 'apiVersion: v1\nkind: Pod\nkind: Pod\n');
    writeFileSync(join(dir, 'd-big.yaml'), `a: "${'x'.repeat(5000)}"\n`);
    const r = await loadInputs([dir, join(dir, 'missing.yaml')], {
      limits: { maxFileBytes: 4096 },
    });
    expect(r.documents.map((d) => d.name)).toEqual(['good']);
    expect(r.diagnostics.map((d) => d.code)).toEqual([
      'LOAD_BINARY',
      'LOAD_DUPLICATE_KEY',
      'LOAD_TOO_LARGE',
      'LOAD_NOT_FOUND',
    ]);
    expect(r.unreadableInputs).toBe(3);
  });
});
