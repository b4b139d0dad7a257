import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInputs, loadInputsByFile, STDIN_FILE } from './load-inputs.ts';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('loadInputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpc-load-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'b', 'nested'), { recursive: true });
  mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
  mkdirSync(join(dir, '.git'), { recursive: true });
  writeFileSync(join(dir, 'z.yaml'), cm('z'));
  writeFileSync(join(dir, 'a.yml'), cm('a'));
  writeFileSync(
    join(dir, 'b', 'nested', 'deep.json'),
    '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"}}',
  );
  writeFileSync(join(dir, 'b', 'notes.txt'), 'not a manifest');
  writeFileSync(join(dir, 'node_modules', 'x', 'skip.yaml'), cm('skipped'));
  writeFileSync(join(dir, '.git', 'skip.yaml'), cm('skipped'));
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(dir, '.github', 'workflows', 'ci.yaml'), 'on: push\njobs: {}\n');
  writeFileSync(join(dir, 'package.json'), '{"name": "x"}');
  writeFileSync(join(dir, 'tsconfig.build.json'), '{}');
  writeFileSync(join(dir, 'b', 'Chart.yaml'), 'name: c\n');
  writeFileSync(join(dir, 'b', 'values.prod.yaml'), 'replicas: 2\n');
  symlinkSync(dir, join(dir, 'b', 'loop'));

  it('loadInputsByFile yields one result per file and per unreadable input, in loadInputs order', async () => {
    const inputs = [dir, join(dir, 'missing.yaml'), '-'];
    const stdin = async () => new TextEncoder().encode(`${cm('s1')}---\n${cm('s2')}`);
    const parts = [];
    for await (const r of loadInputsByFile(inputs, { stdin })) parts.push(r);
    expect(parts.map((r) => r.documents.map((d) => d.name))).toEqual([
      ['a'],
      ['deep'],
      ['z'],
      [],
      ['s1', 's2'],
    ]);
    expect(parts.map((r) => r.unreadableInputs)).toEqual([0, 0, 0, 1, 0]);
    const all = await loadInputs(inputs, { stdin });
    expect(parts.flatMap((r) => r.documents.map((d) => [d.file, d.name]))).toEqual(
      all.documents.map((d) => [d.file, d.name]),
    );
    expect(parts.flatMap((r) => r.diagnostics)).toEqual(all.diagnostics);
  });

  it('walks directories recursively in sorted order, skipping node_modules, hidden entries, non-manifest files and loops', async () => {
    const r = await loadInputs([dir]);
    expect(r.documents.map((d) => d.name)).toEqual(['a', 'deep', 'z']);
    expect(r.diagnostics).toEqual([]);
    expect(r.unreadableInputs).toBe(0);
    expect(r.documents[0]?.file).toBe(join(dir, 'a.yml'));
  });

  it('reads a file reached twice once, at its first place (named twice, inside a named directory, through a symlink)', async () => {
    symlinkSync(join(dir, 'z.yaml'), join(dir, 'b', 'z-link.yaml'));
    try {
      const r = await loadInputs([
        join(dir, 'z.yaml'),
        dir,
        join(dir, 'z.yaml'),
        join(dir, 'b', 'nested', 'deep.json'),
      ]);
      expect(r.documents.map((d) => [d.name, d.file])).toEqual([
        ['z', join(dir, 'z.yaml')],
        ['a', join(dir, 'a.yml')],
        ['deep', join(dir, 'b', 'nested', 'deep.json')],
      ]);
      expect(r.diagnostics).toEqual([]);
    } finally {
      rmSync(join(dir, 'b', 'z-link.yaml'));
    }
  });

  it('reads an explicitly named file even if a walk would skip it', async () => {
    const r = await loadInputs([join(dir, 'package.json')]);
    expect(r.diagnostics.map((d) => d.code)).toEqual([
      'LOAD_MISSING_API_VERSION',
      'LOAD_MISSING_KIND',
    ]);
  });

  it('reads an explicitly named file whatever its extension', async () => {
    const r = await loadInputs([join(dir, 'b', 'notes.txt')]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['LOAD_NOT_AN_OBJECT']);
  });

  it('reports a missing input as unreadable and keeps loading the others', async () => {
    const r = await loadInputs([join(dir, 'nope.yaml'), join(dir, 'a.yml')]);
    expect(r.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['LOAD_NOT_FOUND', 1]]);
    expect(r.unreadableInputs).toBe(1);
    expect(r.documents.map((d) => d.name)).toEqual(['a']);
  });

  it('reads `-` from stdin', async () => {
    const r = await loadInputs(['-'], {
      stdin: async () => Buffer.from(`${cm('one')}---\n${cm('two')}`),
    });
    expect(r.documents.map((d) => [d.file, d.name, d.documentIndex])).toEqual([
      [STDIN_FILE, 'one', 0],
      [STDIN_FILE, 'two', 1],
    ]);
    expect(r.documents[1]?.locate('/metadata/name')).toMatchObject({
      file: STDIN_FILE,
      line: 9,
      column: 9,
    });
  });

  it('a failing stdin is an unreadable input, not a throw', async () => {
    const r = await loadInputs(['-'], {
      stdin: async () => {
        throw new Error('EPIPE');
      },
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['LOAD_READ_FAILED']);
    expect(r.unreadableInputs).toBe(1);
  });

  // A regular file whose read fails (its reads are synchronous): Linux's /proc/self/mem is a
  // regular file that fails with EIO at offset 0.
  const failingFile = '/proc/self/mem';
  const hasFailingFile = existsSync(failingFile);
  if (!hasFailingFile)
    console.log(`skipped: a regular file whose read fails (${failingFile} is absent here)`);
  it.skipIf(!hasFailingFile)(
    'a regular file whose read fails is LOAD_READ_FAILED at its path; the file next to it is still loaded',
    async () => {
      const r = await loadInputs([failingFile, join(dir, 'a.yml')]);
      expect(r.diagnostics.map((d) => [d.code, d.location?.file])).toEqual([
        ['LOAD_READ_FAILED', failingFile],
      ]);
      expect(r.diagnostics[0]?.message).toMatch(/^Could not read the file: E[A-Z]+\.$/);
      expect(r.unreadableInputs).toBe(1);
      expect(r.documents.map((d) => d.name)).toEqual(['a']);
    },
  );
});
