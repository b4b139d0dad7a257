import { type Expr, evaluateExpr, ir } from '@kpc/ir';
import { CelContext, fromCelValue, imageString } from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerExpr, NameSource } from './lower.ts';
import { shareRepeatedCall } from './shared-calls.ts';

const RUNS = process.env.KPC_DEEP === '1' ? 5_000 : 200;
const image = ir.get(ir.ref('x'), 'image');
const tag = ir.call('imageTag', [image]);
const digest = ir.call('imageDigest', [image]);
const registry = ir.call('imageRegistry', [image]);

/** disallow-latest-tag's check, with imageTag written twice. */
const latest = ir.or([
  ir.not(ir.compare('eq', digest, { kind: 'absent' })),
  ir.and([
    ir.not(ir.compare('eq', tag, { kind: 'absent' })),
    ir.compare('ne', tag, ir.literal('latest')),
  ]),
]);
/** Two different calls, each written twice, in a ternary and a logical. */
const nested = ir.cond(
  ir.compare('eq', registry, ir.literal('docker.io')),
  ir.and([ir.compare('eq', tag, ir.literal('1')), ir.compare('ne', registry, tag)]),
  ir.compare('eq', tag, ir.literal('latest')),
);

function lowered(e: Expr): string {
  return lowerExpr(
    e,
    { names: new Map([['x', { text: 'object.x', kind: 'dyn' }]]), params: new Map() },
    new NameSource(),
  ).text;
}

const count = (text: string, s: string) => text.split(s).length - 1;

describe('shared helper calls', () => {
  it('lowers a call written twice once', () => {
    expect(shareRepeatedCall(latest)?.kind).toBe('let');
    // imageTag's body has one lastIndexOf(":") test (against the first "/").
    expect(count(lowered(latest), 'lastIndexOf(":") > ')).toBe(1);
    expect(count(lowered(nested), 'lastIndexOf(":") > ')).toBe(1);
    expect(shareRepeatedCall(ir.compare('eq', tag, ir.literal('x')))).toBeUndefined();
  });

  it('does not move a call out of the scope of a name it reads', () => {
    // `c` is bound inside: imageTag(c.image) is a different value for each element.
    const each = ir.comprehension(
      'some',
      ir.get(ir.ref('x'), 'containers'),
      'c',
      ir.and([
        ir.compare('ne', ir.call('imageTag', [ir.get(ir.ref('c'), 'image')]), ir.literal('latest')),
        ir.compare('ne', ir.call('imageTag', [ir.get(ir.ref('c'), 'image')]), ir.literal('dev')),
      ]),
    );
    expect(shareRepeatedCall(ir.and([each, ir.literal(true)]))).toBeUndefined();
  });

  it('gives the same values as the IR on random images', () => {
    const cases = [latest, nested].map((e) => [e, lowered(e)] as const);
    fc.assert(
      fc.property(fc.oneof(imageString, fc.constant(undefined), fc.integer()), (img) => {
        const x = img === undefined ? {} : { image: img };
        for (const [e, text] of cases) {
          const want = evaluateExpr(e, { bindings: { x } });
          if (!want.ok) throw new Error(want.error.message);
          const got = fromCelValue(
            new CelContext({ object: { x } }, [], 'kubernetes').evaluate(text),
          );
          expect(got, text).toEqual(want.value);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
