/**
 * kpc's one regex grammar (@kpc/ir parseRegex, docs/rule-language.md "Regular expressions"):
 * every pattern of the grammar means the same in JavaScript (the native engine and the IR
 * interpreter), in the CEL backend's printing (RE2, via re2js; and JavaScript's RegExp, which
 * the cel-js evaluator of the tests uses) and in the Rego backend's printing (RE2 over the
 * rewritten subject, as the Rego prelude does). And the grammar accepts nothing JavaScript
 * would reject.
 */
import { translateRegex as celRegex } from '@kpc/cel';
import { parseRegex } from '@kpc/ir';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import {
  regexSubject,
  translateRegex as regoRegex,
} from '../../packages/compile-gatekeeper/src/regex.ts';

const runs = process.env.KPC_DEEP === '1' ? 20_000 : 400;

const re2 = (pattern: string, s: string): boolean => RE2JS.compile(pattern).matcher(s).find();

/** Atoms of the grammar: literals, escapes, classes (with ranges and class escapes), dot. */
const atom = fc.oneof(
  fc.constantFrom('a', 'b', 'ab', 'é', ':', '/', '@', '-', ' ', '\u00a0', '\u2028'),
  fc.constantFrom('.', '\\d', '\\D', '\\w', '\\W', '\\.', '\\/', '\\-', '\\[', '\\]', '\\{'),
  fc.constantFrom('\\t', '\\n', '\\r', '\\f', '\\v', '\\x41', '\\x0a', '\\*', '\\\\', '\\$'),
  fc.constantFrom('[a-c]', '[^a]', '[\\d_-]', '[\\w.]', '[^\\n]', '[\\x41-\\x43]', '[é-ê]'),
  fc.constantFrom('[-a]', '[a-]', '[\\]x]', '[^\\D]', '[ -~]', '[\\t-\\r]'),
);
const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?');
const boundary = fc.constantFrom('', '', '\\b', '\\B');
const piece = fc
  .tuple(boundary, atom, quantifier)
  .map(([b, a, q]) => `${b}${q === '' ? a : `(?:${a})${q}`}`);
const pattern = fc
  .tuple(
    fc.boolean(),
    fc.array(
      fc.oneof(
        piece,
        fc
          .array(piece, { minLength: 1, maxLength: 3 })
          .chain((p) =>
            fc.constantFrom(`(${p.join('')}|x)`, `(?:${p.join('')})+`, `(${p.join('')})`),
          ),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    fc.boolean(),
  )
  .map(([start, body, end]) => `${start ? '^' : ''}${body.join('')}${end ? '$' : ''}`);

const unit = fc.constantFrom(
  ...['a', 'b', 'c', 'A', 'B', 'C', '0', '1', '_', '-', '.', '/', ':', '@', ' '],
  ...['\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2028', '\u2029', '\ufeff', 'é', 'ê'],
  ...['[', ']', '{', '}', '*', '\\', '$', 'x', '😀'],
);
const subject = fc.string({ unit, maxLength: 8 });
const bmp = (s: string): boolean => !/[\u{10000}-\u{10FFFF}]/u.test(s);

describe('the regex grammar', () => {
  it('every generated pattern parses, and every backend prints it with the same meaning', () => {
    fc.assert(
      fc.property(pattern, fc.array(subject, { minLength: 1, maxLength: 8 }), (p, subjects) => {
        expect(parseRegex(p).ok, p).toBe(true);
        const js = new RegExp(p);
        const cel = celRegex(p);
        const rego = regoRegex(p);
        expect(cel.ok, p).toBe(true);
        expect(rego.ok, p).toBe(true);
        if (!cel.ok || !rego.ok) return;
        const celAsJs = new RegExp(cel.pattern);
        for (const s of subjects) {
          const want = js.test(s);
          // CEL: documented divergence on characters above U+FFFF (code points vs units).
          if (bmp(s)) {
            expect([p, s, 'cel re2', re2(cel.pattern, s)]).toEqual([p, s, 'cel re2', want]);
            expect([p, s, 'cel js', celAsJs.test(s)]).toEqual([p, s, 'cel js', want]);
          }
          expect([p, s, 'rego re2', re2(rego.pattern, regexSubject(s))]).toEqual([
            p,
            s,
            'rego re2',
            want,
          ]);
        }
      }),
      { numRuns: runs },
    );
  });

  it('accepts nothing JavaScript rejects, and offending patterns get an offset and a hint', () => {
    const text = fc.string({
      unit: fc.constantFrom(
        'a',
        '\\',
        '[',
        ']',
        '(',
        ')',
        '?',
        ':',
        '*',
        '{',
        '}',
        '1',
        ',',
        '-',
        '^',
        'x',
        'd',
        's',
      ),
      maxLength: 8,
    });
    fc.assert(
      fc.property(text, (p) => {
        let jsOk = true;
        try {
          new RegExp(p);
        } catch {
          jsOk = false;
        }
        const r = parseRegex(p);
        if (r.ok) {
          expect([p, jsOk]).toEqual([p, true]);
          expect(celRegex(p).ok, p).toBe(true);
          expect(regoRegex(p).ok, p).toBe(true);
        } else {
          expect(r.offset, p).toBeGreaterThanOrEqual(0);
          expect(r.offset, p).toBeLessThanOrEqual(p.length);
          expect(r.hint.length, p).toBeGreaterThan(0);
          expect(celRegex(p).ok, p).toBe(false);
          expect(regoRegex(p).ok, p).toBe(false);
        }
      }),
      { numRuns: runs * 5 },
    );
  });
});
