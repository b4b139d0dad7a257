import { loadRuleSource } from '@kpc/testing';
import { describe, expect, it } from 'vitest';
import { call } from './nodes/call.ts';
import { coalesce } from './nodes/coalesce.ts';
import { compare } from './nodes/compare.ts';
import { concat } from './nodes/concat.ts';
import { cond } from './nodes/cond.ts';
import { get } from './nodes/get.ts';
import { let_ } from './nodes/let.ts';
import { list } from './nodes/list.ts';
import { literal } from './nodes/literal.ts';
import { and, or } from './nodes/logical.ts';
import { not } from './nodes/not.ts';
import { param } from './nodes/param.ts';
import { ref } from './nodes/ref.ts';
import { regexTest } from './nodes/regex-test.ts';
import { truthy } from './nodes/truthy.ts';
import { printRuleTs } from './print-ts.ts';
import { IR_VERSION, type RuleIR } from './rule-ir.ts';

const rule: RuleIR = {
  irVersion: IR_VERSION,
  id: 'printed',
  target: { kind: 'podSpec' },
  params: { prefix: { type: 'string', default: 'r/', description: "it's a prefix" } },
  each: call('allContainers', [ref('spec')]),
  check: let_(
    'image',
    coalesce(get(ref('element'), 'image'), literal('')),
    and([
      or([
        not(truthy('object', get(ref('element'), 'securityContext'))),
        regexTest('^a/b$', ref('image')),
      ]),
      compare(
        'ne',
        cond(truthy('string', get(ref('metadata'), 'name')), literal(1), literal(2)),
        literal(3),
      ),
    ]),
  ),
  message: concat([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: text that must be escaped when printed
    literal('`x` ${y} '),
    get(ref('element'), 'name'),
    literal(' '),
    param('prefix'),
  ]),
};

describe('printRuleTs', () => {
  it('prints defineRule source with the helpers imported and the roots destructured', () => {
    const src = printRuleTs(rule, { title: 'T' });
    expect(src).toContain("import { allContainers, defineRule } from '@kpc/core';");
    expect(src).toContain("title: 'T',");
    expect(src).toContain('each: ({ spec }) => allContainers(spec),');
    expect(src).toContain("const image = element.image ?? '';");
    expect(src).toContain('(!element.securityContext || /^a\\/b$/.test(image))');
    expect(src).toContain('(metadata.name ? 1 : 2) !== 3');
    expect(src).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the printed template literal
      'message: (element, { params }) => `\\`x\\` \\${y} ${element.name} ${params.prefix}`,',
    );
    expect(src).toContain("description: 'it\\'s a prefix'");
  });

  it('prints source that runs and computes what the IR says', async () => {
    const live = await loadRuleSource(printRuleTs(rule));
    const check = live.check as (e: unknown, ctx: unknown) => boolean;
    const message = live.message as (e: unknown, ctx: unknown) => string;
    const ctx = { metadata: {}, spec: {}, object: {}, params: { prefix: 'p' } };
    expect(check({ name: 'a' }, ctx)).toBe(true);
    expect(check({ name: 'a', securityContext: {}, image: 'x' }, ctx)).toBe(false);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: literal text of the message
    expect(message({ name: 'a' }, ctx)).toBe('`x` ${y} a p');
  });

  it('keeps explicit nesting of logical operators and prints resource targets by kind', () => {
    const src = printRuleTs({
      ...rule,
      target: { kind: 'resources', resources: [{ group: '', version: 'v1', kind: 'Service' }] },
      params: {},
      each: null,
      check: and([literal(true), and([literal(false), literal(true)])]),
      message: literal('m'),
    });
    expect(src).toContain("target: 'Service',");
    expect(src).toContain('check: (element) => true && (false && true),');
    expect(src).not.toContain('each:');
  });

  it('prints a several-kind target as a list, in IR order', () => {
    const src = printRuleTs({
      ...rule,
      target: {
        kind: 'resources',
        resources: [
          { group: '', version: 'v1', kind: 'Service' },
          { group: 'apps', version: 'v1', kind: 'Deployment' },
        ],
      },
    });
    expect(src).not.toContain('// kpc:');
    expect(src).toContain("target: ['Service', 'Deployment'],");
  });

  it('notes a target it cannot express exactly', () => {
    const src = printRuleTs({
      ...rule,
      target: {
        kind: 'resources',
        resources: [
          { group: '', version: 'v2', kind: 'Service' },
          { group: 'apps', version: 'v1', kind: 'Deployment' },
        ],
      },
    });
    expect(src).toContain('// kpc: the IR targets');
    expect(src).toContain("target: ['Service', 'Deployment'],");
  });

  it('prints an empty list literal and a list default', () => {
    const src = printRuleTs({ ...rule, each: coalesce(get(ref('spec'), 'volumes'), list([])) });
    expect(src).toContain('each: ({ spec }) => spec.volumes ?? [],');
  });
});
