/**
 * SARIF 2.1.0 (OASIS), shaped for GitHub code scanning: one run, rule metadata with help
 * text and `security-severity`, results with a region and stable `partialFingerprints`,
 * input errors as tool execution notifications.
 * Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import { createHash } from 'node:crypto';
import type { Diagnostic, SourceLocation } from '@kpc/ir';
import type * as Sarif from 'sarif';
import type { Finding } from '../engine/lint.ts';
import type { ControlMapping, RuleSeverity } from '../rule/define-rule.ts';
import { defineReporter } from './define-reporter.ts';
import { JsonArraySpool, writeJsonWithArrays } from './json-stream.ts';
import {
  type LintReport,
  type ReportRule,
  SCHEMA_REPORT_RULE,
  SummaryCounter,
} from './lint-report.ts';
import { displayPath, displayPointer } from './paths.ts';
import type { ReporterOptions } from './reporter.ts';

const LEVEL: Record<RuleSeverity, Sarif.ReportingConfiguration.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

/** GitHub's numeric scale: critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low < 4.0. */
const SECURITY_SEVERITY: Record<RuleSeverity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};

function pascal(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function artifactUri(file: string, cwd: string): Sarif.ArtifactLocation {
  if (file === '<stdin>') return { uri: 'stdin' };
  const rel = displayPath(file, cwd);
  const uri = rel
    .split('/')
    .map((s, i) => (i === 0 && s === '' ? '' : encodeURIComponent(s)))
    .join('/');
  return rel.startsWith('/') ? { uri: `file://${uri}` } : { uri, uriBaseId: '%SRCROOT%' };
}

function region(l: SourceLocation): Sarif.Region {
  return {
    startLine: l.line,
    startColumn: l.column,
    ...(l.endLine !== undefined ? { endLine: l.endLine } : {}),
    ...(l.endColumn !== undefined ? { endColumn: l.endColumn } : {}),
  };
}

function controlText(c: ControlMapping): string {
  if (c.standard === 'pss') return `PSS ${c.level}: ${c.control}`;
  if (c.standard === 'cis') return `CIS ${c.id}`;
  if (c.standard === 'nsa-cisa') return `NSA/CISA: ${c.section}`;
  return `BSI ${c.id}`;
}

function descriptor(r: ReportRule): Sarif.ReportingDescriptor {
  const controls = r.controls.map(controlText);
  const text = [
    r.description,
    `Why: ${r.rationale}`,
    `How to fix: ${r.remediation}`,
    ...(controls.length ? [`Controls: ${controls.join('; ')}`] : []),
  ].join('\n\n');
  const markdown = [
    r.description,
    `**Why.** ${r.rationale}`,
    `**How to fix.** ${r.remediation}`,
    ...(controls.length ? [`**Controls.** ${controls.join('; ')}`] : []),
  ].join('\n\n');
  return {
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text, markdown },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      tags: ['security', 'kubernetes', r.category],
      precision: 'very-high',
      'security-severity': SECURITY_SEVERITY[r.severity],
    },
  };
}

function fingerprint(f: Finding, file: string): string {
  const r = f.resource;
  const key = [
    f.ruleId,
    file,
    r.apiVersion,
    r.kind,
    r.namespace ?? '',
    r.name ?? '',
    f.pointer,
  ].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

function notification(d: Diagnostic, cwd: string): Sarif.Notification {
  return {
    level: d.severity === 'info' ? 'note' : d.severity,
    message: { text: d.hint ? `${d.message} (${d.hint})` : d.message },
    descriptor: { id: d.code },
    ...(d.location
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactUri(d.location.file, cwd),
                region: region(d.location),
              },
            },
          ],
        }
      : {}),
  };
}

