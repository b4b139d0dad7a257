import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseManifestText, splitYamlStream } from './parse-manifest-text.ts';
import { expectSameLoad } from './test-support/expect-same-load.ts';
import { randomStream as stream } from './test-support/random-stream.ts';
import type { LoaderLimits } from './types.ts';

/** Cases per property; `KPC_DEEP=1` for the long campaign. */
const runs = process.env.KPC_DEEP ? 5_000 : 150;

describe('splitting a YAML stream at `---` before parsing', () => {
  it('cuts only at markers at column 0 followed by a space, tab, line break or the end', () => {
    const text = 'a: 1\n---\nb: |\n  ---\n---x\n--- # c\nc: 1\n---\td: 1\n---';
    expect(splitYamlStream(text, 1)).toEqual([5, 25, 38, 47]);
    expect(splitYamlStream(text, 2)).toEqual([25, 47]);
    expect(splitYamlStream(text, Number.POSITIVE_INFINITY)).toEqual([]);
    // The yaml package keeps a directive for later documents too: no cut after the first.
    expect(splitYamlStream('a: 1\n...\n%YAML 1.1\n# c\n---\nb: 1\n---\nc: 1\n', 1)).toEqual([]);
    expect(splitYamlStream('a: 1\n---\nb: 1\n...\n%TAG !e! x:\n---\nc: 1\n---\n', 1)).toEqual([5]);
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
