import { GOYAML_EXTRA_LINE_BREAK, GOYAML_FORBIDDEN_CHAR, resolveGoYamlPlain } from '@kpc/ir';
import {
  arbYamlString,
  GOYAML_PROBE_MISSING,
  goYamlProbeCommand,
  readLikeGoYaml,
  readWithGoYamlProbe,
  YAML_SPECIAL_STRINGS,
} from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  blockKeyYaml,
  blockValueYaml,
  FLOW_LINE_WIDTH,
  flowScalarYaml,
  generatedHeader,
  toYamlDocuments,
  withoutPlainShortcut,
  YamlEmitError,
} from './yaml.ts';

const arbString = arbYamlString();

/** Every string in a document, as a value, a key, inside a list and nested. */
function documentOf(s: string): Record<string, unknown> {
  return { value: s, list: [s, 'x'], nested: { [s]: s }, [s]: [s] };
}

function read12(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.2' }).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
}

describe('toYamlDocuments', () => {
  it('writes every string so that go-yaml and YAML 1.2 read back exactly that string', () => {
    fc.assert(
      fc.property(fc.array(arbString, { minLength: 1, maxLength: 3 }), (strings) => {
        const objects = strings.map(documentOf);
        const text = toYamlDocuments('# header\n', objects);
        expect(readLikeGoYaml(text)).toEqual(objects.map((value) => ({ value })));
        expect(read12(text)).toEqual(objects);
      }),
      { numRuns: 500 },
    );
  });

  it('writes the same bytes with and without the shortcut for strings written plain as they are', () => {
    // Strings near the shortcut's edges: letters that begin typed scalars (y, n, t, f, o),
    // digits, indicators, `: `, ` #`, trailing blanks and colons, quotes, controls.
    const near = fc.stringMatching(/^[a-zA-Z_/0-9 :#'",.\-?!&*|>%@`~=<+\t\u0085\u00a0é]{0,12}$/);
    fc.assert(
      fc.property(fc.oneof(near, arbString, fc.constantFrom(...YAML_SPECIAL_STRINGS)), (s) => {
        const doc = [documentOf(s)];
        let fast: string | undefined;
        let slow: string | undefined;
        try {
          fast = toYamlDocuments('', doc);
        } catch (e) {
          fast = String(e);
        }
        try {
          slow = withoutPlainShortcut(() => toYamlDocuments('', doc));
        } catch (e) {
          slow = String(e);
        }
        expect(fast).toBe(slow);
        for (const column of [0, 4]) {
          if (s.length <= 1024)
            expect(blockKeyYaml(s, column)).toBe(
              withoutPlainShortcut(() => blockKeyYaml(s, column)),
            );
        }
      }),
      { numRuns: 3000 },
    );
    // The shortcut is taken for ordinary text.
    expect(toYamlDocuments('', [{ m: 'container "app" uses image a/b:1 (x)' }])).toContain(
      'm: container "app" uses image a/b:1 (x)\n',
    );
  });

  it('keeps the blanks of a line that holds only blanks (no block scalar for it)', () => {
    // Found by the property above (seed 447604550): `|+` read "  \n" back as "\n".
    for (const s of ['  \n', 'a\n  \nb\n', '\t\n', ' \n x']) {
      const text = toYamlDocuments('', [documentOf(s)]);
      expect(readLikeGoYaml(text), JSON.stringify(s)).toEqual([{ value: documentOf(s) }]);
      expect(read12(text), JSON.stringify(s)).toEqual([documentOf(s)]);
    }
  });

  it('writes each special string with the same meaning for both readers', () => {
    for (const s of YAML_SPECIAL_STRINGS) {
      const text = toYamlDocuments('', [documentOf(s)]);
      expect(readLikeGoYaml(text), JSON.stringify(s)).toEqual([{ value: documentOf(s) }]);
      expect(read12(text), JSON.stringify(s)).toEqual([documentOf(s)]);
    }
  });

  it('quotes what go-yaml or YAML 1.1 would type, and leaves ordinary strings plain', () => {
    const words = [
      'yes',
      'Y',
      'off',
      '0b11',
      '0o17',
      '1_000',
      '1:30',
      '2001-12-14',
      '=',
      'e3',
      'kube-system',
    ];
    // Block style (the list is too long for one line) and flow style (one item per list).
    expect(toYamlDocuments('', [{ a: [...words, 'x'.repeat(FLOW_LINE_WIDTH)] }])).toBe(
      'a:\n  - "yes"\n  - "Y"\n  - "off"\n  - "0b11"\n  - "0o17"\n  - "1_000"\n  - "1:30"\n' +
        `  - "2001-12-14"\n  - "="\n  - "e3"\n  - kube-system\n  - ${'x'.repeat(FLOW_LINE_WIDTH)}\n`,
    );
    expect(toYamlDocuments('', [Object.fromEntries(words.map((w, i) => [`k${i}`, [w]]))])).toBe(
      'k0: ["yes"]\nk1: ["Y"]\nk2: ["off"]\nk3: ["0b11"]\nk4: ["0o17"]\nk5: ["1_000"]\n' +
        'k6: ["1:30"]\nk7: ["2001-12-14"]\nk8: ["="]\nk9: ["e3"]\nk10: [kube-system]\n',
    );
  });

  it('writes a short list of scalars in flow style, and everything else in block style', () => {
    const text = toYamlDocuments('', [
      {
        rules: [{ apiGroups: [''], operations: ['CREATE', 'UPDATE'], other: [1, true, null] }],
        // go-yaml types these or ends a flow scalar at them: quoted.
        typed: ['on', '1e3', '2027-03-31', '~', '0x1'],
        indicators: ['a,b', 'a:b', '#c', 'a?b', '-', '*', '[x]', '{y}'],
        nested: [['a', 'b'], { k: ['v'] }],
        lines: ['a\nb'],
        long: ['a'.repeat(70), 'b'.repeat(70), 'c'.repeat(70)],
        empty: [],
      },
    ]);
    expect(text).toBe(
      [
        'rules:',
        '  - apiGroups: [""]',
        '    operations: [CREATE, UPDATE]',
        '    other: [1, true, null]',
        'typed: ["on", "1e3", "2027-03-31", "~", "0x1"]',
        'indicators: ["a,b", "a:b", "#c", "a?b", "-", "*", "[x]", "{y}"]',
        'nested:',
        '  - [a, b]',
        '  - k: [v]',
        'lines:',
        '  - |-',
        '    a',
        '    b',
        'long:',
        `  - ${'a'.repeat(70)}`,
        `  - ${'b'.repeat(70)}`,
        `  - ${'c'.repeat(70)}`,
        'empty: []',
        '',
      ].join('\n'),
    );
    // A flow list's line stays within the width, indentation and key included.
    for (const line of text.split('\n'))
      if (line.includes('[')) expect(line.length).toBeLessThanOrEqual(FLOW_LINE_WIDTH);
  });

  it('writes block style only when flow lists are turned off', () => {
    expect(toYamlDocuments('', [{ a: ['x', 'yes'] }], { flowLists: false })).toBe(
      'a:\n  - x\n  - "yes"\n',
    );
  });

  it('writes strings in flow lists so that go-yaml and YAML 1.2 read back exactly that string', () => {
    let flow = 0;
    fc.assert(
      fc.property(arbString, arbString, (s, t) => {
        const object = { one: [s], two: [s, t], nested: [[t, s]], mixed: [s, 1, null, true] };
        const text = toYamlDocuments('', [object]);
        expect(readLikeGoYaml(text)).toEqual([{ value: object }]);
        expect(read12(text)).toEqual([object]);
        // The property is about flow position: a short string without line breaks is in one.
        if (flowScalarYaml(s).length < 40 && !/[\n\r]/.test(s)) {
          expect(text).toContain(`one: [${flowScalarYaml(s)}]`);
          flow++;
        }
      }),
      { numRuns: 500 },
    );
    expect(flow).toBeGreaterThan(250);
  });

  it('escapes line separators, BOM and control characters instead of writing them raw', () => {
    const text = toYamlDocuments('', [{ s: 'a\u2028b\u2029c\ufeffd\u0085e\u001bf\u007fg' }]);
    expect(text).toBe('s: "a\\u2028b\\u2029c\\ufeffd\\x85e\\x1bf\\x7fg"\n');
  });

  it('refuses lone surrogates and non-finite numbers, naming where the value is', () => {
    expect(() => toYamlDocuments('', [{ spec: { parameters: { prefix: 'a\ud800b' } } }])).toThrow(
      YamlEmitError,
    );
    expect(() => toYamlDocuments('', [{ spec: { parameters: { prefix: 'a\ud800b' } } }])).toThrow(
      /spec\.parameters\.prefix/,
    );
    expect(() => toYamlDocuments('', [{ items: [1, '\udc00'] }])).toThrow(/items\[1\]/);
    expect(() => toYamlDocuments('', [{ n: Number.POSITIVE_INFINITY }])).toThrow(/^cannot write n/);
    expect(() => toYamlDocuments('# a\u2028b\n', [{}])).toThrow(YamlEmitError);
  });

  it('writes a header naming the rule, its source and what it checks, one comment line each', () => {
    const header = generatedHeader('r', 'kpc compile', {
      source: 'rules/a.ts',
      checks: 'No x\nor\u2028y',
    });
    expect(header).toBe(
      '# Code generated by kpc from rule r in rules/a.ts. DO NOT EDIT.\n' +
        '# Checks: No x or y.\n# Regenerate: kpc compile\n',
    );
    // A title that ends with a period keeps one; an empty one writes no Checks line.
    expect(generatedHeader('r', 'k', { checks: 'Done.' })).toContain('# Checks: Done.\n');
    expect(generatedHeader('r', 'k', { checks: ' ' })).not.toContain('Checks');
    expect(toYamlDocuments(header, [{ a: 1 }])).toBe(`${header}a: 1\n`);
  });

  it('keeps paired surrogates (emoji) as they are', () => {
    expect(toYamlDocuments('', [{ s: 'a😀' }])).toBe('s: a😀\n');
  });
});

describe('blockKeyYaml and blockValueYaml', () => {
  /** `{ k0: { k1: … { key: value } } }`: the pair's key at column 2 × depth. */
  function nested(depth: number, key: string, value: unknown): Record<string, unknown> {
    let o: Record<string, unknown> = { [key]: value };
    for (let d = depth - 1; d >= 0; d--) o = { [`k${d}`]: o };
    return o;
  }
  function byPieces(depth: number, key: string, value: string): string {
    let out = '';
    for (let d = 0; d < depth; d++) out += `${' '.repeat(2 * d)}k${d}:\n`;
    return `${out}${' '.repeat(2 * depth)}${blockKeyYaml(key, 2 * depth)}: ${value}\n`;
  }

  it('write a pair at any depth with the bytes toYamlDocuments writes for it', () => {
    const scalar = fc.oneof(
      { weight: 4, arbitrary: arbString },
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.nat(4), arbString, scalar, (depth, key, value) => {
        const want = toYamlDocuments('', [nested(depth, key, value)], { flowLists: false });
        expect(byPieces(depth, key, blockValueYaml(value, 2 * depth))).toBe(want);
      }),
      { numRuns: 1500 },
    );
  });

  it('write a key longer than 1024 characters as an explicit key, as the yaml package does', () => {
    const key = 'k'.repeat(1100);
    const want = toYamlDocuments('', [nested(1, key, 'v')], { flowLists: false });
    expect(want).toContain('? k');
    expect(byPieces(1, key, blockValueYaml('v', 2))).toBe(want);
  });

  it('refuse what toYamlDocuments refuses, and odd columns', () => {
    expect(() => blockValueYaml('a\ud800', 0)).toThrow(YamlEmitError);
    expect(() => blockKeyYaml('\udc00', 0)).toThrow(YamlEmitError);
    expect(() => blockValueYaml(Number.NaN, 0)).toThrow(YamlEmitError);
    expect(() => blockValueYaml('a', 3)).toThrow(RangeError);
  });
});

describe('the go-yaml model', () => {
  it('reads plain scalars as go-yaml v2 does', () => {
    const cases: [string, unknown][] = [
      ['yes', true],
      ['Y', true],
      ['off', false],
      ['~', null],
      ['', null],
      ['0o17', 15],
      ['017', 15],
      ['0b11', 3],
      ['-0b1', -1],
      ['+0x1F', 31],
      ['0x_1F', 31],
      ['1_000', 1000],
      ['1_', 1],
      ['685.230_15e+03', 685230.15],
      ['08', 8],
      ['1e3', 1000],
      ['1:30', '1:30'],
      ['e3', 'e3'],
      ['1e400', '1e400'],
      ['2001-12-14', '2001-12-14'],
      ['.5', 0.5],
      ['.', '.'],
      ['0x', '0x'],
      ['0x1FFFFFFFFFFFFFFFF', '0x1FFFFFFFFFFFFFFFF'],
    ];
    for (const [s, v] of cases) expect(resolveGoYamlPlain(s), s).toEqual({ ok: true, value: v });
    expect(resolveGoYamlPlain('.inf').ok).toBe(false);
    expect(resolveGoYamlPlain('-.Inf').ok).toBe(false);
    expect(resolveGoYamlPlain('.NaN').ok).toBe(false);
  });

  it('refuses flow plain scalars go-yaml v2 splits at `?` or reads as an indicator', () => {
    expect(readLikeGoYaml('l: [a?b]\n')[0]).toHaveProperty('error');
    expect(readLikeGoYaml('l: [:a]\n')[0]).toHaveProperty('error');
    expect(readLikeGoYaml('l: {k: a?b}\n')[0]).toHaveProperty('error');
    expect(readLikeGoYaml('l: ["a?b", a:b, yes]\n')).toEqual([
      { value: { l: ['a?b', 'a:b', true] } },
    ]);
    // In block style the same plain scalars are one string.
    expect(readLikeGoYaml('l:\n  - a?b\n')).toEqual([{ value: { l: ['a?b'] } }]);
  });
});

const probe = goYamlProbeCommand();
if (!probe) console.log(GOYAML_PROBE_MISSING);

describe.skipIf(!probe)('against the real sigs.k8s.io/yaml decoder (goyaml-probe)', () => {
  const sample = [...YAML_SPECIAL_STRINGS, ...fc.sample(arbString, { numRuns: 1500, seed: 15 })];

  it('reads every emitted string back as written, in block and in flow position', () => {
    const texts = sample.map((s) => toYamlDocuments('', [{ ...documentOf(s), flow: [s, s] }]));
    const real = readWithGoYamlProbe(probe as string, texts);
    expect(real).toHaveLength(texts.length);
    sample.forEach((s, i) => {
      expect(real[i], JSON.stringify(s)).toEqual({ value: { ...documentOf(s), flow: [s, s] } });
    });
  });

  it('agrees with the model on plain scalars', () => {
    // Only strings that are a single plain scalar in YAML's syntax.
    const plain = sample.filter(
      (s) =>
        !GOYAML_FORBIDDEN_CHAR.test(s) &&
        !GOYAML_EXTRA_LINE_BREAK.test(s) &&
        s !== '' &&
        /^[^\s\-?:,[\]{}#&*!|>'"%@`]([^\s:#,]|:(?! )|(?<! )#)*$/u.test(s),
    );
    const texts = plain.map((s) => `v: ${s}\n`);
    const real = readWithGoYamlProbe(probe as string, texts);
    const model = texts.map((t) => readLikeGoYaml(t)[0]);
    plain.forEach((s, i) => {
      const r = real[i] as { value?: unknown; error?: string };
      const m = model[i] as { value?: unknown; error?: string };
      if (r.error !== undefined) expect(m.error, `${JSON.stringify(s)}: ${r.error}`).toBeDefined();
      else expect(m, JSON.stringify(s)).toEqual(r);
    });
  });
});
