import type { DiagnosticCode } from '@kpc/ir';
import { describe, expect, test } from 'vitest';
import { lowerRuleSource } from './lower-rule-files.ts';
import {
  format,
  once,
  positionOf,
  type RuleParts,
  rejectAll,
  rejectOne,
  ruleSource,
} from './test-support.ts';

interface Case {
  readonly name: string;
  readonly parts: RuleParts;
  readonly code: DiagnosticCode;
  /** Source text at which the diagnostic must start. */
  readonly at: string;
  readonly occurrence?: number;
}

const CASES: readonly Case[] = [
  // loops, mutation
  {
    name: 'for…of loop',
    parts: { check: '(c) => { for (const p of c.ports ?? []) { p.name; } return true; }' },
    code: 'FE_LOOP',
    at: 'for (',
  },
  {
    name: 'while loop',
    parts: { check: "(c) => { while (c.name === 'x') { break; } return true; }" },
    code: 'FE_LOOP',
    at: 'while',
  },
  {
    name: 'assignment statement',
    parts: { check: "(c) => { c.name = 'x'; return true; }" },
    code: 'FE_MUTATION',
    at: "c.name = 'x'",
  },
  {
    name: 'assignment expression',
    parts: { check: "(c) => (c.name = 'x') === 'x'" },
    code: 'FE_MUTATION',
    at: "c.name = 'x'",
  },
  {
    name: 'let declaration',
    parts: { check: "(c) => { let n = c.name; return n !== ''; }" },
    code: 'FE_MUTATION',
    at: 'let n',
  },
  {
    name: 'postfix ++',
    parts: { check: '(c) => { c.ports![0]!.containerPort++; return true; }' },
    code: 'FE_MUTATION',
    at: 'c.ports![0]!.containerPort++',
  },
  {
    name: 'push',
    parts: { check: '(c, { spec }) => { spec.containers.push(c); return true; }' },
    code: 'FE_MUTATION',
    at: 'spec.containers.push(c)',
  },
  {
    name: 'sort in an expression',
    parts: { check: '(_c, { spec }) => spec.containers.sort().length > 0' },
    code: 'FE_MUTATION',
    at: 'spec.containers.sort()',
  },
  {
    name: 'delete',
    parts: { check: '(c) => { delete c.image; return true; }' },
    code: 'FE_MUTATION',
    at: 'delete c.image',
  },
  {
    name: 'Object.assign',
    parts: { check: "(c) => Object.assign(c, { name: 'x' }).name === 'x'" },
    code: 'FE_MUTATION',
    at: 'Object.assign(',
  },
  // equality and types
  { name: '==', parts: { check: "(c) => c.name == 'x'" }, code: 'FE_LOOSE_EQUALITY', at: '==' },
  { name: '!=', parts: { check: "(c) => c.name != 'x'" }, code: 'FE_LOOSE_EQUALITY', at: '!=' },
  {
    name: 'null literal',
    parts: { check: '(c) => c.securityContext?.privileged !== null' },
    code: 'FE_NULL_LITERAL',
    at: 'null',
  },
  {
    name: '=== between objects',
    parts: { check: '(c) => c.securityContext !== c.securityContext' },
    code: 'FE_UNSUPPORTED_TYPE',
    at: 'c.securityContext !==',
  },
  {
    name: 'includes() on a list of objects',
    parts: { check: '(c, { spec }) => spec.containers.includes(c)' },
    code: 'FE_UNSUPPORTED_TYPE',
    at: 'spec.containers.includes(c)',
  },
  {
    name: '&& used as a value',
    parts: { check: "(c) => (c.image && c.name) === 'x'" },
    code: 'FE_UNSUPPORTED_TYPE',
    at: 'c.image && c.name',
  },
  {
    name: 'truthiness of int-or-string',
    parts: { target: "'Service'", check: '(svc) => !svc.spec?.ports?.[0]?.targetPort' },
    code: 'FE_UNSUPPORTED_TYPE',
    at: 'svc.spec?.ports?.[0]?.targetPort',
  },
  {
    name: 'possibly-undefined part of a template',
    parts: { check: '() => true', message: '(c) => `image ${c.image}`' },
    code: 'FE_UNSUPPORTED_TYPE',
    at: 'c.image}',
  },
  {
    name: 'computed map key that may name a prototype member',
    parts: { check: "(c, { metadata }) => metadata.labels?.[c.name] !== 'x'" },
    code: 'FE_UNSUPPORTED_TYPE',
    at: 'c.name]',
  },
  {
    name: 'literal map key that names a prototype member',
    parts: { check: "(_c, { metadata }) => metadata.labels?.['constructor'] !== 'x'" },
    code: 'FE_UNSUPPORTED_TYPE',
    at: "'constructor'",
  },
  {
    name: 'property named like a prototype member',
    parts: { check: "(_c, { metadata }) => metadata.labels?.__proto__ !== 'x'" },
    code: 'FE_UNSUPPORTED_TYPE',
    at: '__proto__ !==',
  },
  {
    name: 'non-null assertion of a possibly-absent value',
    parts: { check: "(c) => imageRegistry(c.image!) === 'docker.io'" },
    code: 'FE_UNSUPPORTED_TYPE',
    at: 'c.image!',
  },
  {
    name: 'narrowing type assertion',
    parts: { check: "(c) => (c.image as string) !== ''" },
    code: 'FE_UNSUPPORTED_TYPE',
    at: 'c.image as string',
  },
  {
    name: 'any-typed access',
    parts: { check: '(c) => JSON.parse(c.name).x === 1' },
    code: 'FE_ANY_TYPE',
    at: 'JSON.parse(c.name).x',
  },
  {
    name: 'arithmetic',
    parts: { check: '(c) => (c.ports?.length ?? 0) + 1 > 2' },
    code: 'FE_UNSUPPORTED_SYNTAX',
    at: '(c.ports?.length ?? 0) + 1',
  },
  // calls
  {
    name: 'unknown function',
    parts: {
      prelude: "function isOk(s: string): boolean { return s !== ''; }",
      check: '(c) => isOk(c.name)',
    },
    code: 'FE_UNSUPPORTED_CALL',
    at: 'isOk(c.name)',
  },
  {
    name: 'flag helper with a flag name that is not a literal',
    parts: {
      prelude: "import { flagValue } from '@kpc/core';",
      check: "(c) => flagValue(c, c.name) === '127.0.0.1'",
    },
    code: 'FE_UNSUPPORTED_CALL',
    at: 'c.name)',
  },
  {
    name: 'flag helper with a value in the flag name',
    parts: {
      prelude: "import { booleanFlag } from '@kpc/core';",
      check: "(c) => booleanFlag(c, '--profiling=false') === true",
    },
    code: 'FE_UNSUPPORTED_CALL',
    at: "'--profiling=false'",
  },
  {
    name: 'unknown method',
    parts: { check: "(c) => c.name.toLowerCase() === 'x'" },
    code: 'FE_UNSUPPORTED_CALL',
    at: 'c.name.toLowerCase()',
  },
  {
    name: 'optional call',
    parts: { check: "(c) => c.name.startsWith?.('x') === true" },
    code: 'FE_UNSUPPORTED_SYNTAX',
    at: "c.name.startsWith?.('x')",
  },
  {
    name: 'callback that is not inline',
    parts: {
      prelude: "const named = (c: { name: string }) => c.name !== '';",
      check: '(_c, { spec }) => spec.containers.some(named)',
    },
    code: 'FE_UNSUPPORTED_CALL',
    at: 'named)',
  },
  {
    name: 'callback with an index',
    parts: { check: '(_c, { spec }) => spec.containers.some((c, i) => i > 0)' },
    code: 'FE_UNSUPPORTED_SYNTAX',
    at: 'i) =>',
  },
  {
    name: 'module constant that is not a compile-time value',
    parts: { prelude: 'const NOW = Date.now();', check: '(c) => (c.ports?.length ?? 0) < NOW' },
    code: 'FE_UNSUPPORTED_CALL',
    at: 'Date.now()',
  },
  // captures
  {
    name: 'closure over let',
    parts: { prelude: 'let LIMIT = 3;', check: '(c) => (c.ports?.length ?? 0) < LIMIT' },
    code: 'FE_MUTABLE_CAPTURE',
    at: 'LIMIT',
    occurrence: 2,
  },
  {
    name: 'closure over var',
    parts: { prelude: "var NAME = 'x';", check: '(c) => c.name !== NAME' },
    code: 'FE_MUTABLE_CAPTURE',
    at: 'NAME',
    occurrence: 2,
  },
  // async, objects, this, classes, try
  {
    name: 'async callback',
    parts: { check: '(_c, { spec }) => spec.containers.some(async (c) => c.name === "x")' },
    code: 'FE_ASYNC',
    at: 'async (c)',
  },
  {
    name: 'object spread',
    parts: { check: "(c) => ({ ...c }).name !== ''" },
    code: 'FE_OBJECT_SPREAD',
    at: '...c',
  },
  {
    name: 'object literal',
    parts: { check: "(c) => ({ a: c.name }).a !== ''" },
    code: 'FE_UNSUPPORTED_SYNTAX',
    at: '{ a: c.name }',
  },
  {
    name: 'this',
    parts: { check: 'function (this: { id: string }, c) { return this.id !== c.name; }' },
    code: 'FE_UNSUPPORTED_SYNTAX',
    at: 'this.id',
  },
  {
    name: 'class declaration',
    parts: { check: '(c) => { class A {} return c.name !== String(A); }' },
    code: 'FE_UNSUPPORTED_SYNTAX',
    at: 'class A',
  },
  {
    name: 'try/catch',
    parts: { check: '(c) => { try { return c.name !== ""; } catch { return false; } }' },
    code: 'FE_UNSUPPORTED_SYNTAX',
    at: 'try {',
  },
  {
    name: 'if statement',
    parts: { check: "(c) => { if (c.name === 'x') return false; return true; }" },
    code: 'FE_UNSUPPORTED_SYNTAX',
    at: 'if (',
  },
  {
    name: 'typeof',
    parts: { check: "(c) => typeof c.image === 'string'" },
    code: 'FE_UNSUPPORTED_SYNTAX',
    at: 'typeof c.image',
  },
  // regexes
  {
    name: 'new RegExp',
    parts: { check: "(c) => new RegExp('^a').test(c.name)" },
    code: 'FE_NON_LITERAL_REGEX',
    at: "new RegExp('^a')",
  },
  {
    name: 'regex flags',
    parts: { check: '(c) => /^a/i.test(c.name)' },
    code: 'FE_UNSUPPORTED_REGEX',
    at: 'i.test',
  },
  {
    name: 'lookahead',
    parts: { check: '(c) => /^(?!kube-)/.test(c.name)' },
    code: 'FE_UNSUPPORTED_REGEX',
    at: '(?!kube-)/',
  },
  {
    name: 'backreference',
    parts: { check: '(c) => /(a)\\1/.test(c.name)' },
    code: 'FE_UNSUPPORTED_REGEX',
    at: '\\1/',
  },
  {
    name: '\\s class',
    parts: { check: '(c) => /\\s/.test(c.name)' },
    code: 'FE_UNSUPPORTED_REGEX',
    at: '\\s/',
  },
  // rule shape
  {
    name: 'unknown ctx field',
    parts: { check: "(c, { spec, oops }) => spec.hostPID !== true && c.name !== ''" },
    code: 'FE_TYPE_ERROR',
    at: 'oops',
  },
];

