import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { translateRegex } from './regex.ts';

const runs = process.env.KPC_DEEP === '1' ? 20_000 : 300;

/** RE2 (via re2js, a port of RE2) unanchored search, as Rego's regex.match does it. */
function re2Test(pattern: string, s: string): boolean {
  return RE2JS.compile(pattern).matcher(s).find();
}

// Pattern pieces in the JS/RE2 common subset plus the constructs that differ.
const atom = fc.constantFrom(
  'a',
  'b',
  'ab',
  '.',
  '\\d',
  '\\w',
  '\\s',
  '\\S',
  '\\D',
  '\\W',
  '\\.',
  '\\/',
  '\\-',
  '[a-c]',
  '[^a]',
  '[\\s.]',
  '[\\d_-]',
  '\\u00e9',
  '\\x41',
  '\\t',
  '\\n',
  'é',
  '\\b',
  '\\B',
  '\\q',
  ':',
  '[[]',
  ']',
  '}',
  '{',
  '@',
  'sha256',
);
const quant = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '*?', '+?');
const piece = fc.tuple(atom, quant).map(([a, q]) => (q === '' ? a : `(?:${a})${q}`));
const arbPattern = fc
  .tuple(
    fc.boolean(),
    fc.array(
      fc.oneof(
        piece,
        fc.array(piece, { minLength: 1, maxLength: 3 }).map((p) => `(${p.join('')}|x)`),
      ),
      {
        minLength: 1,
        maxLength: 5,
      },
    ),
    fc.boolean(),
  )
  .map(([start, body, end]) => `${start ? '^' : ''}${body.join('')}${end ? '$' : ''}`);
const arbSubject = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      'a',
      'b',
      'c',
      'A',
      '1',
      '_',
      '-',
      '.',
      '/',
      ' ',
      '\t',
      '\n',
      '\r',
      '\u00a0',
      '\u2028',
      '\ufeff',
      'é',
      '😀',
      ':',
      '@',
      '[',
      ']',
      '{',
      '}',
    ),
    maxLength: 10,
  }),
  fc.string({ maxLength: 10 }),
);

describe('translateRegex', () => {
  it('translated patterns compile in RE2 and match exactly the strings JS matches', () => {
    fc.assert(
      fc.property(
        arbPattern,
        fc.array(arbSubject, { minLength: 1, maxLength: 8 }),
        (pattern, subjects) => {
          const t = translateRegex(pattern);
          if (!t.ok) return; // rejected: the backend reports GK_UNSUPPORTED, nothing to compare
          const js = new RegExp(pattern);
          for (const s of subjects)
            expect([pattern, s, re2Test(t.pattern, s)]).toEqual([pattern, s, js.test(s)]);
        },
      ),
      { numRuns: runs },
    );
  });

  it('translates the catalog-style patterns and keeps them readable', () => {
    expect(translateRegex('^[a-z0-9]+(\\.[a-z0-9]+)*$')).toEqual({
      ok: true,
      pattern: '^[a-z0-9]+(\\.[a-z0-9]+)*$',
    });
    expect(translateRegex(':latest$')).toEqual({ ok: true, pattern: ':latest$' });
    expect(translateRegex('a.b')).toEqual({ ok: true, pattern: 'a[^\\n\\r\\x{2028}\\x{2029}]b' });
    expect(translateRegex('(?<tag>x)')).toEqual({ ok: true, pattern: '(?P<tag>x)' });
  });

  it('rejects what RE2 cannot match the same way', () => {
    for (const p of [
      '(?=a)',
      '(?!a)',
      '(?<=a)',
      '(?<!a)',
      '(a)\\1',
      '\\cA',
      '[]',
      '[^]',
      'a{1001}',
      '\\p{L}',
      '[\\S]',
      '😀',
      '\\ud83d',
    ]) {
      const t = translateRegex(p);
      expect([p, t.ok]).toEqual([p, false]);
    }
  });
});
