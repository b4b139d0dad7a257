/**
 * Human text: findings grouped by file, each with a code frame, and a summary line.
 * Colours only when `options.color` (the CLI sets it on a TTY, honouring NO_COLOR).
 */

import type { Diagnostic } from '@kpc/ir';
import { createColors } from 'picocolors';
import type { Finding } from '../engine/lint.ts';
import type { RuleSeverity } from '../rule/define-rule.ts';
import { diagnosticLines, safe } from './diagnostic-lines.ts';
import { type LintReport, summarize } from './lint-report.ts';
import { displayPath, displayPointer } from './paths.ts';
import type { Reporter, ReporterOptions } from './reporter.ts';

type Colors = ReturnType<typeof createColors>;

/** Notes shown per diagnostic code; further messages are counted in one line. */
const MAX_NOTES_PER_CODE = 10;

function severityLabel(c: Colors, s: RuleSeverity): string {
  const text = s.padEnd(8);
  switch (s) {
    case 'critical':
      return c.bold(c.red(text));
    case 'high':
      return c.red(text);
    case 'medium':
      return c.yellow(text);
    case 'low':
      return c.blue(text);
  }
}

function resourceName(f: Finding): string {
  const r = f.resource;
  const name = r.name ?? '<unnamed>';
  return `${r.kind} ${r.namespace !== undefined ? `${r.namespace}/` : ''}${name}`;
}

/** The pointer inside the object; for a List item, also which item (`/items/N`). */
function where(f: Finding): string {
  const p = displayPointer(f.pointer, f.resource.kind);
  return p.item === undefined ? p.inObject : `${p.inObject}  (List item ${p.item})`;
}