describe('constructs outside the rule language are located diagnostics', () => {
  const rejected = once(() => rejectAll(CASES.map((k) => k.parts)));
  for (const [i, k] of CASES.entries()) {
    test(`${k.name} → ${k.code}`, () => {
      const { diagnostics, source } = rejected()[i]!;
      expect(diagnostics.length, format(diagnostics)).toBeGreaterThan(0);
      const d = diagnostics[0]!;
      const pos = positionOf(source, k.at, k.occurrence);
      expect(
        { code: d.code, line: d.location?.line, column: d.location?.column },
        format(diagnostics),
      ).toEqual({
        code: k.code,
        line: pos.line,
        column: pos.column,
      });
      expect(d.location?.file).toBe('rule.ts');
      expect(d.ruleId).toBe(k.code === 'FE_TYPE_ERROR' ? undefined : 'test-rule');
      expect(d.hint ?? '').not.toBe('');
      expect(d.severity).toBe('error');
    });
  }
});

describe('rule shape', () => {
  test('a file without defineRule → FE_NO_RULE at 1:1', () => {
    const r = lowerRuleSource('export const x = 1;\n');
    expect(r.rules).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['FE_NO_RULE', 1, 1],
    ]);
  });

  test('defineRule with a non-literal argument → FE_RULE_SHAPE at the call', () => {
    const src = [
      "import { defineRule, type RuleDefinition } from '@kpc/core';",
      "declare const def: RuleDefinition<'PodSpec', unknown, Record<never, never>>;",
      'export default defineRule(def);',
      '',
    ].join('\n');
    const r = lowerRuleSource(src);
    expect(r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['FE_RULE_SHAPE', 3, 16],
    ]);
  });

  test('object spread inside the definition → FE_OBJECT_SPREAD', () => {
    const src = [
      "import { defineRule } from '@kpc/core';",
      "const meta = { title: 't', description: 'd', rationale: 'r', remediation: 'r', severity: 'low' as const, category: 'c', controls: [] };",
      "export default defineRule({ id: 'x', ...meta, target: 'PodSpec', check: () => true, message: () => 'm', examples: { pass: [], fail: [] } });",
      '',
    ].join('\n');
    const r = lowerRuleSource(src);
    expect(r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['FE_OBJECT_SPREAD', 3, 38],
    ]);
  });

  test('a name from an enclosing function → FE_UNRESOLVED_NAME', () => {
    const src = [
      "import { defineRule } from '@kpc/core';",
      'function make(prefix: string) {',
      "  return defineRule({ id: 'x', title: 't', description: 'd', rationale: 'r', remediation: 'r', severity: 'low', category: 'c', controls: [], target: 'PodSpec',",
      "    each: ({ spec }) => spec.containers, check: (c) => c.name.startsWith(prefix), message: () => 'm', examples: { pass: [], fail: [] } });",
      '}',
      "export default make('team-');",
      '',
    ].join('\n');
    const r = lowerRuleSource(src);
    const pos = positionOf(src, 'prefix)');
    expect(r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['FE_UNRESOLVED_NAME', pos.line, pos.column],
    ]);
  });

  test('a non-integer default for an integer parameter → FE_RULE_SHAPE at the default', () => {
    const { diagnostics, source } = rejectOne({
      params: "{ max: { type: 'integer', default: 1.5, description: 'Max.' } }",
      check: '(c, { params }) => (c.ports?.length ?? 0) <= params.max',
    });
    const pos = positionOf(source, '1.5');
    expect(diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['FE_RULE_SHAPE', pos.line, pos.column],
    ]);
  });

  test('an id that is not a compile-time constant → FE_RULE_SHAPE at the offending part', () => {
    const src = [
      "import { defineRule } from '@kpc/core';",
      "export default defineRule({ id: `x-${Date.now()}`, title: 't', description: 'd', rationale: 'r', remediation: 'r', severity: 'low', category: 'c', controls: [], target: 'PodSpec',",
      "  check: () => true, message: () => 'm', examples: { pass: [], fail: [] } });",
      '',
    ].join('\n');
    const r = lowerRuleSource(src);
    const pos = positionOf(src, 'Date.now()');
    expect(r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['FE_RULE_SHAPE', pos.line, pos.column],
    ]);
  });

  test('`in` and RegExp() are rejected', () => {
    const a = rejectOne({ check: "(c) => 'image' in c" });
    expect(a.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      [
        'FE_UNSUPPORTED_SYNTAX',
        positionOf(a.source, "'image' in c").line,
        positionOf(a.source, "'image' in c").column,
      ],
    ]);
    const b = rejectOne({ check: "(c) => RegExp('^a').test(c.name)" });
    expect(b.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      [
        'FE_NON_LITERAL_REGEX',
        positionOf(b.source, "RegExp('^a')").line,
        positionOf(b.source, "RegExp('^a')").column,
      ],
    ]);
  });

  test('a TypeScript error is reported and nothing is lowered', () => {
    const { diagnostics, source } = rejectOne({ check: '(c) => c.nmae !== undefined' });
    const pos = positionOf(source, 'nmae');
    expect(diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['FE_TYPE_ERROR', pos.line, pos.column],
    ]);
  });

  test('a local function named like a helper is not the helper', () => {
    const src = [
      "import { defineRule } from '@kpc/core';",
      'function imageTag(s: string): string { return s; }',
      "export default defineRule({ id: 'x', title: 't', description: 'd', rationale: 'r', remediation: 'r', severity: 'low', category: 'c', controls: [], target: 'PodSpec',",
      "  each: ({ spec }) => spec.containers, check: (c) => imageTag(c.image ?? '') !== 'latest', message: () => 'm', examples: { pass: [], fail: [] } });",
      '',
    ].join('\n');
    const r = lowerRuleSource(src);
    const pos = positionOf(src, "imageTag(c.image ?? '')");
    expect(r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['FE_UNSUPPORTED_CALL', pos.line, pos.column],
    ]);
  });

  test('errors in several functions of one rule are all reported, and the rule is left out', () => {
    const { diagnostics, source } = rejectOne({
      check: "(c) => c.name == 'x'",
      message: '(c) => `x ${c.image}`',
    });
    expect(diagnostics.map((d) => d.code)).toEqual(['FE_LOOSE_EQUALITY', 'FE_UNSUPPORTED_TYPE']);
    expect(diagnostics[1]!.location?.line).toBe(positionOf(source, 'c.image}').line);
  });
});

