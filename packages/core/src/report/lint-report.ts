/**
 * The input of every reporter: the findings and diagnostics of one `kpc lint` run, the
 * rules that ran, and counts. Reporters are pure functions of this value.
 */
import type { Diagnostic, RuleMetadata } from '@kpc/ir';
import { atOrAbove, type Finding, type FindingResource, SCHEMA_RULE_ID } from '../engine/lint.ts';
import type { RuleSeverity } from '../rule/define-rule.ts';

/** What reporters need to know about a rule (help text, severity, mappings): its metadata. */
export type ReportRule = RuleMetadata;

/** One linted object. */
export interface ReportObject {
  readonly file: string;
  readonly resource: FindingResource;
  readonly rules?: readonly string[];
  readonly uid?: string;
}

export interface LintReport {
  readonly tool: { readonly name: string; readonly version: string };
  /** Findings at or above this severity fail the run. */
  readonly threshold: RuleSeverity;
  /** The rules that ran, sorted by id. */
  readonly rules: readonly ReportRule[];
  readonly findings: readonly Finding[];
  /** Loader, schema-info and engine diagnostics. */
  readonly diagnostics: readonly Diagnostic[];
  /** Inputs read (files, or stdin) and objects linted. */
  readonly stats: { readonly files: number; readonly documents: number };
  /**
   * Every object linted (file and resource), for reporters that list passing objects;
   * `rules` are the ids of the rules that applied to it (PolicyReport writes a pass for
   * each without a finding), `uid` its metadata.uid when it has one (cluster dumps).
   */
  readonly objects?: readonly ReportObject[];
  /** The time of the run (ms since epoch), for reports that carry timestamps. */
  readonly now?: number;
}

export interface ReportSummary {
  /** Findings no active exception covers. */
  readonly findings: number;
  /** Of those, by severity. */
  readonly bySeverity: Readonly<Record<RuleSeverity, number>>;
  /** Findings an active exception covers: reported, never failing. */
  readonly excepted: number;
  /** Findings at or above the threshold. */
  readonly failing: number;
  readonly errors: number;
  readonly warnings: number;
  /** True when no finding is at or above the threshold and no diagnostic is an error. */
  readonly passed: boolean;
}

/**
 * Counts findings and diagnostics as they stream past, for the summary a report states and
 * the exit code: the same counts as {@link summarize} of the whole report.
 */
export class SummaryCounter {
  private readonly bySeverity: Record<RuleSeverity, number> = {
    low: 0,
    medium: 0,
    high: 0,
    critical: 0,
  };
  private findings = 0;
  private excepted = 0;
  private failing = 0;
  private errors = 0;
  private warnings = 0;
  /** Error diagnostics whose code is a rule's (`RULE_*`: a rule that threw). */
  ruleErrors = 0;

  constructor(private readonly threshold: RuleSeverity) {}

  finding(f: Finding): void {
    if (f.exception !== undefined) {
      this.excepted++;
      return;
    }
    this.findings++;
    this.bySeverity[f.severity]++;
    if (atOrAbove(f.severity, this.threshold)) this.failing++;
  }

  diagnostic(d: Diagnostic): void {
    if (d.severity === 'error') {
      this.errors++;
      if (d.code.startsWith('RULE_')) this.ruleErrors++;
    } else if (d.severity === 'warning') this.warnings++;
  }

  summary(): ReportSummary {
    return {
      findings: this.findings,
      bySeverity: { ...this.bySeverity },
      excepted: this.excepted,
      failing: this.failing,
      errors: this.errors,
      warnings: this.warnings,
      passed: this.failing === 0 && this.errors === 0,
    };
  }
}

/** Counts findings by severity and decides whether the run passed. */
export function summarize(report: LintReport): ReportSummary {
  const counter = new SummaryCounter(report.threshold);
  for (const f of report.findings) counter.finding(f);
  for (const d of report.diagnostics) counter.diagnostic(d);
  return counter.summary();
}

/** Metadata of the pseudo-rule that schema findings carry. */
export const SCHEMA_REPORT_RULE: ReportRule = Object.freeze({
  id: SCHEMA_RULE_ID,
  title: 'Manifests must match the Kubernetes schema',
  description:
    'Fields with a wrong type, missing required fields and unknown fields (a misspelled privileged: or runAsNonRoot:) are reported before any rule runs.',
  rationale:
    'A misspelled field is silently dropped by the API server, so a setting the author believes is in place is not: such a manifest must never pass quietly.',
  remediation:
    'Fix the field name or value so that it matches the Kubernetes API reference for the kind and version.',
  severity: 'high',
  category: 'Kubernetes schema',
  controls: [],
});
