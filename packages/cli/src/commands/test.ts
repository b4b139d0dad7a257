/** `kpc test`: runs every selected rule's own pass/fail examples with the native engine. */
import {
  type AnyRule,
  evaluateRule,
  formatTarget,
  loadExampleCluster,
  objectSet,
  parseManifestText,
} from '@kpc/core';
import type { RuleExample } from '@kpc/ir';
import { createColors } from 'picocolors';
import { EXIT_FINDINGS, EXIT_OK } from '../errors.ts';
import { useColor } from '../io.ts';
import { loadProject } from '../project.ts';
import { type Command, list, parseCommandArgs } from './command.ts';

const OPTIONS = {
  rules: { type: 'string' },
  profile: { type: 'string' },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Checks one example; returns a problem description, or undefined when it behaves. */
export function checkExample(
  rule: AnyRule,
  example: RuleExample,
  expectFail: boolean,
): string | undefined {
  const loaded = parseManifestText(example.yaml, `${rule.id}/${example.name}`);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    return `example does not parse: ${errors.map((d) => d.message).join('; ')}`;
  if (loaded.documents.length === 0) return 'example has no document';
  const cluster = loadExampleCluster(example);
  const clusterErrors = cluster.diagnostics.filter((d) => d.severity === 'error');
  if (clusterErrors.length > 0)
    return `the example's cluster does not parse: ${clusterErrors.map((d) => d.message).join('; ')}`;
  // The example's object set: its cluster objects and its own documents.
  const objects = objectSet([...loaded.documents, ...cluster.documents].map((d) => d.object));
  const pointers: string[] = [];
  let applies = false;
  for (const doc of loaded.documents) {
    const result = evaluateRule(
      rule,
      doc.object,
      example.params ?? {},
      undefined,
      undefined,
      objects,
    );
    applies ||= result.applies;
    if (result.errors.length > 0)
      return `rule threw: ${result.errors
        // An undeclared read says how to fix the rule.
        .map((e) => (e.code === 'RULE_UNDECLARED_READ' ? `${e.message}. ${e.hint}` : e.message))
        .join('; ')}`;
    pointers.push(...result.violations.map((v) => doc.basePointer + v.pointer));
  }
  if (!applies)
    return `the rule does not apply to this example (target ${formatTarget(rule.target)})`;
  if (!expectFail)
    return pointers.length === 0
      ? undefined
      : `expected to pass, but failed at ${pointers.join(', ')}`;
  if (pointers.length === 0) return 'expected to fail, but passed';
  if (example.offending && JSON.stringify(example.offending) !== JSON.stringify(pointers))
    return `expected offending ${JSON.stringify(example.offending)}, got ${JSON.stringify(pointers)}`;
  return undefined;
}

export const testCommand: Command = {
  name: 'test',
  summary: "Run the selected rules' own pass/fail examples natively.",
  help: `Usage: kpc test [--rules a,b] [--profile NAME] [options]

Runs every example of every selected rule (catalog rules and your own) with the native
engine: a pass example must give no finding, a fail example at least one, at exactly the
listed \`offending\` pointers when the example lists them.

Options:
      --rules <a,b>     test exactly these rules
      --profile <name>  pss-baseline | pss-restricted | hardened
  -c, --config <file>   config file (default: kpc.config.ts, searched upwards)
      --no-config       ignore config files
  -h, --help            show this help

Exit codes: 0 all examples behave, 1 an example does not, 2 usage or config error.`,
  async run(argv, io) {
    const { values } = parseCommandArgs('test', argv, OPTIONS);
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return EXIT_OK;
    }
    const project = await loadProject(io, {
      ...(values.config !== undefined ? { config: values.config } : {}),
      ...(values['no-config'] ? { noConfig: true } : {}),
      ...(values.profile !== undefined ? { profile: values.profile } : {}),
      ...(values.rules !== undefined ? { rules: list(values.rules) ?? [] } : {}),
    });
    const c = createColors(useColor(io, 'stdout'));
    let passed = 0;
    let failed = 0;
    for (const { rule } of project.rules) {
      const problems: string[] = [];
      const cases: [RuleExample, boolean][] = [
        ...rule.examples.pass.map((e): [RuleExample, boolean] => [e, false]),
        ...rule.examples.fail.map((e): [RuleExample, boolean] => [e, true]),
      ];
      for (const [example, expectFail] of cases) {
        const problem = checkExample(rule, example, expectFail);
        if (problem === undefined) passed++;
        else {
          failed++;
          problems.push(`    ${expectFail ? 'fail' : 'pass'}/${example.name}: ${problem}`);
        }
      }
      const mark = problems.length ? c.red('✖') : c.green('✔');
      io.stdout.write(`${mark} ${rule.id} (${cases.length} examples)\n`);
      for (const p of problems) io.stdout.write(`${p}\n`);
    }
    io.stdout.write(`${passed} passed, ${failed} failed\n`);
    return failed > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};
