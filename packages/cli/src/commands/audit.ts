/**
 * `kpc audit`: the rules' verdicts on what is already running. Reads cluster dumps
 * (`kubectl get … -A -o yaml|json`), writes PolicyReports (one per namespace) and a
 * ClusterPolicyReport, and with `--compare` shows where the cluster's engines disagree.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  compareWithCluster,
  type Diagnostic,
  type DumpObject,
  dumpObjectOf,
  foldOwnedResults,
  type LoadedDocument,
  type LoadResult,
  loadInputsByFile,
  type PolicyReportObject,
  readClusterVerdicts,
  recoverTruncatedDump,
  sortDump,
  toPolicyReports,
} from '@kpc/core';
import { collectReport, formatDrift, renderPolicyReports, STDIN_FILE } from '@kpc/core/internal';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.ts';
import { type CliIO, useColor } from '../io.ts';
import { loadProject, PSS_LATEST, PSS_RANGE } from '../project.ts';
import { type Command, list, parseCommandArgs } from './command.ts';
import { parseSeverity, runLint } from './lint.ts';
import { parseNow } from './time-options.ts';

const OPTIONS = {
  out: { type: 'string' },
  compare: { type: 'boolean' },
  'include-owned': { type: 'boolean' },
  now: { type: 'string' },
  rules: { type: 'string' },
  profile: { type: 'string' },
  'pss-version': { type: 'string' },
  'severity-threshold': { type: 'string' },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * The dump's objects file by file, with the reports and constraints set aside, and each
 * object's identity and controller noted in `objects` (see foldOwnedResults).
 */
async function* dumpObjects(
  inputs: readonly string[],
  io: CliIO,
  verdictSources: LoadedDocument[],
  objects: DumpObject[],
): AsyncGenerator<LoadResult> {
  for await (const first of loadInputsByFile(inputs, { stdin: io.readStdin })) {
    const loaded = recovered(first) ?? first;
    const sorted = sortDump(loaded);
    verdictSources.push(...sorted.verdictSources);
    for (const d of sorted.objects)
      objects.push(dumpObjectOf(d.kind, d.namespace, d.name, d.object));
    yield {
      documents: sorted.objects,
      diagnostics: [...loaded.diagnostics, ...sorted.diagnostics],
      unreadableInputs: loaded.unreadableInputs,
    };
  }
}

const CUT_SHORT = new Set(['LOAD_YAML_SYNTAX', 'LOAD_JSON_SYNTAX', 'LOAD_MISSING_KIND']);

/**
 * A file dump that failed to load as if cut short: its complete items (recoverTruncatedDump),
 * with the original error kept (so the run still exits 2). Stdin is not re-read.
 */
function recovered(loaded: LoadResult): LoadResult | undefined {
  if (loaded.documents.length > 0) return undefined;
  const error = loaded.diagnostics.find((d) => d.severity === 'error' && CUT_SHORT.has(d.code));
  const file = error?.location?.file;
  if (file === undefined || file === STDIN_FILE) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const r = recoverTruncatedDump(file, text);
  if (r === undefined) return undefined;
  return {
    documents: r.documents,
    diagnostics: [...loaded.diagnostics, ...r.diagnostics],
    unreadableInputs: loaded.unreadableInputs,
  };
}

/** File name of one report in `--out DIR`. */
export function reportFileName(r: PolicyReportObject): string {
  return r.kind === 'ClusterPolicyReport'
    ? 'clusterpolicyreport.yaml'
    : `policyreport-${r.metadata.namespace}.yaml`;
}

