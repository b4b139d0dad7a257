import { celEnvironment, SAMPLE_RULES } from '@kpc/testing';
import { describe, expect, it } from 'vitest';
import { formatCel } from './format.ts';
import { lowerRule } from './rule.ts';

/** The text with whitespace outside string literals removed. */
function squeeze(text: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      out += c;
      if (c === '\\') out += text[++i];
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      out += c;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

describe('formatCel', () => {
  const texts = SAMPLE_RULES.flatMap((s) => {
    const r = lowerRule(
      s.ir,
      Object.fromEntries(Object.entries(s.ir.params).map(([k, v]) => [k, v.default])),
      {
        spec: 'variables.podSpec',
        metadata: 'variables.metadata',
        object: 'object',
      },
    );
    if (!r.ok) throw new Error('sample refused');
    return r.rule.variables.map((v) => v.expression);
  });

  it('changes only whitespace outside string literals, and keeps lines near the width', () => {
    for (const t of texts) {
      const f = formatCel(t);
      expect(squeeze(f)).toBe(squeeze(t));
      expect(f.split('\n').every((l) => l.length <= 140 || !/\s/.test(l.trim()))).toBe(true);
    }
  });

  it('gives each width and indentation its own layout, whatever was laid out before', () => {
    // Layouts are remembered by width, indentation and text: asked in the opposite order,
    // every layout is the same, and a width or indentation never gets another's.
    const asks = texts.flatMap((t) =>
      [40, 80, 120].flatMap((width) => ['', '  ', '    '].map((indent) => ({ t, width, indent }))),
    );
    const forward = asks.map((a) => formatCel(a.t, a.width, a.indent));
    const backward = [...asks].reverse().map((a) => formatCel(a.t, a.width, a.indent));
    expect(backward.reverse()).toEqual(forward);
    const long = texts.find((t) => formatCel(t, 40) !== formatCel(t, 120))!;
    expect(long).toBeDefined();
    expect(formatCel(long, 40, '    ').split('\n').length).toBeGreaterThan(
      formatCel(long, 120).split('\n').length,
    );
  });

  it('keeps string literals with operators and brackets intact', () => {
    const t = `${'"a && b ? (c) : [d] + e" + '.repeat(6)}"x"`;
    expect(celEnvironment().evaluate(formatCel(t, 20))).toBe(celEnvironment().evaluate(t));
  });
});
