/** Shared test inputs and helpers (imported by *.test.ts only). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CompileRuleInput, OutputFile } from '@kpc/compile';
import { placeFiles } from '@kpc/compile/internal';
import type { RuleExample, ValidatedRuleIR } from '@kpc/ir';
import { IR_VERSION, ir, type RuleIR } from '@kpc/ir';
import { type ProcessResult, runProcess } from '@kpc/testing';
import { GATEKEEPER_STAGES } from './compile-gatekeeper.ts';

/** A CompileRuleInput around `rule` with plain metadata. */
export function inputFor(
  rule: RuleIR,
  over: Partial<Omit<CompileRuleInput, 'ir'>> = {},
  examples: { pass: RuleExample[]; fail: RuleExample[] } = { pass: [], fail: [] },
): CompileRuleInput {
  return {
    // Unchecked on purpose: the backend validates a tree that did not come from validateRuleIR
    // (as from a JavaScript caller), and these tests feed it invalid ones.
    ir: rule as ValidatedRuleIR,
    meta: {
      id: rule.id,
      title: `Title of ${rule.id}`,
      description: 'Description: "quoted", back\\slash, ünïcode ✓.',
      rationale: 'r',
      remediation: 'm',
      severity: 'high',
      category: 'test',
      controls: [{ standard: 'pss', level: 'baseline', control: 'Privileged Containers' }],
    },
    action: 'enforce',
    params: {},
    excludedNamespaces: [],
    examples,
    ...over,
  };
}

/** pss-privileged as IR: every container must not set privileged: true. */
export const privilegedIR: RuleIR = {
  irVersion: IR_VERSION,
  id: 'test-privileged',
  target: { kind: 'podSpec' },
  params: {},
  each: ir.call('allContainers', [ir.ref('spec')]),
  check: ir.compare(
    'ne',
    ir.get(ir.get(ir.ref('element'), 'securityContext'), 'privileged'),
    ir.literal(true),
  ),
  message: ir.concat([
    ir.literal('container "'),
    ir.get(ir.ref('element'), 'name'),
    ir.literal('" is privileged (100%)'),
  ]),
};

/** A parameterised rule: images must come from allowed registries. */
export const registriesIR: RuleIR = {
  irVersion: IR_VERSION,
  id: 'test-allowed-registries',
  target: { kind: 'podSpec' },
  params: {
    registries: {
      type: 'string[]',
      description: 'Allowed registries',
      default: ['registry.example.com'],
    },
    maxContainers: { type: 'integer', description: 'Limit', default: 10 },
  },
  each: ir.call('allContainers', [ir.ref('spec')]),
  check: ir.listIncludes(
    ir.param('registries'),
    ir.call('imageRegistry', [ir.get(ir.ref('element'), 'image')]),
  ),
  message: ir.concat([
    ir.literal('container '),
    ir.get(ir.ref('element'), 'name'),
    ir.literal(' uses registry '),
    ir.call('imageRegistry', [ir.get(ir.ref('element'), 'image')]),
    ir.literal(' (max '),
    ir.param('maxContainers'),
    ir.literal(')'),
  ]),
};

/** A resource rule: Services must not be of type NodePort. */
export const serviceIR: RuleIR = {
  irVersion: IR_VERSION,
  id: 'test-no-nodeport',
  target: { kind: 'resources', resources: [{ group: '', version: 'v1', kind: 'Service' }] },
  params: {},
  each: null,
  check: ir.compare('ne', ir.get(ir.get(ir.ref('object'), 'spec'), 'type'), ir.literal('NodePort')),
  message: ir.concat([
    ir.literal('service '),
    ir.get(ir.ref('metadata'), 'name'),
    ir.literal(' is a NodePort'),
  ]),
};

/** Writes the backend's files under `root` in the output layout (gatekeeper/…, tests/gatekeeper/…). */
export function writeGatekeeperFiles(root: string, files: readonly OutputFile[]): void {
  for (const f of placeFiles('gatekeeper', files, GATEKEEPER_STAGES)) {
    const p = join(root, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
  }
}

/**
 * `gator test -o json` prints `null` (no newline) when nothing is violated and a JSON array
 * otherwise; an empty output is treated like `null`. Anything else is a broken run.
 */
export function parseGatorJson(stdout: string): unknown[] {
  const text = stdout.trim();
  if (text === '' || text === 'null') return [];
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed))
    throw new Error(`gator test printed neither null nor a list: ${text.slice(0, 200)}`);
  return parsed;
}

/** Runs `gator` with `args` without blocking the test worker (gator runs take up to minutes). */
export function runGator(args: readonly string[]): Promise<ProcessResult> {
  return runProcess('gator', args);
}

/**
 * `gator test <args> -o json`, parsed: the violations. gator exits 1 when a deny violation
 * is found; any other status than 0 or 1 is a broken run and throws with gator's stderr.
 */
export async function gatorTestJson(args: readonly string[]): Promise<unknown[]> {
  const r = await runGator(['test', ...args, '-o', 'json']);
  if (r.status !== 0 && r.status !== 1) throw new Error(`gator test failed: ${r.stderr}`);
  return parseGatorJson(r.stdout);
}
