/**
 * Human text: findings grouped by file, each with a code frame, and a summary line.
 * Colours only when `options.color` (the CLI sets it on a TTY, honouring NO_COLOR).
 */

import type { Diagnostic } from '@kpc/ir';
import { createColors } from 'picocolors';
import type { Finding } from '../engine/lint.ts';
import type { RuleSeverity } from '../rule/define-rule.ts';
import { defineReporter } from './define-reporter.ts';
import { diagnosticLines, safe } from './diagnostic-lines.ts';
import { SummaryCounter } from './lint-report.ts';
import { displayPath, displayPointer } from './paths.ts';
import type { ReporterOptions, ReportSink } from './reporter.ts';
import { Spool } from './spool.ts';

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

/** Messages of one diagnostic code of the notes: how many of each, and the first one. */
type Notes = Map<string, Map<string, { count: number; first: Diagnostic }>>;

function addNote(notes: Notes, d: Diagnostic): void {
  let byMessage = notes.get(d.code);
  if (!byMessage) {
    byMessage = new Map();
    notes.set(d.code, byMessage);
  }
  const seen = byMessage.get(d.message);
  if (seen === undefined) byMessage.set(d.message, { count: 1, first: d });
  else seen.count++;
}

/** Notes of several runs of diagnostics, in their order (the first of a message wins). */
function mergeNotes(all: readonly Notes[]): Notes {
  const out: Notes = new Map();
  for (const notes of all)
    for (const [code, byMessage] of notes) {
      let into = out.get(code);
      if (!into) {
        into = new Map();
        out.set(code, into);
      }
      for (const [message, n] of byMessage) {
        const seen = into.get(message);
        if (seen === undefined) into.set(message, { ...n });
        else seen.count += n.count;
      }
    }
  return out;
}

/** Template files named after the first one ("N more template files: a, b, …"). */
const TEMPLATES_NAMED = 5;

/**
 * One run of problems (the run's own, the parts' input ones, the parts' lint ones), as
 * lines: unrendered templates are said once in the whole report, the first in full and
 * the others by name, so the lines are kept apart before and after this run's first one.
 */
class Problems {
  readonly before: Spool;
  readonly after: Spool;
  first: Diagnostic | undefined;
  /** Names of the first templates after `first`, and how many there are. */
  readonly others: string[] = [];
  otherCount = 0;

  constructor(
    private readonly c: Colors,
    private readonly cwd: string,
    spoolChars: number | undefined,
  ) {
    this.before = new Spool(spoolChars);
    this.after = new Spool(spoolChars);
  }

  get empty(): boolean {
    return this.first === undefined && this.before.empty && this.after.empty;
  }

  add(d: Diagnostic): void {
    if (d.code === 'LOAD_TEMPLATE') {
      if (this.first === undefined) this.first = d;
      else {
        if (this.others.length < TEMPLATES_NAMED)
          this.others.push(displayPath(d.location?.file ?? '', this.cwd));
        this.otherCount++;
      }
      return;
    }
    const into = this.first === undefined ? this.before : this.after;
    for (const l of diagnosticLines(this.c, d, this.cwd)) into.append(`  ${l}\n`);
  }
}

/** Writes runs of problems in order, the first template in full where it stands. */
function writeProblems(c: Colors, cwd: string, runs: readonly Problems[], out: ReportSink): void {
  const firstAt = runs.findIndex((r) => r.first !== undefined);
  runs.forEach((run, i) => {
    run.before.drainTo(out);
    if (i === firstAt) {
      const first = run.first!;
      for (const l of diagnosticLines(c, first, cwd)) out.write(`  ${l}\n`);
      // The other templates, in order: this run's, then each later run's first and others.
      const names = [...run.others];
      let count = run.otherCount;
      for (const later of runs.slice(i + 1)) {
        if (later.first === undefined) continue;
        count += 1 + later.otherCount;
        names.push(displayPath(later.first.location?.file ?? '', cwd), ...later.others);
      }
      if (count > 0) {
        const shown = names.slice(0, TEMPLATES_NAMED).join(', ');
        out.write(
          `    ${c.dim(safe(`${plural(count, 'more template file')}: ${shown}${count > TEMPLATES_NAMED ? ', …' : ''}`))}\n`,
        );
      }
    }
    run.after.drainTo(out);
  });
}

