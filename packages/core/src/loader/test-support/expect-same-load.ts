/** Test-only: two loads of the same text agree on everything a user of the loader sees. */
import { jsonPointers } from '@kpc/testing';
import { expect } from 'vitest';
import type { LoadResult } from '../types.ts';

/**
 * `actual` and `expected` have the same diagnostics, unreadable count and documents: file,
 * index, base pointer, kind, name, value, the location of every pointer (and of a missing
 * child under each container) and the source lines a code frame shows around each.
 */
export function expectSameLoad(actual: LoadResult, expected: LoadResult): void {
  expect(actual.diagnostics).toEqual(expected.diagnostics);
  expect(actual.unreadableInputs).toBe(expected.unreadableInputs);
  expect(actual.documents.length).toBe(expected.documents.length);
  actual.documents.forEach((d, i) => {
    const e = expected.documents[i];
    if (!e) throw new Error('missing document');
    expect([d.file, d.documentIndex, d.basePointer, d.kind, d.name]).toEqual([
      e.file,
      e.documentIndex,
      e.basePointer,
      e.kind,
      e.name,
    ]);
    expect(d.object).toEqual(e.object);
    for (const p of jsonPointers(d.object)) {
      const at = d.locate(p);
      expect([p, at]).toEqual([p, e.locate(p)]);
      // The lines a code frame shows: two above the location, its line, one below.
      for (let n = Math.max(1, at.line - 2); n <= at.line + 1; n++)
        expect([p, n, d.sourceLine(n)]).toEqual([p, n, e.sourceLine(n)]);
    }
  });
}