/** Rules a new user writes just outside the subset: the diagnostic says what to write instead. */
const HINT_CASES: readonly (Case & { readonly hint: string; readonly message?: string })[] = [
  {
    // Was reported as FE_NON_LITERAL_REGEX ("`new RegExp(…)` builds a pattern at run time").
    name: 'new Date().getFullYear()',
    parts: { check: '(c) => new Date().getFullYear() > 2000 && c.name !== ""' },
    code: 'FE_UNSUPPORTED_SYNTAX',
    at: 'new Date()',
    hint: 'rule parameter',
  },
  {
    // Was "expression statements have no effect … remove it".
    name: 'forEach collecting with push',
    parts: {
      check:
        '(_c, { spec }) => { const found: string[] = []; spec.containers.forEach((c) => found.push(c.name)); return found.length === 0; }',
    },
    code: 'FE_LOOP',
    at: 'spec.containers.forEach',
    hint: '.filter(',
  },
  {
    name: '!== null on an object',
    parts: { check: '(_c, { spec }) => spec.securityContext !== null' },
    code: 'FE_NULL_LITERAL',
    at: 'null',
    hint: 'write `!== undefined`',
  },
  {
    name: 'null === on the left',
    parts: { check: '(c) => null === c.securityContext' },
    code: 'FE_NULL_LITERAL',
    at: 'null',
    hint: 'write `=== undefined`',
  },
  {
    name: 'Array.isArray',
    parts: { check: '(_c, { spec }) => Array.isArray(spec.volumes)' },
    code: 'FE_UNSUPPORTED_CALL',
    at: 'Array.isArray(',
    message: 'Array.isArray is not part of the rule language',
    hint: '`!== undefined`',
  },
  {
    name: 'JSON.stringify',
    parts: { check: "(c) => JSON.stringify(c.args) !== '[]'" },
    code: 'FE_UNSUPPORTED_CALL',
    at: 'JSON.stringify(',
    message: 'JSON.stringify is not part of the rule language',
    hint: 'read the fields you need directly',
  },
  {
    name: 'Number(x)',
    parts: { check: "(c) => Number(c.resources?.limits?.cpu ?? '0') <= 2" },
    code: 'FE_UNSUPPORTED_CALL',
    at: 'Number(',
    hint: 'regex literal',
  },
  {
    name: 'Math.max',
    parts: { check: '(c) => Math.max(c.ports?.length ?? 0, 1) > 2' },
    code: 'FE_UNSUPPORTED_CALL',
    at: 'Math.max(',
    hint: 'no number parsing or arithmetic',
  },
  {
    name: 'toLowerCase',
    parts: { check: "(c) => c.name.toLowerCase() === 'x'" },
    code: 'FE_UNSUPPORTED_CALL',
    at: 'c.name.toLowerCase()',
    hint: '/[Ll][Aa][Tt][Ee][Ss][Tt]/',
  },
  {
    name: 'split',
    parts: { check: "(c) => (c.image ?? '').split('/')[0] === 'registry.corp'" },
    code: 'FE_UNSUPPORTED_CALL',
    at: "(c.image ?? '').split('/')",
    hint: 'imageRegistry',
  },
  {
    name: 'own helper function',
    parts: {
      prelude: "function isOk(s: string): boolean { return s !== ''; }",
      check: '(c) => isOk(c.name)',
    },
    code: 'FE_UNSUPPORTED_CALL',
    at: 'isOk(c.name)',
    hint: "inline `isOk`'s expression",
  },
  {
    name: 'possibly-undefined part of a template names the expression in the hint',
    parts: { check: '() => true', message: '(c) => `image ${c.image}`' },
    code: 'FE_UNSUPPORTED_TYPE',
    at: 'c.image}',
    hint: "`${c.image ?? ''}`",
  },
  {
    name: 'switch statement',
    parts: {
      check: "(c) => { switch (c.name) { case 'a': return true; default: return false; } }",
    },
    code: 'FE_UNSUPPORTED_SYNTAX',
    at: 'switch (',
    message: '`switch` statements are not allowed in rule functions',
    hint: "`['a', 'b'].includes(x)`",
  },
  {
    name: 'other statements are named in words, not AST kinds',
    parts: { check: '(c) => { debugger; return true; }' },
    code: 'FE_UNSUPPORTED_SYNTAX',
    at: 'debugger',
    message: '`debugger` (debugger statement) is not allowed in rule functions',
    hint: '`const` declarations and one `return`',
  },
  {
    name: 'void expression',
    parts: { check: '(c) => void c.name === undefined' },
    code: 'FE_UNSUPPORTED_SYNTAX',
    at: 'void c.name',
    message: '`void` (void expression) is not part of the rule language',
    hint: 'docs/rule-language.md',
  },
];