function result(
  f: Finding,
  cwd: string,
  ruleIndex: ReadonlyMap<string, number>,
  schemaIndex: number,
): Sarif.Result {
  const file = displayPath(f.location.file, cwd);
  const r = f.resource;
  const index =
    ruleIndex.get(f.ruleId) ?? (f.ruleId === SCHEMA_REPORT_RULE.id ? schemaIndex : undefined);
  return {
    ruleId: f.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVEL[f.severity],
    message: { text: f.hint ? `${f.message} (${f.hint})` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactUri(f.location.file, cwd),
          region: region(f.location),
        },
        logicalLocations: [
          {
            fullyQualifiedName: `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name ?? ''}${displayPointer(f.pointer, r.kind).inObject.replace(/^\/$/, '')}`,
            kind: 'object',
          },
        ],
      },
    ],
    partialFingerprints: { 'kpcFinding/v1': fingerprint(f, file) },
    // An excepted finding is a result suppressed outside the source (the exception lives in
    // the kpc config): SARIF 2.1.0 §3.35, status accepted, the reason as justification.
    ...(f.exception !== undefined
      ? {
          suppressions: [
            {
              kind: 'external' as const,
              status: 'accepted' as const,
              justification: f.exception.reason,
              properties: {
                exceptionId: f.exception.id,
                owner: f.exception.owner,
                expires: f.exception.expires,
              },
            },
          ],
        }
      : {}),
    properties: {
      severity: f.severity,
      pointer: f.pointer,
      resource: { ...r },
      ...(f.code ? { code: f.code } : {}),
      ...(f.expiredException ? { expiredException: f.expiredException.id } : {}),
    },
  };
}

// Depths of the streamed arrays in the log: runs[0].results, runs[0].invocations[0].toolExecutionNotifications.
const RESULTS_DEPTH = 3;
const NOTIFICATIONS_DEPTH = 5;

export const sarifReporter = defineReporter({
  name: 'sarif',
  description: 'SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.',
  extension: 'sarif',
  open(header, options, out) {
    const counter = new SummaryCounter(header.threshold);
    const ruleIndex = new Map(header.rules.map((r, i) => [r.id, i]));
    // The schema pseudo-rule is listed after the rules that ran when a finding needs it.
    const schemaListed = ruleIndex.has(SCHEMA_REPORT_RULE.id);
    let schemaNeeded = false;
    const results = new JsonArraySpool(RESULTS_DEPTH, options.spoolChars);
    const inputNotes = new JsonArraySpool(NOTIFICATIONS_DEPTH, options.spoolChars);
    const lintNotes = new JsonArraySpool(NOTIFICATIONS_DEPTH, options.spoolChars);
    return {
      part(part) {
        for (const f of part.findings) {
          counter.finding(f);
          if (f.ruleId === SCHEMA_REPORT_RULE.id) schemaNeeded = true;
          results.push(result(f, options.cwd, ruleIndex, header.rules.length));
        }
        for (const d of part.inputDiagnostics) {
          counter.diagnostic(d);
          inputNotes.push(notification(d, options.cwd));
        }
        for (const d of part.lintDiagnostics) {
          counter.diagnostic(d);
          lintNotes.push(notification(d, options.cwd));
        }
      },
      end(_stats, diagnostics = header.diagnostics ?? []) {
        const ownNotes = new JsonArraySpool(NOTIFICATIONS_DEPTH, options.spoolChars);
        for (const d of diagnostics) {
          counter.diagnostic(d);
          ownNotes.push(notification(d, options.cwd));
        }
        const s = counter.summary();
        const rules =
          schemaNeeded && !schemaListed ? [...header.rules, SCHEMA_REPORT_RULE] : header.rules;
        const notes = ownNotes.length + inputNotes.length + lintNotes.length;
        writeJsonWithArrays(
          out,
          (array) => ({
            $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
            version: '2.1.0',
            runs: [
              {
                tool: {
                  driver: {
                    name: header.tool.name,
                    version: header.tool.version,
                    semanticVersion: header.tool.version,
                    rules: rules.map(descriptor),
                  },
                },
                invocations: [
                  {
                    executionSuccessful: s.errors === 0,
                    ...(notes > 0 ? { toolExecutionNotifications: array('notifications') } : {}),
                  },
                ],
                columnKind: 'utf16CodeUnits',
                results: array('results'),
              },
            ],
          }),
          {
            results: { depth: RESULTS_DEPTH, parts: [results] },
            notifications: {
              depth: NOTIFICATIONS_DEPTH,
              parts: [ownNotes, inputNotes, lintNotes],
            },
          },
        );
      },
    };
  },
});

/** Builds the SARIF log object (exported for tests and library users). */
export function toSarif(report: LintReport, options: Pick<ReporterOptions, 'cwd'>): Sarif.Log {
  return JSON.parse(sarifReporter.render(report, { color: false, ...options })) as Sarif.Log;
}
