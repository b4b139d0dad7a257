/**
 * Random strings for YAML writers' property tests: the strings readers disagree on
 * ({@link YAML_SPECIAL_STRINGS}), strings of the characters that matter to a writer (YAML
 * indicators, quotes, blanks and line breaks, the characters YAML 1.1 and 1.2 read
 * differently, lone surrogates, non-BMP), those two joined, any graphemes, and forms of
 * numbers. Shared by @kpc/yaml's emitter tests and the PolicyReport writer's.
 */
import fc from 'fast-check';
import { YAML_SPECIAL_STRINGS } from './yaml-special-strings.ts';

/** Characters mixed into random strings: the ones readers disagree on, and plain ones. */
export const YAML_HOSTILE_CHARS: readonly string[] = [
  ...'aAyYnNoO019.+-_:#&*!|>%@`?[]{},\'"\\ \t\n\r=<~$()e',
  '\u0000',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffe',
  '\u202e',
  'ü',
  '😀',
];

/** Any of the strings described above; `loneSurrogates` adds U+D800 and U+DC00 alone. */
export function arbYamlString(options: { loneSurrogates?: boolean } = {}): fc.Arbitrary<string> {
  const chars = options.loneSurrogates
    ? [...YAML_HOSTILE_CHARS, '\ud800', '\udc00']
    : YAML_HOSTILE_CHARS;
  return fc.oneof(
    fc.constantFrom(...YAML_SPECIAL_STRINGS),
    fc.array(fc.constantFrom(...chars), { maxLength: 12 }).map((cs) => cs.join('')),
    fc
      .tuple(fc.constantFrom(...YAML_SPECIAL_STRINGS), fc.constantFrom(...chars, ''))
      .map(([a, b]) => a + b),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.stringMatching(/^[-+]?[0-9_]{0,4}(\.[0-9_]{0,3})?([eE][-+]?[0-9]{1,3})?$/),
    fc.stringMatching(/^[-+]?0[xXoObB][0-9a-fA-F_]{0,5}$/),
  );
}
