import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineRule } from '../rule/define-rule.ts';
import { type RuleCatalog, resolveRules } from './resolve-rules.ts';
import { validateConfig } from './validate-config.ts';
import { namespaceNameProblem } from './validate-values.ts';

const messages = (value: unknown, source = '') =>
  validateConfig(value, 'kpc.config.ts', source).diagnostics.map((d) => d.message);

describe('excludedNamespaces', () => {
  it('names the element that is not a string', () => {
    expect(messages({ excludedNamespaces: ['ok', 1] })).toEqual([
      'excludedNamespaces[1]: must be a string, got number',
    ]);
    expect(messages({ excludedNamespaces: 'kube-system' })).toEqual([
      'excludedNamespaces must be an array of strings, got string',
    ]);
  });

  it('refuses what is not a namespace name, wildcards included, with a location', () => {
    const bad = [
      '',
      '*',
      'kube-*',
      'a?c',
      '.*',
      'q"ns',
      'ünï',
      'a\nb',
      'Kube-System',
      '-a',
      'a-',
      'a.b',
      'x'.repeat(64),
    ];
    for (const ns of bad) {
      const source = `export default {\n  excludedNamespaces: [${JSON.stringify(ns)}],\n};\n`;
      const ds = validateConfig({ excludedNamespaces: [ns] }, 'kpc.config.ts', source).diagnostics;
      expect(
        ds.map((d) => d.code),
        JSON.stringify(ns),
      ).toEqual(['CFG_INVALID']);
      expect(ds[0]?.message).toMatch(/^excludedNamespaces\[0\]: /);
      expect(ds[0]?.location?.line, JSON.stringify(ns)).toBe(2);
    }
  });

  it('accepts every RFC 1123 label', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/), (ns) => {
        expect(namespaceNameProblem(ns)).toBeUndefined();
        expect(messages({ excludedNamespaces: [ns] })).toEqual([]);
      }),
    );
  });
});

describe('lone surrogates in configured strings', () => {
  it('are refused with the path and the line of the key', () => {
    const source =
      "export default {\n  settings: {\n    r: { params: {\n      prefix: 'a\\ud800b',\n    } },\n  },\n};\n";
    const ds = validateConfig(
      { settings: { r: { params: { prefix: 'a\ud800b' } } } },
      'kpc.config.ts',
      source,
    ).diagnostics;
    expect(ds.map((d) => [d.code, d.message.split(':')[0], d.location?.line])).toEqual([
      ['CFG_INVALID', 'settings.r.params.prefix', 4],
    ]);
  });

  it('are refused in lists and keys too; paired surrogates are fine', () => {
    expect(messages({ excludedNamespaces: ['\udc00'] }).length).toBeGreaterThan(0);
    expect(messages({ settings: { r: { params: { list: ['x', '\udbff'] } } } })).toEqual([
      expect.stringMatching(/^settings\.r\.params\.list\[1\]: /),
    ]);
    expect(messages({ settings: { r: { params: { prefix: '😀' } } } })).toEqual([]);
  });
});

describe('parameter values', () => {
  const rule = defineRule({
    id: 'r',
    title: 't',
    description: 'd',
    rationale: 'r',
    remediation: 'm',
    severity: 'high',
    category: 'c',
    controls: [],
    target: 'Pod',
    params: {
      names: { type: 'string[]', default: [], description: 'names' },
      max: { type: 'integer', default: 1, description: 'max' },
      on: { type: 'boolean', default: true, description: 'on' },
      prefix: { type: 'string', default: '', description: 'prefix' },
    },
    check: () => true,
    message: () => 'm',
    examples: { pass: [], fail: [] },
  });
  const catalog: RuleCatalog = { rules: [rule], profiles: {} };
  const problems = (params: Record<string, unknown>) =>
    resolveRules({ settings: { r: { params } } } as never, catalog).diagnostics.map(
      (d) => d.message,
    );

  it('names the parameter, the element and the type it got', () => {
    expect(problems({ names: ['a', 1] })).toEqual([
      'settings["r"].params.names[1]: must be a string, got number (parameter type string[])',
    ]);
    expect(problems({ names: 'a' })).toEqual([
      'settings["r"].params.names: must be an array of strings, got string (parameter type string[])',
    ]);
    expect(problems({ max: 1.5 })).toEqual([
      'settings["r"].params.max: must be an integer, got 1.5 (parameter type integer)',
    ]);
    expect(problems({ max: 2 ** 60 })[0]).toMatch(/outside the exact integer range/);
    expect(problems({ on: 'yes' })).toEqual([
      'settings["r"].params.on: must be a boolean, got string (parameter type boolean)',
    ]);
    expect(problems({ prefix: null })).toEqual([
      'settings["r"].params.prefix: must be a string, got null (parameter type string)',
    ]);
    expect(problems({ names: ['yes', '0b11'], max: 3, on: false, prefix: 'x' })).toEqual([]);
  });
});