describe('rejections a new user can act on', () => {
  const rejected = once(() => rejectAll(HINT_CASES.map((k) => k.parts)));
  test.each(HINT_CASES.map((k, i) => ({ ...k, i })))('$name → $code with a hint', (k) => {
    const { diagnostics, source } = rejected()[k.i]!;
    const pos = positionOf(source, k.at, k.occurrence);
    expect(
      diagnostics.map((d) => [d.code, d.location?.line, d.location?.column]),
      format(diagnostics),
    ).toEqual([[k.code, pos.line, pos.column]]);
    expect(diagnostics[0]!.hint).toContain(k.hint);
    if (k.message !== undefined) expect(diagnostics[0]!.message).toBe(k.message);
  });
});

describe('a user rule, as a new user writes it', () => {
  test('needs no catalog-only metadata (controls, category)', () => {
    const source = ruleSource({ check: "(c) => c.name !== 'x'" })
      .replace("  category: 'Tests',\n", '')
      .replace('  controls: [],\n', '');
    const r = lowerRuleSource(source);
    expect(format(r.diagnostics)).toBe('');
    expect(r.rules.map((x) => x.ruleId)).toEqual(['test-rule']);
  });

  test('every lowering error of a function is reported, in source order', () => {
    const { diagnostics, source } = rejectOne({
      check:
        "(c) => { let n = 0; for (const p of c.ports ?? []) { p.name; } const a = c.name == 'x'; return a && c.image != 'y' && new Date().getDay() > 0; }",
    });
    expect(
      diagnostics.map((d) => [d.code, d.location?.column]),
      format(diagnostics),
    ).toEqual([
      ['FE_MUTATION', positionOf(source, 'let n').column],
      ['FE_LOOP', positionOf(source, 'for (').column],
      ['FE_LOOSE_EQUALITY', positionOf(source, "== 'x'").column],
      ['FE_LOOSE_EQUALITY', positionOf(source, "!= 'y'").column],
      ['FE_UNSUPPORTED_SYNTAX', positionOf(source, 'new Date()').column],
    ]);
  });

  test('three unsupported constructs in a rule are three located diagnostics in one run', () => {
    // A statement, an operand of && and a call in another function: each is found although
    // the others come before it.
    const { diagnostics, source } = rejectOne({
      check:
        "(c) => { if (c.name === 'a') { return false; } return c.image != 'b' && c.name !== 'c'; }",
      message: "(c) => 'container ' + c.name.toUpperCase()",
    });
    const at = (text: string) => {
      const p = positionOf(source, text);
      return [p.line, p.column];
    };
    expect(
      diagnostics.map((d) => [d.code, d.location?.line, d.location?.column]),
      format(diagnostics),
    ).toEqual([
      ['FE_UNSUPPORTED_SYNTAX', ...at('if (')],
      ['FE_LOOSE_EQUALITY', ...at("!= 'b'")],
      ['FE_UNSUPPORTED_CALL', ...at('c.name.toUpperCase()')],
    ]);
  });

  test('the TypeScript error that causes the others comes first', () => {
    // A required field of the wrong type breaks inference: TypeScript then also reports the
    // callbacks' parameters. The error at the rule object itself is the one to fix.
    const source = ruleSource({ check: '(c) => c.name !== undefined' }).replace(
      "  severity: 'low',",
      "  severity: 'severe',",
    );
    const r = lowerRuleSource(source);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0]?.code).toBe('FE_TYPE_ERROR');
    expect(r.diagnostics[0]?.message).toMatch(/^TypeScript error TS2322: .*severe/);
  });
});