export const textReporter = defineReporter({
  name: 'text',
  description: 'Human-readable: findings grouped by file with code frames, and a summary line.',
  extension: 'txt',
  open(header, options, out) {
    const c = createColors(options.color);
    const counter = new SummaryCounter(header.threshold);
    const write = (line: string) => out.write(`${line}\n`);
    // Excepted findings and problems are listed after every file's findings, the parts'
    // input problems before their lint ones.
    const excepted = new Spool(options.spoolChars);
    const inputProblems = new Problems(c, options.cwd, options.spoolChars);
    const lintProblems = new Problems(c, options.cwd, options.spoolChars);
    const inputNotes: Notes = new Map();
    const lintNotes: Notes = new Map();
    const diagnostics = (ds: readonly Diagnostic[], problems: Problems, notes: Notes) => {
      for (const d of ds) {
        counter.diagnostic(d);
        if (d.severity === 'info') addNote(notes, d);
        else problems.add(d);
      }
    };
    /** The file whose findings were written last, and whether its last finding had a frame. */
    let open: { file: string; lastFramed: boolean } | undefined;
    return {
      part(part) {
        const sourceLine = part.sourceLine ?? options.sourceLine;
        const byFile = new Map<string, Finding[]>();
        for (const f of part.findings) {
          counter.finding(f);
          if (f.exception !== undefined) {
            // Excepted findings do not fail the run, but are never hidden: a reviewer sees
            // what each exception is covering right now.
            const e = f.exception;
            const loc = `${displayPath(f.location.file, options.cwd)}:${f.location.line}:${f.location.column}`;
            excepted.append(`  ${c.dim(safe(loc))} ${safe(f.message)}  ${c.dim(f.ruleId)}\n`);
            excepted.append(
              `    ${c.dim(safe(`${resourceName(f)}  ${where(f)}  exception ${e.id} (owner ${e.owner}, expires ${e.expires})`))}\n`,
            );
            continue;
          }
          const list = byFile.get(f.location.file) ?? [];
          list.push(f);
          byFile.set(f.location.file, list);
        }
        for (const [file, findings] of byFile) {
          // A file's findings may come in consecutive parts (chunks of a long stream): the
          // file's heading is written once, and the blank line that ends its group waits for
          // the next group, so the text is what one part would give.
          if (open?.file === file) {
            if (open.lastFramed) write('');
          } else {
            if (open) write('');
            write(c.underline(safe(displayPath(file, options.cwd))));
          }
          open = { file, lastFramed: false };
          findings.forEach((f, i) => {
            const pos = `${f.location.line}:${f.location.column}`;
            write(
              `  ${c.dim(pos.padEnd(7))} ${severityLabel(c, f.severity)} ${safe(f.message)}  ${c.dim(f.ruleId)}`,
            );
            write(
              `    ${c.dim(safe(`${resourceName(f)}  ${where(f)}${f.code ? `  [${f.code}]` : ''}`))}`,
            );
            if (f.hint) write(`    ${c.dim('hint:')} ${safe(f.hint)}`);
            // Several findings on one element share one code frame, after the last of them; a
            // blank line closes each group, so a frame is never read as the next finding's.
            const next = findings[i + 1];
            if (
              next?.location.line === f.location.line &&
              next.location.column === f.location.column
            )
              return;
            const frame = codeFrame(c, sourceLine, file, f.location.line, f.location.column);
            for (const l of frame) write(l);
            if (frame.length > 0 && next !== undefined) write('');
            if (next === undefined && open) open.lastFramed = frame.length > 0;
          });
        }
        diagnostics(part.inputDiagnostics, inputProblems, inputNotes);
        diagnostics(part.lintDiagnostics, lintProblems, lintNotes);
      },
      end(stats, own = header.diagnostics ?? []) {
        if (open) write('');
        const ownProblems = new Problems(c, options.cwd, options.spoolChars);
        const ownNotes: Notes = new Map();
        diagnostics(own, ownProblems, ownNotes);
        if (!excepted.empty) {
          write(c.bold('Excepted (not failing)'));
          excepted.drainTo(out);
          write('');
        }
        const problems = [ownProblems, inputProblems, lintProblems];
        if (problems.some((p) => !p.empty)) {
          write(c.bold('Input and rule problems'));
          writeProblems(c, options.cwd, problems, out);
          write('');
        }
        const notes = mergeNotes([ownNotes, inputNotes, lintNotes]);
        if (notes.size > 0) {
          // One note per code and message (a message names its kind: "Gateway (…) has no known
          // schema"), so that a count never stands under another kind's name; at most
          // MAX_NOTES_PER_CODE per code, the rest counted.
          for (const [code, byMessage] of [...notes].sort(([a], [b]) => (a < b ? -1 : 1))) {
            const unit = code.startsWith('LOAD_') ? 'input' : 'object';
            const groups = [...byMessage].sort(
              ([ma, a], [mb, b]) => b.count - a.count || (ma < mb ? -1 : 1),
            );
            for (const [message, { count, first }] of groups.slice(0, MAX_NOTES_PER_CODE)) {
              // One note names its file; several are counted.
              const subject =
                count === 1 && first.location
                  ? displayPath(first.location.file, options.cwd)
                  : plural(count, unit);
              write(c.dim(`note: ${safe(subject)}: ${safe(message)} [${code}]`));
            }
            const rest = groups.slice(MAX_NOTES_PER_CODE);
            if (rest.length > 0) {
              const n = rest.reduce((sum, [, g]) => sum + g.count, 0);
              write(
                c.dim(
                  `note: ${plural(n, unit)} more with ${plural(rest.length, 'other message')} [${code}]`,
                ),
              );
            }
          }
          write('');
        }
        const s = counter.summary();
        const parts = (['critical', 'high', 'medium', 'low'] as const)
          .filter((k) => s.bySeverity[k] > 0)
          .map((k) => `${s.bySeverity[k]} ${k}`);
        const counts = `${plural(s.findings, 'finding')}${parts.length ? ` (${parts.join(', ')})` : ''}${s.excepted > 0 ? `, ${s.excepted} excepted` : ''}`;
        const scope = `${plural(stats.documents, 'object')} in ${plural(stats.files, 'file')}, ${plural(header.rules.length, 'rule')}`;
        // Input errors (unreadable or malformed manifests) and rule errors (a rule that threw)
        // are different things to fix; name them apart.
        const ruleErrors = counter.ruleErrors;
        const inputErrors = s.errors - ruleErrors;
        const errs = [
          ...(inputErrors > 0 ? [plural(inputErrors, 'input error')] : []),
          ...(ruleErrors > 0 ? [plural(ruleErrors, 'rule error')] : []),
        ]
          .map((e) => `, ${e}`)
          .join('');
        const verdict = s.passed
          ? c.green(`passed (threshold: ${header.threshold})`)
          : c.red(
              `failed: ${s.failing > 0 ? `${s.failing} at or above ${header.threshold}` : inputErrors > 0 ? 'input errors' : 'rule errors'}`,
            );
        write(`${s.passed ? c.green('✔') : c.red('✖')} ${counts}${errs} — ${scope} — ${verdict}`);
      },
    };
  },
});
