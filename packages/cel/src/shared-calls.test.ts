import {
  and,
  call,
  compare,
  comprehension,
  cond,
  type Expr,
  evaluateExpr,
  get,
  literal,
  not,
  or,
  ref,
} from '@kpc/ir';
import { CelContext, fromCelValue, imageString } from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerExpr, NameSource } from './lower.ts';
import { shareRepeatedCall } from './shared-calls.ts';

const RUNS = process.env.KPC_DEEP === '1' ? 5_000 : 200;
const image = get(ref('x'), 'image');
const tag = call('imageTag', [image]);
const digest = call('imageDigest', [image]);
const registry = call('imageRegistry', [image]);

/** disallow-latest-tag's check, with imageTag written twice. */
const latest = or([
  not(compare('eq', digest, { kind: 'absent' })),
  and([not(compare('eq', tag, { kind: 'absent' })), compare('ne', tag, literal('latest'))]),
]);
/** Two different calls, each written twice, in a ternary and a logical. */
const nested = cond(
  compare('eq', registry, literal('docker.io')),
  and([compare('eq', tag, literal('1')), compare('ne', registry, tag)]),
  compare('eq', tag, literal('latest')),
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
    // imageTag's body has one lastIndexOf(":") test.
    expect(count(lowered(latest), 'lastIndexOf(":") >= 0')).toBe(1);
    expect(count(lowered(nested), 'lastIndexOf(":") >= 0')).toBe(1);
    expect(shareRepeatedCall(compare('eq', tag, literal('x')))).toBeUndefined();
  });

  it('does not move a call out of the scope of a name it reads', () => {
    // `c` is bound inside: imageTag(c.image) is a different value for each element.
    const each = comprehension(
      'some',
      get(ref('x'), 'containers'),
      'c',
      and([
        compare('ne', call('imageTag', [get(ref('c'), 'image')]), literal('latest')),
        compare('ne', call('imageTag', [get(ref('c'), 'image')]), literal('dev')),
      ]),
    );
    expect(shareRepeatedCall(and([each, literal(true)]))).toBeUndefined();
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
