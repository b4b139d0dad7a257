/**
 * SpooledStringIndex, which numbers the objects of the file JUnit and PolicyReport have open:
 * exactly the numbering a Map from string to insertion index gives, with its strings in
 * memory or in a temporary file, and whatever its hash gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpooledStringIndex } from './spool.ts';

/** Strings with repeats among them, lone surrogates and the separator the reports' keys use. */
const values = fc.array(
  fc.oneof(
    fc.constantFrom('', 'v1\u0000Pod\u0000\u0000', 'a', '\ud800', 'x\udc00y', 'é'),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.string({ unit: fc.constantFrom('a', 'b', '\u0000'), maxLength: 4 }),
  ),
  { maxLength: 300 },
);

describe('SpooledStringIndex', () => {
  it('numbers strings as a Map of first positions does, in memory, spilled, and when every hash collides', () => {
    const hashes: ((s: string) => number)[] = [() => 7, (s) => s.length];
    fc.assert(
      fc.property(values, fc.constantFrom(undefined, 1, 40), fc.nat(2), (xs, memory, which) => {
        const index =
          which === 2
            ? new SpooledStringIndex(memory)
            : new SpooledStringIndex(memory, hashes[which]);
        const reference = new Map<string, number>();
        try {
          for (const x of xs) {
            if (!reference.has(x)) reference.set(x, reference.size);
            expect(index.intern(x)).toBe(reference.get(x));
            expect(index.size).toBe(reference.size);
          }
          // Asked again in another order, every number is the same.
          for (const x of [...xs].reverse()) expect(index.intern(x)).toBe(reference.get(x));
          expect(index.size).toBe(reference.size);
        } finally {
          index.close();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('grows past its first table and keeps 100,000 distinct keys exact', () => {
    const index = new SpooledStringIndex(1024);
    try {
      const key = (i: number) => `apps/v1\u0000Deployment\u0000team-${i % 97}\u0000web-${i}`;
      for (let i = 0; i < 100_000; i++) expect(index.intern(key(i))).toBe(i);
      for (let i = 0; i < 100_000; i += 997) expect(index.intern(key(i))).toBe(i);
      expect(index.size).toBe(100_000);
      expect(index.intern(key(100_000))).toBe(100_000);
    } finally {
      index.close();
    }
  });
});
