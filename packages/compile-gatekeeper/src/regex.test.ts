import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { regexSubject, translateRegex } from './regex.ts';

const runs = process.env.KPC_DEEP === '1' ? 20_000 : 300;

/** RE2 (via re2js, a port of RE2) unanchored search, as Rego's regex.match does it. */
function re2Test(pattern: string, s: string): boolean {
  return RE2JS.compile(pattern).matcher(regexSubject(s)).find();
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
    expect(translateRegex('a\\x41[\\x30-\\x39]')).toEqual({
      ok: true,
      pattern: 'a\\x{41}[\\x{30}-\\x{39}]',
    });
  });

  it('matches characters above U+FFFF as two code units, as JavaScript does', () => {
    for (const [p, s, want] of [
      ['^.{2}$', '😀', true],
      ['^.$', '😀', false],
      ['^\\D\\D$', 'a😀'.slice(1), true],
      ['^[^a]{2}$', '𝄞', true],
      ['^\\W+$', '😀', true],
    ] as const) {
      const t = translateRegex(p);
      expect(t.ok).toBe(true);
      if (t.ok) expect([p, s, re2Test(t.pattern, s)]).toEqual([p, s, want]);
      expect(new RegExp(p).test(s)).toBe(want);
    }
  });

  it('rejects what RE2 cannot match the same way', () => {
    for (const p of [
      '(?<tag>x)',
      '\\s',
      '\\u00e9',
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
      '\\ufffe',
      '\ufffe',
      '[\\u0000-\\uffff]',
      '[^\\ue000-\\uf8ff]',
      '[^\ue000]',
    ]) {
      const t = translateRegex(p);
      expect([p, t.ok]).toEqual([p, false]);
    }
  });
});

describe('the regular expressions inside the Rego prelude (checked with RE2)', () => {
  it('compile in RE2 and mean what the prelude says', async () => {
    const { preludeFor } = await import('./prelude.ts');
    const text = preludeFor(
      new Set(['kpc_length', 'kpc_regex_test', 'kpc_keys', 'kpc_image_registry'] as const),
    ).join('\n');
    const literals = [...text.matchAll(/regex\.(?:match|find_n)\(("(?:[^"\\]|\\.)*")/g)].map(
      (m) => JSON.parse(m[1]!) as string,
    );
    expect(literals.length).toBeGreaterThanOrEqual(5);
    for (const p of literals) expect(() => RE2JS.compile(p)).not.toThrow();
    const astral = literals.find((p) => p === '[\\x{10000}-\\x{10FFFF}]')!;
    expect(RE2JS.compile(astral).matcher('a😀b').find()).toBe(true);
    expect(RE2JS.compile(astral).matcher('a\uffffé').find()).toBe(false);
    const index = literals.find((p) => p.startsWith('^(0|'))!;
    for (const [k, want] of [
      ['0', true],
      ['17', true],
      ['01', false],
      ['a', false],
      ['4294967294', true],
    ] as const)
      expect([k, RE2JS.compile(index).matcher(k).find()]).toEqual([k, want]);
  });
});

describe('kpc_image_registry, the registry of an image reference', () => {
  it('is the native imageRegistry on random references (its RE2 regular expression and split, as the prelude writes them)', async () => {
    const { imageRegistry } = await import('@kpc/ir');
    const { preludeFor } = await import('./prelude.ts');
    const text = preludeFor(new Set(['kpc_image_registry'] as const)).join('\n');
    // The one branch that names a registry: split(img, "/")[0] if the expression matches.
    const m =
      /kpc_image_registry\(img\) := split\(img, "\/"\)\[0\] if \{\n {2}is_string\(img\)\n {2}regex\.match\(("(?:[^"\\]|\\.)*"), img\)\n\} else := "docker\.io"/.exec(
        text,
      );
    expect(m).not.toBeNull();
    const re = RE2JS.compile(JSON.parse(m![1]!) as string);
    const rego = (img: string) => (re.matcher(img).find() ? img.split('/')[0]! : 'docker.io');
    const part = fc.constantFrom(
      'a',
      'b.c',
      'localhost',
      'host:5000',
      '.',
      ':',
      '/',
      '@',
      'x@y',
      '\n',
      '',
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
        const img = parts.join('');
        expect([img, rego(img)]).toEqual([img, imageRegistry(img)]);
      }),
      { numRuns: 2000 },
    );
  });
});
