import {
  type Expr,
  imageDigest,
  imageRegistry,
  imageTag,
  ir,
  type RuleIR,
  textAfter,
} from '@kpc/ir';
import { CelContext, celEnvironment, fromCelValue, imageString } from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCelCapabilities } from './capabilities.ts';
import { celString, hasLoneSurrogate } from './literal.ts';
import { lowerExpr, NameSource } from './lower.ts';
import { translateRegex } from './regex.ts';

const RUNS = process.env.KPC_DEEP === '1' ? 30_000 : 300;

/** Lowers `e` with one dyn variable `x` in scope and evaluates it with cel-js. */
function evalWithX(e: Expr, x: unknown, mode: 'kubernetes' | 'double' = 'kubernetes'): unknown {
  const text = lowerExpr(
    e,
    { names: new Map([['x', { text: 'object.x', kind: 'dyn' }]]), params: new Map() },
    new NameSource(),
  ).text;
  return fromCelValue(new CelContext({ object: { x } }, [], mode).evaluate(text));
}

describe('CEL string literals', () => {
  it('round-trip any string without lone surrogates through cel-js', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        fc.pre(!hasLoneSurrogate(s));
        expect(celEnvironment().evaluate(celString(s))).toBe(s);
      }),
      { numRuns: RUNS },
    );
  });

  it('use only printable ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        fc.pre(!hasLoneSurrogate(s));
        expect(celString(s)).toMatch(/^[\x20-\x7e]*$/);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses lone surrogates up front', () => {
    const rule: RuleIR = {
      irVersion: 1,
      id: 'x',
      target: { kind: 'podSpec' },
      params: {},
      each: null,
      check: ir.compare('eq', ir.get(ir.ref('element'), 'a'), ir.literal('\ud800')),
      message: ir.literal('m'),
    };
    expect(checkCelCapabilities(rule).map((u) => u.construct)).toEqual(['string literal']);
  });
});

describe('image helpers lower exactly as rule/helpers.ts', () => {
  const anyImage = fc.oneof(
    imageString,
    fc.string({ unit: fc.constantFrom('a', '.', ':', '/', '@', 'é', 'localhost', '日') }),
  );
  for (const [helper, fn] of [
    ['imageRegistry', imageRegistry],
    ['imageTag', imageTag],
    ['imageDigest', imageDigest],
  ] as const) {
    it(`${helper} on random image strings`, () => {
      fc.assert(
        fc.property(anyImage, (image) => {
          expect(evalWithX(ir.call(helper, [ir.ref('x')]), image)).toEqual(fn(image) ?? null);
        }),
        { numRuns: RUNS },
      );
    });
  }
  it('textAfter on random strings and separators (astral characters included)', () => {
    const unit = fc.constantFrom('a', '.', '*', 'é', '😀', '/', '');
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 8 }),
        fc.string({ unit, maxLength: 2 }),
        (s, sep) => {
          const e = ir.call('textAfter', [ir.get(ir.ref('x'), 's'), ir.get(ir.ref('x'), 'p')]);
          expect(evalWithX(e, { s, p: sep })).toBe(textAfter(s, sep));
        },
      ),
      { numRuns: RUNS },
    );
    expect(evalWithX(ir.call('textAfter', [ir.ref('x'), ir.literal('.')]), 5)).toBeNull();
    expect(evalWithX(ir.call('textAfter', [ir.literal('a.b'), ir.ref('x')]), null)).toBeNull();
  });
  it('a non-string argument gives absent, not an error', () => {
    expect(evalWithX(ir.call('imageRegistry', [ir.ref('x')]), 5)).toBeNull();
    expect(evalWithX(ir.call('imageTag', [ir.ref('x')]), null)).toBeNull();
  });
});

describe('regex subset', () => {
  const PATTERNS = [
    '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
    'a.c',
    '^.*$',
    '(foo|bar)+\\d{2,3}',
    '[^a-z]',
    '\\bword\\b',
    'x*?y',
    '^sha256:[a-f0-9]{64}$',
    '\\.\\*\\/',
    '\\x61\\x2d',
    '^[\\x61-\\x63]+$',
    '^a{1000}$|b',
    'a{2,1000}',
  ];
  const subject = fc.string({
    unit: fc.constantFrom(
      'a',
      'b',
      'c',
      'x',
      'y',
      'f',
      'o',
      'r',
      '1',
      '2',
      '-',
      '.',
      '\n',
      '\r',
      '\u2028',
      '\u2029',
      'é',
      ' ',
      '*',
      '/',
      'w',
      'd',
    ),
    maxLength: 10,
  });
  for (const p of PATTERNS) {
    it(`/${p}/ behaves as JavaScript RegExp.test (unanchored search)`, () => {
      const t = translateRegex(p);
      if (!t.ok) throw new Error(t.reason);
      const js = new RegExp(p);
      fc.assert(
        fc.property(subject, (s) => {
          expect(evalWithX(ir.regexTest(p, ir.ref('x')), s)).toBe(js.test(s));
        }),
        { numRuns: RUNS },
      );
    });
  }
  it('refuses constructs RE2 and JavaScript read differently', () => {
    for (const p of [
      '\\s',
      'a(?=b)',
      '(a)\\1',
      '(?<n>a)',
      '\\u0041',
      '[\\b]',
      'a{,2}',
      'a**',
      '[]a]',
      '\\p{L}',
    ])
      expect(translateRegex(p).ok, p).toBe(false);
  });
  it('refuses repetition counts above RE2 limit with that reason', () => {
    for (const p of ['a{1001}', 'a{1,1001}', 'a{1001,}', 'a{99999}']) {
      const t = translateRegex(p);
      expect(t.ok ? '' : t.reason, p).toMatch(/^a repetition count above 1000 or out of order/);
    }
    expect(translateRegex('\\x4').ok).toBe(false);
    expect(translateRegex('\\x{41}').ok).toBe(false);
  });
  it('is false on non-strings', () => {
    expect(evalWithX(ir.regexTest('a', ir.ref('x')), 5)).toBe(false);
    expect(evalWithX(ir.regexTest('a', ir.ref('x')), null)).toBe(false);
  });
});

