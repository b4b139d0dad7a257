/**
 * SpooledStringSet, the set of keys JUnit keeps per suite: exactly a Set of strings, with its
 * members in memory or in a temporary file, and whatever its hash gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpooledStringSet } from './spool.ts';

/** Strings with repeats among them, lone surrogates and the separator JUnit's keys use. */
const values = fc.array(
  fc.oneof(
    fc.constantFrom('', 'v1\u0000Pod\u0000\u0000', 'a', '\ud800', 'x\udc00y', 'é'),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.string({ unit: fc.constantFrom('a', 'b', '\u0000'), maxLength: 4 }),
  ),
  { maxLength: 300 },
);

describe('SpooledStringSet', () => {
  it('answers add and has exactly as a Set does, in memory, spilled, and when every hash collides', () => {
    const hashes: ((s: string) => number)[] = [() => 7, (s) => s.length];
    fc.assert(
      fc.property(values, fc.constantFrom(undefined, 1, 40), fc.nat(2), (xs, memory, which) => {
        const set =
          which === 2 ? new SpooledStringSet(memory) : new SpooledStringSet(memory, hashes[which]);
        const reference = new Set<string>();
        try {
          for (const x of xs) {
            expect(set.has(x)).toBe(reference.has(x));
            expect(set.add(x)).toBe(!reference.has(x));
            reference.add(x);
            expect(set.size).toBe(reference.size);
          }
          for (const x of xs) expect(set.has(x)).toBe(true);
          expect(set.has('not\u0001among')).toBe(reference.has('not\u0001among'));
        } finally {
          set.close();
        }
        expect(set.size).toBe(0);
        for (const x of xs.slice(0, 3)) expect(set.has(x)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('grows past its first table and keeps 100,000 distinct keys exact', () => {
    const set = new SpooledStringSet(1024);
    try {
      const key = (i: number) => `apps/v1\u0000Deployment\u0000team-${i % 97}\u0000web-${i}`;
      for (let i = 0; i < 100_000; i++) expect(set.add(key(i))).toBe(true);
      for (let i = 0; i < 100_000; i += 997) expect(set.add(key(i))).toBe(false);
      expect(set.size).toBe(100_000);
      expect(set.has(key(100_000))).toBe(false);
    } finally {
      set.close();
    }
  });
});