export const auditCommand: Command = {
  name: 'audit',
  summary:
    'Audit cluster dumps (kubectl get -A -o yaml): PolicyReports, --compare with the cluster.',
  help: `Usage: kpc audit [dumps...|-] [options]

Runs the selected rules (and exceptions) over cluster state: the output of
\`kubectl get <kinds> -A -o yaml\` (or -o json), as files, directories or stdin.
Every dump document must be a List. Writes wgpolicyk8s.io/v1alpha2 PolicyReports,
one per namespace, and a ClusterPolicyReport for cluster-scoped objects: one result
per (object, rule), pass, fail, or skip for excepted. A result on an object a
controller made (a Pod of a ReplicaSet, a ReplicaSet of a Deployment, a Job of a
CronJob) is reported once, at the topmost owner in the dumps with the same verdict
on the same rule (its result counts them in properties.ownedObjects); results that
differ from the owner's stay.

Options:
      --out <dir>                 write one file per report (policyreport-<ns>.yaml,
                                  clusterpolicyreport.yaml) instead of one stream on stdout
      --compare                   compare with the PolicyReports Kyverno wrote and the
                                  Gatekeeper constraints' status.violations in the same
                                  dump; print where the cluster disagrees (exit 1 if so)
      --include-owned             report controller-owned objects too, each on its own
      --now <date>                judge exceptions at, and stamp results with, this time
                                  (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)
      --rules <a,b,...>           run exactly these rules
      --profile <name>            pss-baseline | pss-restricted | hardened | cis-control-plane
      --pss-version <v>           Pod Security Standards version of the PSS rules,
                                  latest | ${PSS_RANGE} (default: config pss.version,
                                  else latest = ${PSS_LATEST})
      --severity-threshold <sev>  exit 1 when a failing result is at or above it
  -c, --config <file>             config file (default: kpc.config.ts, searched upwards)
      --no-config                 ignore config files
  -h, --help                      show this help

Exit codes: 0 no failing result at or above the threshold (and, with --compare, no
disagreement), 1 otherwise, 2 usage, config, exception or input error (the valid
dumps are still audited), 3 internal error.`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('audit', argv, OPTIONS);
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return EXIT_OK;
    }
    if (positionals.length === 0)
      throw new UsageError(
        'no cluster dumps to audit',
        'Give dump files or directories, or - for stdin: `kubectl get pods,deploy -A -o yaml | kpc audit -`.',
      );
    const project = await loadProject(io, {
      ...(values.config !== undefined ? { config: values.config } : {}),
      ...(values['no-config'] ? { noConfig: true } : {}),
      ...(values.profile !== undefined ? { profile: values.profile } : {}),
      ...(values['pss-version'] !== undefined ? { pssVersion: values['pss-version'] } : {}),
      ...(values.rules !== undefined ? { rules: list(values.rules) ?? [] } : {}),
    });
    const threshold =
      values['severity-threshold'] !== undefined
        ? parseSeverity(values['severity-threshold'], '--severity-threshold')
        : (project.config.severityThreshold ?? 'low');
    const now = parseNow(values.now);
    const verdictSources: LoadedDocument[] = [];
    const objects: DumpObject[] = [];
    // The reports are built whole: --compare and --out need them as objects.
    const collector = collectReport();
    const run = await runLint(io, project, positionals, threshold, {
      open: collector.open,
      sourceLines: false,
      now,
      load: dumpObjects(positionals, io, verdictSources, objects),
    });
    const report = collector.report();
    // Written and compared folded: Kyverno leaves controller-owned Pods and ReplicaSets out
    // of its reports too (docs/cli/audit.md), which would otherwise all be `not-evaluated`.
    const everyObject = toPolicyReports(report);
    const folded = values['include-owned']
      ? { reports: everyObject, folded: 0 }
      : foldOwnedResults(everyObject, objects);
    const reports = folded.reports;
    const diagnostics: Diagnostic[] = [...report.diagnostics];
    let drifts: ReturnType<typeof compareWithCluster> = [];
    if (values.compare) {
      const ruleIds = new Set(project.rules.map((r) => r.rule.id));
      const cluster = readClusterVerdicts(verdictSources, ruleIds);
      diagnostics.push(...cluster.diagnostics);
      if (cluster.engines.length === 0)
        diagnostics.push({
          code: 'AUDIT_COMPARE_INPUT',
          severity: 'warning',
          message:
            'nothing to compare with: the dumps hold no Kyverno PolicyReport and no audited Gatekeeper constraint for the selected rules',
          hint: 'Dump them too: `kubectl get policyreports,clusterpolicyreports -A -o yaml` and `kubectl get constraints -o yaml`.',
        });
      drifts = compareWithCluster(reports, cluster.engines);
    }
    if (values.out !== undefined) {
      const dir = resolve(io.cwd, values.out);
      try {
        mkdirSync(dir, { recursive: true });
        for (const r of reports)
          writeFileSync(join(dir, reportFileName(r)), renderPolicyReports([r]));
      } catch (error) {
        throw new UsageError(`cannot write ${values.out}: ${(error as Error).message}`);
      }
    } else if (!values.compare) io.stdout.write(renderPolicyReports(reports));
    if (values.compare) {
      io.stdout.write(
        drifts.length === 0
          ? 'no disagreement between kpc and the cluster\n'
          : `${drifts.map(formatDrift).join('\n')}\n${drifts.length} disagreement${drifts.length === 1 ? '' : 's'} between kpc and the cluster\n`,
      );
    }
    const shown = diagnostics.filter((d) => d.severity !== 'info');
    if (shown.length > 0) {
      const { formatDiagnostics } = await import('@kpc/core/internal');
      io.stderr.write(formatDiagnostics(shown, io.cwd, useColor(io, 'stderr')));
    }
    const counts = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
    for (const r of reports)
      for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += r.summary[k];
    io.stderr.write(
      `kpc audit: ${run.stats.documents} objects, ${reports.length} reports: ${counts.pass} pass, ${counts.fail} fail, ${counts.skip} skip (excepted)${folded.folded > 0 ? `; ${folded.folded} result${folded.folded === 1 ? '' : 's'} of controller-owned objects reported at their owner (--include-owned lists them)` : ''}${values.out !== undefined ? ` -> ${values.out}` : ''}\n`,
    );
    if (run.exitCode === EXIT_USAGE) return EXIT_USAGE;
    return run.exitCode === EXIT_FINDINGS || drifts.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};
