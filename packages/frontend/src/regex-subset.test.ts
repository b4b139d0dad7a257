import { describe, expect, test } from 'vitest';
import { checkRegexSubset } from './regex-subset.ts';

describe('regex subset: accepted patterns are kept as written', () => {
  const ACCEPTED = [
    '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
    '^(?:docker\\.io|ghcr\\.io)/',
    '@sha256:[0-9a-f]{64}$',
    '^\\d+(\\.\\d+){0,2}$',
    '\\bfoo\\B',
    '^a.*b$',
    '^[^/]+/[\\w.-]+:[\\w][\\w.-]{0,127}$',
    'a+?b*?c??',
    '[\\]\\[\\-]',
    '\\t\\n\\r\\f\\v\\x41',
    'a|b|',
    'x{2,}y{1000}',
    'é[à-ü]',
  ];
  for (const p of ACCEPTED)
    test(p, () => {
      expect(checkRegexSubset(p)).toEqual({ ok: true, pattern: p });
    });
});

describe('regex subset: rejected constructs with their offset', () => {
  const REJECTED: readonly [string, number][] = [
    ['(?=a)', 0], // lookahead
    ['a(?!b)', 1], // negative lookahead
    ['(?<=a)b', 0], // lookbehind
    ['(?<name>a)', 0], // named group
    ['(?i)a', 0], // inline flags
    ['(a)\\1', 3], // backreference
    ['\\k<n>', 0], // named backreference
    ['\\s+', 0], // Unicode vs ASCII spaces
    ['a\\S', 1],
    ['\\u00e9', 0], // no \u in RE2
    ['\\p{L}', 0], // Unicode property in RE2, identity escape in JS
    ['\\0', 0], // NUL / octal
    ['\\cJ', 0], // control escape
    ['\\a', 0], // bell in RE2, "a" in JS
    ['\\z', 0], // end of text in RE2, "z" in JS
    ['[[:alpha:]]', 1], // POSIX class in RE2
    ['[]a]', 1], // "]" first
    ['[^]', 2], // JS: any char; RE2: error
    ['[\\s]', 1], // \s in a class
    ['[\\b]', 1], // backspace in JS classes
    ['[\\d-z]', 3], // range from a class escape
    ['a{,3}', 1], // not a repetition in JS
    ['a{1001}', 1], // over RE2's repeat limit
    ['a{3,2}', 1],
    ['{', 0],
    ['a}', 1],
    ['a]', 1],
    ['*a', 0], // nothing to repeat
    ['a**', 2],
    ['^*', 1],
    ['😀', 0], // astral: two code units in JS
    ['[a', 0], // unterminated class
    ['a\\', 1],
  ];
  for (const [p, offset] of REJECTED)
    test(p, () => {
      const r = checkRegexSubset(p);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.offset).toBe(offset);
        expect(r.hint).not.toBe('');
      }
    });
});

describe('every accepted pattern compiles in JavaScript', () => {
  test('sanity: accepted patterns are valid RegExp sources', () => {
    for (const p of ['^a.*b$', 'x{2,}y{1000}', '[\\]\\[\\-]'])
      expect(() => new RegExp(p)).not.toThrow();
  });
});