/** Two lines of context above the line, the line, a caret under the column. */
function codeFrame(
  c: Colors,
  sourceLine: ReporterOptions['sourceLine'],
  file: string,
  line: number,
  column: number,
): string[] {
  if (!sourceLine) return [];
  const first = Math.max(1, line - 2);
  const width = String(line + 1).length;
  const out: string[] = [];
  for (let n = first; n <= line + 1; n++) {
    const text = sourceLine(file, n);
    if (text === undefined) continue;
    const clean = safe(text.replace(/\t/g, ' '));
    const gutter = `${n === line ? '>' : ' '} ${String(n).padStart(width)} | `;
    out.push(`    ${n === line ? c.red(gutter) : c.dim(gutter)}${clean}`);
    if (n === line)
      out.push(
        `    ${c.dim(`  ${' '.repeat(width)} | `)}${' '.repeat(Math.max(0, column - 1))}${c.red('^')}`,
      );
  }
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const textReporter: Reporter = {
  name: 'text',
  description: 'Human-readable: findings grouped by file with code frames, and a summary line.',
  extension: 'txt',
  render(report: LintReport, options: ReporterOptions): string {
    const c = createColors(options.color);
    const lines: string[] = [];
    const byFile = new Map<string, Finding[]>();
    const excepted = report.findings.filter((f) => f.exception !== undefined);
    for (const f of report.findings) {
      if (f.exception !== undefined) continue;
      const list = byFile.get(f.location.file) ?? [];
      list.push(f);
      byFile.set(f.location.file, list);
    }
    for (const [file, findings] of byFile) {
      lines.push(c.underline(safe(displayPath(file, options.cwd))));
      findings.forEach((f, i) => {
        const pos = `${f.location.line}:${f.location.column}`;
        lines.push(
          `  ${c.dim(pos.padEnd(7))} ${severityLabel(c, f.severity)} ${safe(f.message)}  ${c.dim(f.ruleId)}`,
        );
        lines.push(
          `    ${c.dim(safe(`${resourceName(f)}  ${where(f)}${f.code ? `  [${f.code}]` : ''}`))}`,
        );
        if (f.hint) lines.push(`    ${c.dim('hint:')} ${safe(f.hint)}`);
        // Several findings on one element share one code frame, after the last of them; a
        // blank line closes each group, so a frame is never read as the next finding's.
        const next = findings[i + 1];
        if (next?.location.line === f.location.line && next.location.column === f.location.column)
          return;
        const frame = codeFrame(c, options.sourceLine, file, f.location.line, f.location.column);
        lines.push(...frame);
        if (frame.length > 0 && next !== undefined) lines.push('');
      });
      lines.push('');
    }
    if (excepted.length > 0) {
      // Excepted findings do not fail the run, but are never hidden: a reviewer sees what
      // each exception is covering right now.
      lines.push(c.bold('Excepted (not failing)'));
      for (const f of excepted) {
        const e = f.exception!;
        const loc = `${displayPath(f.location.file, options.cwd)}:${f.location.line}:${f.location.column}`;
        lines.push(`  ${c.dim(safe(loc))} ${safe(f.message)}  ${c.dim(f.ruleId)}`);
        lines.push(
          `    ${c.dim(safe(`${resourceName(f)}  ${where(f)}  exception ${e.id} (owner ${e.owner}, expires ${e.expires})`))}`,
        );
      }
      lines.push('');
    }
    const problems = report.diagnostics.filter((d) => d.severity !== 'info');
    const infos = report.diagnostics.filter((d) => d.severity === 'info');
    if (problems.length > 0) {
      lines.push(c.bold('Input and rule problems'));
      // Unrendered templates (a whole chart's templates/) are said once: the first one in
      // full, the others by name.
      const templates = problems.filter((d) => d.code === 'LOAD_TEMPLATE');
      for (const d of problems) {
        if (d.code === 'LOAD_TEMPLATE' && d !== templates[0]) continue;
        lines.push(...diagnosticLines(c, d, options.cwd).map((l) => `  ${l}`));
        if (d === templates[0] && templates.length > 1) {
          const others = templates
            .slice(1)
            .map((t) => displayPath(t.location?.file ?? '', options.cwd));
          const shown = others.slice(0, 5).join(', ');
          lines.push(
            `    ${c.dim(safe(`${plural(others.length, 'more template file')}: ${shown}${others.length > 5 ? ', …' : ''}`))}`,
          );
        }
      }
      lines.push('');
    }
    if (infos.length > 0) {
      // One note per code and message (a message names its kind: "Gateway (…) has no known
      // schema"), so that a count never stands under another kind's name; at most
      // MAX_NOTES_PER_CODE per code, the rest counted.
      const byCode = new Map<string, Map<string, Diagnostic[]>>();
      for (const d of infos) {
        let byMessage = byCode.get(d.code);
        if (!byMessage) {
          byMessage = new Map();
          byCode.set(d.code, byMessage);
        }
        const list = byMessage.get(d.message) ?? [];
        list.push(d);
        byMessage.set(d.message, list);
      }
      for (const [code, byMessage] of [...byCode].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const unit = code.startsWith('LOAD_') ? 'input' : 'object';
        const groups = [...byMessage].sort(
          ([ma, a], [mb, b]) => b.length - a.length || (ma < mb ? -1 : 1),
        );
        for (const [message, list] of groups.slice(0, MAX_NOTES_PER_CODE)) {
          // One note names its file; several are counted.
          const first = list[0]!;
          const subject =
            list.length === 1 && first.location
              ? displayPath(first.location.file, options.cwd)
              : plural(list.length, unit);
          lines.push(c.dim(`note: ${safe(subject)}: ${safe(message)} [${code}]`));
        }
        const rest = groups.slice(MAX_NOTES_PER_CODE);
        if (rest.length > 0) {
          const n = rest.reduce((sum, [, list]) => sum + list.length, 0);
          lines.push(
            c.dim(
              `note: ${plural(n, unit)} more with ${plural(rest.length, 'other message')} [${code}]`,
            ),
          );
        }
      }
      lines.push('');
    }
    const s = summarize(report);
    const parts = (['critical', 'high', 'medium', 'low'] as const)
      .filter((k) => s.bySeverity[k] > 0)
      .map((k) => `${s.bySeverity[k]} ${k}`);
    const counts = `${plural(s.findings, 'finding')}${parts.length ? ` (${parts.join(', ')})` : ''}${s.excepted > 0 ? `, ${s.excepted} excepted` : ''}`;
    const scope = `${plural(report.stats.documents, 'object')} in ${plural(report.stats.files, 'file')}, ${plural(report.rules.length, 'rule')}`;
    // Input errors (unreadable or malformed manifests) and rule errors (a rule that threw)
    // are different things to fix; name them apart.
    const errorDiagnostics = report.diagnostics.filter((d) => d.severity === 'error');
    const ruleErrors = errorDiagnostics.filter((d) => d.code.startsWith('RULE_')).length;
    const inputErrors = errorDiagnostics.length - ruleErrors;
    const errs = [
      ...(inputErrors > 0 ? [plural(inputErrors, 'input error')] : []),
      ...(ruleErrors > 0 ? [plural(ruleErrors, 'rule error')] : []),
    ]
      .map((e) => `, ${e}`)
      .join('');
    const verdict = s.passed
      ? c.green(`passed (threshold: ${report.threshold})`)
      : c.red(
          `failed: ${s.failing > 0 ? `${s.failing} at or above ${report.threshold}` : inputErrors > 0 ? 'input errors' : 'rule errors'}`,
        );
    lines.push(`${s.passed ? c.green('✔') : c.red('✖')} ${counts}${errs} — ${scope} — ${verdict}`);
    return `${lines.join('\n')}\n`;
  },
};
