/** `kpc explain <rule>`: a rule's metadata, parameters, examples and its Rule IR. */
import { KUSTOMIZATION } from '@kpc/compile/internal';
import {
  type AnyRule,
  formatTarget,
  type ParamValue,
  PSS_VERSION_PARAM,
  type ResolvedRule,
} from '@kpc/core';
import {
  displayPath,
  formatPssVersion,
  isPssVersionProblem,
  parsePssVersion,
} from '@kpc/core/internal';
import type { ControlMapping, Diagnostic, RuleIR } from '@kpc/ir';
import { declaredReads, isReferential } from '@kpc/ir';
import { buildPolicies, CompileFailed, lowerProjectRules } from '../compile/build-policies.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { loadProject, type Project, PSS_LATEST, PSS_RANGE } from '../project.ts';
import { type Command, parseCommandArgs } from './command.ts';
import { parseTargets } from './compile.ts';

const OPTIONS = {
  list: { type: 'boolean' },
  'no-ir': { type: 'boolean' },
  target: { type: 'string', short: 't' },
  format: { type: 'string', short: 'f' },
  'pss-version': { type: 'string' },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function control(c: ControlMapping): string {
  if (c.standard === 'pss') return `PSS ${c.level}: ${c.control}`;
  if (c.standard === 'cis')
    return `CIS ${c.id}${c.title ? ` ${c.title}` : ''}${c.benchmark ? ` (${c.benchmark})` : ''}`;
  if (c.standard === 'nsa-cisa') return `NSA/CISA: ${c.section}`;
  return `BSI ${c.id}${c.title ? ` ${c.title}` : ''}`;
}

function allRules(project: Project): AnyRule[] {
  const byId = new Map<string, AnyRule>();
  for (const r of project.catalog.rules) byId.set(r.id, r);
  for (const r of project.config.rules ?? []) if (typeof r !== 'string') byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** IR of one rule via the frontend; a reason string when unavailable. */
/** `file:line:col: CODE message (hint)` for one lowering diagnostic. */
function located(d: Diagnostic, cwd: string): string {
  const where = d.location
    ? `${displayPath(d.location.file, cwd)}:${d.location.line}:${d.location.column}: `
    : '';
  return `${where}${d.code} ${d.message}${d.hint ? ` (hint: ${d.hint})` : ''}`;
}

async function irOf(project: Project, rule: AnyRule, cwd: string): Promise<RuleIR | string> {
  const single: Project = {
    ...project,
    rules: [{ rule, action: 'enforce', severity: rule.severity, params: {} }],
  };
  try {
    return (await lowerProjectRules(single)).get(rule.id) ?? 'not lowered';
  } catch (error) {
    if (error instanceof CompileFailed)
      return `cannot be lowered: ${error.diagnostics.map((d) => located(d, cwd)).join('; ')}`;
    if (error instanceof UsageError) return error.message;
    throw error;
  }
}

export const explainCommand: Command = {
  name: 'explain',
  summary: "Show a rule's metadata, parameters, examples and Rule IR (--list: all rules).",
  help: `Usage: kpc explain <rule-id> [--no-ir] [--format text|json]
       kpc explain <rule-id> --target kyverno|gatekeeper|all
       kpc explain --list

Prints what a rule checks, why, how to fix it, its control mappings, parameters (with
the values the config sets), examples and, unless --no-ir, its Rule IR as lowered by the
TypeScript frontend (this loads the TypeScript compiler and takes a few seconds).

Options:
      --list            list every rule (catalog and config) with severity and title
      --no-ir           skip the IR
  -t, --target <t>      also print the generated policy files for this rule
                        (kyverno | gatekeeper | all), with the config applied
  -f, --format <name>   text (default) | json
      --pss-version <v> the Pod Security Standards version the PSS rules are shown
                        (and compiled) at: latest | ${PSS_RANGE} (default: config
                        pss.version, else latest = ${PSS_LATEST})
  -c, --config <file>   config file (default: kpc.config.ts, searched upwards)
      --no-config       ignore config files
  -h, --help            show this help`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('explain', argv, OPTIONS);
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return EXIT_OK;
    }
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json')
      throw new UsageError(`unknown format "${format}"`, 'Formats: text, json.');
    const project = await loadProject(io, {
      ...(values.config !== undefined ? { config: values.config } : {}),
      ...(values['no-config'] ? { noConfig: true } : {}),
      ...(values['pss-version'] !== undefined ? { pssVersion: values['pss-version'] } : {}),
    });
    const rules = allRules(project);
    if (values.list) {
      if (format === 'json')
        io.stdout.write(
          `${JSON.stringify(
            rules.map((r) => ({
              id: r.id,
              severity: r.severity,
              title: r.title,
              category: r.category,
            })),
            null,
            2,
          )}\n`,
        );
      else {
        const width = Math.max(...rules.map((r) => r.id.length));
        for (const r of rules)
          io.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.title}\n`);
      }
      return EXIT_OK;
    }
    const id = positionals[0];
    if (id === undefined || positionals.length > 1)
      throw new UsageError('explain takes one rule id', 'Run `kpc explain --list` for the ids.');
    const rule = rules.find((r) => r.id === id);
    if (!rule)
      throw new UsageError(`unknown rule "${id}"`, 'Run `kpc explain --list` for the ids.');
    const configured = project.rules.find((r) => r.rule.id === id);
    // The PSS version applies to a versioned rule whether or not the config selects it
    // (loadProject has already refused a bad one).
    const pssText = values['pss-version'] ?? project.config.pss?.version;
    const pssSource =
      values['pss-version'] !== undefined
        ? '--pss-version'
        : project.config.pss?.version !== undefined
          ? "the config's pss.version"
          : 'latest';
    const pss = pssText !== undefined ? parsePssVersion(pssText) : undefined;
    const pssMinor = pss !== undefined && !isPssVersionProblem(pss) ? pss.minor : undefined;
    const params: Record<string, ParamValue> = {};
    for (const [name, spec] of Object.entries(rule.params ?? {}))
      params[name] =
        configured?.params[name] ??
        (name === PSS_VERSION_PARAM && pssMinor !== undefined ? pssMinor : spec.default);
    const versioned = rule.params?.[PSS_VERSION_PARAM] !== undefined;
    const unselectedParams: Record<string, ParamValue> = {};
    if (versioned && pssMinor !== undefined) unselectedParams[PSS_VERSION_PARAM] = pssMinor;
    const unselected: ResolvedRule = {
      rule,
      action: 'enforce',
      severity: rule.severity,
      params: unselectedParams,
    };
    const ir = values['no-ir'] ? undefined : await irOf(project, rule, io.cwd);
    if (format === 'json') {
      io.stdout.write(
        `${JSON.stringify(
          {
            id: rule.id,
            title: rule.title,
            severity: configured?.severity ?? rule.severity,
            category: rule.category,
            description: rule.description,
            rationale: rule.rationale,
            remediation: rule.remediation,
            controls: rule.controls,
            target: rule.target,
            ...(isReferential(rule) ? { reads: declaredReads(rule) } : {}),
            params: Object.fromEntries(
              Object.entries(rule.params ?? {}).map(([n, s]) => [n, { ...s, value: params[n] }]),
            ),
            selected: configured !== undefined,
            ...(versioned
              ? { pssVersion: formatPssVersion(params[PSS_VERSION_PARAM] as number) }
              : {}),
            action: configured?.action ?? null,
            examples: {
              pass: rule.examples.pass.map((e) => e.name),
              fail: rule.examples.fail.map((e) => e.name),
            },
            ...(ir !== undefined ? (typeof ir === 'string' ? { irUnavailable: ir } : { ir }) : {}),
          },
          null,
          2,
        )}\n`,
      );
      return EXIT_OK;
    }
    const lines = [
      `${rule.id}: ${rule.title}`,
      `  severity: ${configured?.severity ?? rule.severity}   category: ${rule.category}   target: ${formatTarget(rule.target)}`,
      ...(isReferential(rule)
        ? [`  reads: ${declaredReads(rule).join(', ')} (judged against the whole object set)`]
        : []),
      `  ${configured ? `selected by the config, action ${configured.action}` : 'not selected by the current config'}`,
      ...(versioned
        ? [
            `  Pod Security Standards version: ${formatPssVersion(params[PSS_VERSION_PARAM] as number)} (${pssSource})`,
          ]
        : []),
      '',
      rule.description,
      '',
      `Why: ${rule.rationale}`,
      '',
      `How to fix: ${rule.remediation}`,
    ];
    if (rule.controls.length)
      lines.push('', 'Controls:', ...rule.controls.map((c) => `  - ${control(c)}`));
    const specs = Object.entries(rule.params ?? {});
    if (specs.length)
      lines.push(
        '',
        'Parameters:',
        ...specs.map(
          ([n, s]) => `  ${n} (${s.type}) = ${JSON.stringify(params[n])}   ${s.description}`,
        ),
      );
    lines.push(
      '',
      `Examples: pass ${rule.examples.pass.map((e) => e.name).join(', ') || '(none)'}; fail ${rule.examples.fail.map((e) => e.name).join(', ') || '(none)'}`,
    );
    if (rule.notes?.length) lines.push('', 'Notes:', ...rule.notes.map((n) => `  - ${n}`));
    if (ir !== undefined) {
      lines.push('', 'Rule IR:');
      lines.push(typeof ir === 'string' ? `  (${ir})` : JSON.stringify(ir, null, 2));
    }
    if (values.target !== undefined) {
      const targets = parseTargets(values.target, []);
      const single: Project = {
        ...project,
        rules: [configured ?? unselected],
      };
      try {
        const build = await buildPolicies(single, targets);
        // The rule's own files; a kustomization.yaml lists the whole tree, not this rule.
        for (const f of build.files)
          if (!f.path.endsWith(`/${KUSTOMIZATION}`))
            lines.push('', `--- ${f.path}`, f.content.trimEnd());
      } catch (error) {
        if (error instanceof CompileFailed)
          lines.push(
            '',
            `(no policy: ${error.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')})`,
          );
        else if (error instanceof UsageError) lines.push('', `(no policy: ${error.message})`);
        else throw error;
      }
    }
    io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT_OK;
  },
};
