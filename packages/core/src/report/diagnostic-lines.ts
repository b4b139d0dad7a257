/**
 * Diagnostics as terminal text, `file:line:col: error message [CODE]` and an indented hint:
 * the one formatter the text reporter and the CLI's stderr share. Text that comes from
 * manifests or configs is sanitised, so it can never drive the terminal.
 */
import type { Diagnostic } from '@kpc/ir';
import { createColors } from 'picocolors';
import { displayPath } from './paths.ts';

type Colors = ReturnType<typeof createColors>;

// biome-ignore lint/suspicious/noControlCharactersInRegex: manifest text must not drive the terminal (escape sequences)
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Replaces control characters, so that text from manifests cannot inject escape sequences. */
export function safe(s: string): string {
  return s.replace(CONTROL, '\uFFFD');
}

/** One diagnostic's lines (the hint on its own line), coloured with `c`. */
export function diagnosticLines(c: Colors, d: Diagnostic, cwd: string): string[] {
  const where = d.location
    ? `${displayPath(d.location.file, cwd)}:${d.location.line}:${d.location.column}: `
    : '';
  const sev =
    d.severity === 'error'
      ? c.red('error')
      : d.severity === 'warning'
        ? c.yellow('warning')
        : c.blue('info');
  const out = [`${safe(where)}${sev} ${safe(d.message)} ${c.dim(`[${d.code}]`)}`];
  if (d.hint) out.push(`  ${c.dim('hint:')} ${safe(d.hint)}`);
  return out;
}

/** Diagnostics as text, one per line with an indented hint; colours when `color`. */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  cwd: string,
  color: boolean,
): string {
  const c = createColors(color);
  const lines = diagnostics.flatMap((d) => diagnosticLines(c, d, cwd));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