describe('numbers: int and double objects behave the same', () => {
  it('comparisons and equality against literals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 5 }),
        fc.integer({ min: -5, max: 5 }),
        fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge' as const),
        (a, b, op) => {
          const e = ir.compare(op, ir.ref('x'), ir.literal(b));
          const expected = {
            eq: a === b,
            ne: a !== b,
            lt: a < b,
            le: a <= b,
            gt: a > b,
            ge: a >= b,
          }[op];
          expect(evalWithX(e, a, 'kubernetes')).toBe(expected);
          expect(evalWithX(e, a, 'double')).toBe(expected);
        },
      ),
      { numRuns: RUNS },
    );
  });
  it('equality between two object numbers of different CEL types', () => {
    const e = ir.compare('eq', ir.get(ir.ref('x'), 'a'), ir.get(ir.ref('x'), 'b'));
    const ctx = new CelContext({ object: {} }, [], 'kubernetes');
    void ctx;
    expect(evalWithX(e, { a: 3, b: 3 })).toBe(true);
    expect(evalWithX(e, { a: 3, b: 4 }, 'double')).toBe(false);
    expect(evalWithX(e, { a: '3', b: 3 })).toBe(false);
    expect(evalWithX(e, { a: null })).toBe(true); // absent === absent
  });
});

describe('numbers in messages print as JavaScript prints them', () => {
  it('integers typed as int or as double, and fractions', () => {
    for (const n of [0, 7, 1000, 1000000, 123456789, -42, 2147483647, 1.5, 1e21]) {
      for (const mode of ['kubernetes', 'double'] as const)
        expect(evalWithX(ir.concat([ir.literal('n='), ir.ref('x')]), n, mode), `${n} ${mode}`).toBe(
          `n=${n}`,
        );
    }
  });
});

describe('guards: no CEL error on any JSON value', () => {
  const json = fc.jsonValue({ maxDepth: 3 });
  const exprs: Expr[] = [
    ir.get(ir.get(ir.ref('x'), 'a'), 'b'),
    ir.length(ir.get(ir.ref('x'), 'a')),
    ir.comprehension(
      'every',
      ir.get(ir.ref('x'), 'a'),
      'v',
      ir.compare('ne', ir.get(ir.ref('v'), 'b'), ir.literal(true)),
    ),
    ir.comprehension('filter', ir.ref('x'), 'v', ir.compare('gt', ir.ref('v'), ir.literal(1))),
    ir.call('allContainers', [ir.ref('x')]),
    ir.call('imageTag', [ir.get(ir.ref('x'), 'image')]),
    ir.compare('lt', ir.get(ir.ref('x'), 'a'), ir.literal('m')),
  ];
  it('total on random JSON, int and double typing', () => {
    fc.assert(
      fc.property(
        json,
        fc.constantFrom(...exprs.keys()),
        fc.constantFrom('kubernetes' as const, 'double' as const),
        (x, i, mode) => {
          expect(() => evalWithX(exprs[i]!, x, mode)).not.toThrow();
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('capability check', () => {
  const base: RuleIR = {
    irVersion: 1,
    id: 'r',
    target: { kind: 'podSpec' },
    params: {},
    each: null,
    check: ir.literal(true),
    message: ir.literal('m'),
  };
  it('refuses string ordering without a safe literal, objectView where order shows, nested flatMap', () => {
    const el = ir.ref('element');
    const rule: RuleIR = {
      ...base,
      check: ir.compare('lt', ir.get(el, 'a'), ir.get(el, 'b')),
      message: ir.comprehension(
        'map',
        ir.objectView('keys', ir.get(el, 'labels')),
        'k',
        ir.ref('k'),
      ) as Expr,
      each: ir.comprehension(
        'flatMap',
        ir.call('allContainers', [ir.ref('spec')]),
        'c',
        ir.comprehension('flatMap', ir.get(ir.ref('c'), 'ports'), 'p', ir.get(ir.ref('p'), 'x')),
      ),
    };
    expect(
      checkCelCapabilities(rule)
        .map((u) => u.construct)
        .sort(),
    ).toEqual(['compare lt', 'comprehension flatMap', 'objectView keys']);
  });
  it('refuses the length of a value that may be a string (UTF-16 vs code points)', () => {
    const el = ir.ref('element');
    expect(
      checkCelCapabilities({
        ...base,
        check: ir.compare('gt', ir.length(ir.get(el, 'name')), ir.literal(3)),
      }).map((u) => u.construct),
    ).toEqual(['length of a value that may be a string']);
    expect(
      checkCelCapabilities({
        ...base,
        check: ir.compare('gt', ir.length(ir.get(el, 'containers')), ir.literal(3)),
      }),
    ).toEqual([]);
  });
  it('accepts ordering against a number or an ASCII literal', () => {
    const el = ir.ref('element');
    expect(
      checkCelCapabilities({ ...base, check: ir.compare('ge', ir.get(el, 'a'), ir.literal(3)) }),
    ).toEqual([]);
    expect(
      checkCelCapabilities({ ...base, check: ir.compare('ge', ir.get(el, 'a'), ir.literal('v1')) }),
    ).toEqual([]);
  });
});
