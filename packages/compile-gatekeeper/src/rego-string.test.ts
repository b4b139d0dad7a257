import { toYamlDocuments } from '@kpc/compile/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { escapeFormat, hasLoneSurrogate, regoString } from './rego-string.ts';

const runs = process.env.KPC_DEEP === '1' ? 30_000 : 300;

// Strings biased toward what breaks quoting: quotes, backslashes, control characters,
// line separators, non-ASCII and astral characters, YAML indicators and sprintf verbs.
const nasty = fc.constantFrom(
  '"',
  '\\',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u0007',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\ufeff',
  'é',
  '✓',
  '😀',
  '𝄞',
  '%',
  '%s',
  '#',
  ': ',
  '- ',
  '---',
  '`',
  "'",
  '{',
  '}',
);
const arbString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.array(fc.oneof(nasty, fc.string({ maxLength: 3 })), { maxLength: 12 }).map((a) => a.join('')),
  fc.string({ unit: 'binary', maxLength: 20 }).filter((s) => !hasLoneSurrogate(s)),
);

/** Reads one Rego double-quoted string literal back (Rego strings use JSON escapes). */
function decodeRegoString(literal: string): string {
  expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
  return JSON.parse(literal) as string;
}

describe('regoString', () => {
  it('round-trips through a JSON string decoder and is printable ASCII', () => {
    fc.assert(
      fc.property(arbString, (s) => {
        const lit = regoString(s);
        expect(decodeRegoString(lit)).toBe(s);
        expect(/^[\x20-\x7e]*$/.test(lit)).toBe(true);
        // No unescaped quote inside: the literal is one token.
        expect(/^"(?:[^"\\]|\\.)*"$/.test(lit)).toBe(true);
      }),
      { numRuns: runs },
    );
  });

  it('escapes the specials the way JSON does', () => {
    expect(regoString('a"b\\c\nd\te\u0001é😀')).toBe(
      '"a\\"b\\\\c\\nd\\te\\u0001\\u00e9\\ud83d\\ude00"',
    );
  });

  it('survives embedding in YAML (as a Rego module in a block scalar) unchanged', () => {
    fc.assert(
      fc.property(arbString, (s) => {
        const rego = `package p\n\nmsg := ${regoString(s)}\n`;
        const text = toYamlDocuments('# h\n', [{ spec: { rego, title: s } }]);
        const back = parse(text) as { spec: { rego: string; title: string } };
        expect(back.spec.rego).toBe(rego);
        expect(back.spec.title).toBe(s);
      }),
      { numRuns: runs },
    );
  });

  it('doubles % for sprintf format strings', () => {
    fc.assert(
      fc.property(arbString, (s) => {
        const f = escapeFormat(s);
        // Every % in the format is part of a %% pair, so sprintf prints the text verbatim.
        expect(f.replace(/%%/g, '')).not.toContain('%');
        expect(f.replace(/%%/g, '%')).toBe(s);
      }),
      { numRuns: runs },
    );
  });

  it('detects lone surrogates', () => {
    expect(hasLoneSurrogate('a\ud800')).toBe(true);
    expect(hasLoneSurrogate('\udc00b')).toBe(true);
    expect(hasLoneSurrogate('😀')).toBe(false);
  });
});
