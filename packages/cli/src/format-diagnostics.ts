/** Diagnostics as text lines for stderr: `file:line:col: error CODE message` plus the hint. */

import { displayPath } from '@kpc/core';
import type { Diagnostic } from '@kpc/ir';
import { createColors } from 'picocolors';

/** Formats diagnostics, one per line with an indented hint. */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  cwd: string,
  color: boolean,
): string {
  const c = createColors(color);
  const lines: string[] = [];
  for (const d of diagnostics) {
    const where = d.location
      ? `${displayPath(d.location.file, cwd)}:${d.location.line}:${d.location.column}: `
      : '';
    const sev =
      d.severity === 'error'
        ? c.red('error')
        : d.severity === 'warning'
          ? c.yellow('warning')
          : c.blue('info');
    lines.push(`${where}${sev} ${d.message} ${c.dim(`[${d.code}]`)}`);
    if (d.hint) lines.push(`  ${c.dim('hint:')} ${d.hint}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
