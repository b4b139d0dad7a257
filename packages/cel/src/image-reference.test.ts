/**
 * The CEL of `imageReference` and `imageMatches` computes exactly @kpc/ir's semantics, on
 * random references (registries with ports, nested paths, tags, digests, upper case and
 * other invalid forms) and random patterns: evaluated with cel-js, and with cel-go in the
 * Kubernetes 1.29 environment (`cel-check`, when on PATH; otherwise skipped with the reason).
 */
import { type Expr, imageMatches, imageReference, ir, textAfter } from '@kpc/ir';
import {
  arbImageCase,
  CelContext,
  celCheckPoliciesAsync,
  celCheckSkipReason,
  fromCelValue,
} from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerExpr, NameSource } from './lower.ts';

const RUNS = process.env.KPC_DEEP === '1' ? 20_000 : 400;
/** cel-check compiles each case's policy anew (about 0.2 s each). */
const GO_RUNS = process.env.KPC_DEEP === '1' ? 3000 : 120;

/** `e` lowered with `x` (the image) and `ps` (the patterns) read from `object`. */
function lowered(e: Expr, typedPatterns = false): string {
  return lowerExpr(
    e,
    {
      names: new Map([
        ['x', { text: 'object.x', kind: 'dyn' as const }],
        [
          'ps',
          typedPatterns
            ? { text: 'variables.ps', kind: 'list' as const, typedList: true }
            : { text: 'object.ps', kind: 'dyn' as const },
        ],
      ]),
      params: new Map(),
    },
    new NameSource(),
  ).text;
}

const REFERENCE = lowered(ir.call('imageReference', [ir.ref('x')]));
const MATCHES = lowered(ir.call('imageMatches', [ir.ref('x'), ir.ref('ps')]));

const celJs = (text: string, x: unknown, ps: unknown): unknown =>
  fromCelValue(new CelContext({ object: { x, ps } }, [], 'kubernetes').evaluate(text));

const cases = arbImageCase(imageReference);

describe('imageReference and imageMatches in CEL (cel-js)', () => {
  it('agree with the IR semantics on random references and patterns', () => {
    fc.assert(
      fc.property(cases, ({ image, patterns }) => {
        expect(celJs(REFERENCE, image, patterns)).toEqual(imageReference(image) ?? null);
        expect(celJs(MATCHES, image, patterns)).toBe(imageMatches(image, patterns));
      }),
      { numRuns: RUNS },
    );
  });

  it('the random cases match often enough to mean something', () => {
    const sample = fc.sample(cases, { numRuns: 2000, seed: 12 });
    const valid = sample.filter((c) => imageReference(c.image) !== undefined).length;
    const matched = sample.filter((c) => imageMatches(c.image, c.patterns)).length;
    expect(valid).toBeGreaterThan(400);
    expect(matched).toBeGreaterThan(200);
  });

  it('non-strings: absent reference, no match', () => {
    expect(celJs(REFERENCE, 5, [])).toBeNull();
    expect(celJs(MATCHES, null, ['*'])).toBe(false);
    expect(celJs(MATCHES, 'nginx', 'docker.io/*')).toBe(false);
    expect(celJs(MATCHES, 'nginx', [1, 'docker.io/library/*'])).toBe(true);
  });
});

const skip = celCheckSkipReason();
if (skip !== undefined) console.log(`[skip] cel-go evaluation of the image helpers: ${skip}`);

describe.skipIf(skip !== undefined)(
  'imageReference and imageMatches in cel-go (Kubernetes 1.29)',
  () => {
    it('type-check and agree with the IR semantics on random references and patterns', async () => {
      const sample = fc.sample(cases, { numRuns: GO_RUNS, seed: 20261202 });
      // Patterns typed as cel-go types an inlined `string[]` parameter (list(string)).
      const typed = lowered(ir.call('imageMatches', [ir.ref('x'), ir.ref('ps')]), true);
      const want = (image: string, patterns: string[]) => [
        imageReference(image) ?? null,
        imageMatches(image, patterns),
      ];
      const results = await celCheckPoliciesAsync(
        sample.map(({ image, patterns }) => {
          const [r, m] = want(image, patterns);
          return {
            policy: {
              variables: [{ name: 'ps', expression: JSON.stringify(patterns) }],
              // Validations are booleans: each compares with the IR's value.
              validations: [
                { expression: `${REFERENCE} == ${JSON.stringify(r)}` },
                { expression: `${MATCHES} == ${m}` },
                { expression: `${typed} == ${m}` },
              ],
            },
            activation: { object: { x: image, ps: patterns } },
          };
        }),
      );
      if (typeof results === 'string') throw new Error(results);
      const wrong = sample.flatMap(({ image, patterns }, i) => {
        const r = results[i]!;
        const got = r.eval?.results.map((x) => x.value ?? x.error);
        return r.ok && got?.length === 3 && got.every((v) => v === true)
          ? []
          : [
              {
                image,
                patterns,
                got,
                want: want(image, patterns),
                error: r.error ?? r.expressions.find((e) => !e.ok)?.error,
              },
            ];
      });
      expect(wrong.slice(0, 5)).toEqual([]);
    }, 300_000);

    it('textAfter agrees with the IR semantics on random strings (astral characters included)', async () => {
      const unit = fc.constantFrom('a', '.', '*', 'é', '😀', '/');
      const sample = fc.sample(
        fc.tuple(fc.string({ unit, maxLength: 8 }), fc.string({ unit, maxLength: 2 })),
        { numRuns: GO_RUNS, seed: 7 },
      );
      const text = lowered(ir.call('textAfter', [ir.ref('x'), ir.ref('ps')]));
      const results = await celCheckPoliciesAsync(
        sample.map(([s, sep]) => ({
          policy: {
            validations: [{ expression: `${text} == ${JSON.stringify(textAfter(s, sep))}` }],
          },
          activation: { object: { x: s, ps: sep } },
        })),
      );
      if (typeof results === 'string') throw new Error(results);
      const wrong = sample.filter((_, i) => results[i]!.eval?.results[0]?.value !== true);
      expect(wrong).toEqual([]);
    }, 300_000);
  },
);
